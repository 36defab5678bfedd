"""Reaching a shared ledger: `LEDGER_DB` selects it as `--db` does; a URL that names no
database, a server that cannot be reached, a role that may not use the ledger are each one
`error: …` line saying which, with nothing created; and the PostgreSQL half of the suite runs
in CI rather than skip."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import (
    GINA_AS_CHAIR,
    WALK_THROUGH,
    Cli,
    assert_refused,
    clean_env,
    cli_for,
    pg_connect,
    pg_rows,
    schema_of,
    server_of,
    stored_positions,
)

ROOT = Path(__file__).resolve().parents[2]


def test_ledger_db_selects_the_shared_ledger_as_db_does(postgres_url: str, tmp_path: Path) -> None:
    """The same walk-through with no --db at all, the URL in LEDGER_DB only."""
    cwd = tmp_path / "officer"
    cwd.mkdir()
    env = clean_env(cwd / "home", LEDGER_VIEWS_DIR=str(tmp_path / "views"), LEDGER_DB=postgres_url)

    def ledger(*args: str) -> str:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ledger"), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done
        return done.stdout

    assert "ledger ready at postgresql://" in ledger("init")
    for step in WALK_THROUGH:
        ledger(*step)
    assert stored_positions(postgres_url) == list(range(1, len(WALK_THROUGH) + 1))
    held = ledger("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json")
    by_db = cli_for(postgres_url, tmp_path, "by-db")
    assert by_db.json("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json") == [
        GINA_AS_CHAIR
    ]
    assert by_db("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json").out == held
    # Nothing was written beside the officer: no file named after the URL, no default ledger.
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("postgresql://officer:s3cret@127.0.0.1:5432/", "postgresql://127.0.0.1:5432/"),
        ("postgresql://127.0.0.1", "postgresql://127.0.0.1"),
        ("mysql://127.0.0.1/partnership", "mysql://127.0.0.1/partnership"),
    ],
    ids=["no-database-with-a-password", "no-database", "not-postgresql"],
)
def test_a_url_that_names_no_shared_ledger_is_refused(url: str, named: str, tmp_path: Path) -> None:
    for argv in [("init",), ("head",), ("person", "add", "Abe Kebe")]:
        result = cli_for(url, tmp_path)(*argv, ok=False)
        assert_refused(result, "unsupported ledger location", named, "postgresql://USER@HOST")
        assert "s3cret" not in result.err
    assert list((tmp_path / "cli").iterdir()) == []


def test_a_server_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:9/test?schema=nowhere"  # port 9: discard, closed
    for argv in [("init",), ("head",), ("verify",), ("holders", "asp-chair")]:
        assert_refused(cli_for(url, tmp_path)(*argv, ok=False), "cannot connect", url, "refused")


def test_a_database_that_does_not_exist_is_named(postgres_server: str, tmp_path: Path) -> None:
    missing = f"test_missing_{uuid.uuid4().hex[:8]}"
    url = urlunsplit(urlsplit(postgres_server)._replace(path=f"/{missing}"))
    assert_refused(cli_for(url, tmp_path)("init", ok=False), "cannot connect", missing)
    assert pg_rows(postgres_server, "SELECT 1 FROM pg_database WHERE datname = %s", missing) == []


@pytest.fixture
def stranger(postgres_url: str, tmp_path: Path) -> Iterator[Cli]:
    """A role that may log in to the database, and nothing more; the ledger initialised."""
    cli_for(postgres_url, tmp_path, "owner")("init")
    role = f"ledger_stranger_{uuid.uuid4().hex[:10]}"
    with pg_connect(postgres_url) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        parts = urlsplit(postgres_url)
        url = urlunsplit(parts._replace(netloc=f"{role}@{parts.netloc.rsplit('@', 1)[-1]}"))
        yield cli_for(url, tmp_path, "stranger")
    finally:
        with pg_connect(postgres_url) as conn:
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def test_a_role_without_rights_is_told_so_not_to_init(stranger: Cli) -> None:
    """Not `no ledger … create it with init`: the ledger is there, the role may not use it."""
    role = urlsplit(stranger.url).username
    assert role
    for argv in [("head",), ("holders", "asp-chair"), ("person", "add", "Abe"), ("init",)]:
        assert_refused(stranger(*argv, ok=False), "permission denied", role, "officer", "auditor")


def test_a_role_without_rights_cannot_init_elsewhere_either(stranger: Cli) -> None:
    elsewhere = f"test_{uuid.uuid4().hex[:12]}"
    url = f"{server_of(stranger.url)}?schema={elsewhere}"
    refused = Cli(url, stranger.cwd, stranger.views)("init", ok=False)
    assert_refused(refused, "permission denied", "may not create a ledger", elsewhere)
    assert pg_rows(stranger.url, "SELECT 1 FROM pg_namespace WHERE nspname = %s", elsewhere) == []
    assert schema_of(stranger.url) != elsewhere


# --- the suite itself ----------------------------------------------------------------------------


def run_one_postgres_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """One PostgreSQL test of this suite, pointed at a server that is not there."""
    base = {
        k: v
        for k, v in clean_env(tmp_path / "home").items()
        if k not in {"CI", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER"}
    }
    base["LEDGER_TEST_POSTGRES"] = "postgresql://postgres@127.0.0.1:9/test"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-rs",
            f"{ROOT / 'tests' / 'shared' / 'test_same_on_both_backends.py'}::"
            "test_api_head_and_verify[postgres]",
        ],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_an_unreachable_server_fails_the_postgres_half(tmp_path: Path, ci: str) -> None:
    done = run_one_postgres_test(tmp_path, CI=ci)
    assert done.returncode != 0, done.stdout
    assert "1 error" in done.stdout and "skipped" not in done.stdout, done.stdout
    assert "CI must run the PostgreSQL half" in done.stdout, done.stdout


def test_outside_ci_an_unreachable_server_skips_the_postgres_half(tmp_path: Path) -> None:
    done = run_one_postgres_test(tmp_path)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout and "PostgreSQL is not reachable" in done.stdout
