"""Shared helpers for the tests that try to break the integrity promises.

A ledger of about thirty events is built once through the `Ledger` API; each test copies the
file (after a WAL checkpoint, so the copy is complete), damages the copy with plain sqlite3, and
asks the installed `ledger` command (in a subprocess) or `ledger.cli.main` (in process) what it
makes of it.

The tests about what the store does through the command line run on both backends
(`backend`, from tests/conftest.py): `reference` is that same ledger on the backend under test
(on PostgreSQL, imported once into a schema of its own, so with the very same head), and
`copy_of` makes a fresh copy of it there.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location
from tests.conftest import POSTGRES, Places, is_postgres_url

if TYPE_CHECKING:
    from collections.abc import Iterator

LEDGER = Path(sys.executable).parent / "ledger"
ACTOR = "integrity-tester"
ZERO_HEAD = "0 " + "0" * 64
HEAD_LINE = re.compile(r"(\d+) ([0-9a-f]{64})")


class Result(NamedTuple):
    code: int
    out: str
    err: str


def clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LEDGER_DB", "LEDGER_READ_ONLY", "LEDGER_DEBUG", "LEDGER_ACTOR"}
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        LEDGER_ACTOR=ACTOR,
        COLUMNS="200",
    )
    return env


def run_cli(db: Path | str, *args: str, cwd: Path | None = None, timeout: float = 120) -> Result:
    """`ledger --db DB ARGS` as a subprocess of the installed console script (in `cwd`, else
    beside a ledger file, else in a folder of its own)."""
    if cwd is not None:
        where = Path(cwd)
    elif is_postgres_url(db):
        where = _scratch()
    else:
        where = Path(db).parent
    completed = subprocess.run(
        [str(LEDGER), "--db", str(db), *args],
        cwd=where,
        env=clean_env(where / "home"),
        capture_output=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=timeout,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def run_main(argv: list[str]) -> Result:
    """`ledger.cli.main(argv)` in process, with stdout and stderr captured.

    An exception escaping `main` is let through: the promise is that it never raises."""
    from ledger.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Result(code, out.getvalue(), err.getvalue())


_SCRATCH: list[Path] = []


def _scratch() -> Path:
    """A working folder (and private home) for commands run on a shared ledger."""
    if not _SCRATCH:
        import atexit
        import tempfile

        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="ledger-integrity-")))
        atexit.register(shutil.rmtree, _SCRATCH[0], ignore_errors=True)
    return _SCRATCH[0]


def error_line(result: Result, prefix: str = "error: ") -> str:
    """The refusal's one line: non-zero exit, no traceback, exactly one `error: …` line."""
    code, out, err = result
    assert code != 0, f"expected a refusal, got success: {result}"
    assert "Traceback" not in out + err, result
    lines = err.splitlines()
    assert len(lines) == 1, f"expected exactly one stderr line, got {len(lines)}: {err!r}"
    assert lines[0].startswith(prefix), f"expected {prefix!r}…, got {lines[0]!r}"
    return lines[0]


def head_of(db: Path | str) -> tuple[int, str]:
    r = run_cli(db, "head")
    assert r.code == 0, r
    m = HEAD_LINE.fullmatch(r.out.strip())
    assert m, r
    return int(m.group(1)), m.group(2)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so that copying the file copies every event."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def views_of(path: Path) -> list[Path]:
    """Every read-model file beside the event store at `path`."""
    location = Location.parse(str(path))
    return [location.view(name) for name in Ledger.READ_MODELS]  # type: ignore[attr-defined]


def copy_ledger(src: Path, dst: Path, *, with_view: bool = False) -> Path:
    """Copy the event store (and, if asked, its caught-up read models)."""
    checkpoint(src)
    shutil.copyfile(src, dst)
    if with_view:
        for view, copy in zip(views_of(src), views_of(dst), strict=True):
            checkpoint(view)
            shutil.copyfile(view, copy)
    return dst


def build_ledger(path: Path) -> tuple[int, str]:
    """About thirty events of every kind the ledger records today; returns the head."""
    led = Ledger(Location.parse(str(path)), actor="t", create=True)
    try:
        people = [f"p{i}" for i in range(8)]
        for i, h in enumerate(people):
            led.add_holder(f"Person {i} Ñame", HolderKind.PERSON, handle=h, country="TH")
        led.add_holder("Land Development Department", HolderKind.INSTITUTION, handle="ldd")
        led.add_body("Plenary", handle="plenary", max_members=20)
        led.add_body("Steering Committee", handle="sc", max_members=9, term_years=3)
        led.add_office("Chair", handle="chair", body="plenary", term_years=3)
        led.add_office("Vice-Chair", handle="vice-chair", body="plenary")
        led.add_office("Secretariat", handle="secretariat", seats=2)
        led.start_mandate("chair", "p0", date(2017, 1, 1), end=date(2020, 1, 1), basis="vote")
        led.start_mandate("chair", "p1", date(2020, 1, 1))
        led.end_mandate("chair", "p1", date(2023, 5, 2), reason="completed")
        led.start_mandate("chair", "p2", date(2023, 5, 2), basis="ASP-VIII")
        led.start_mandate("vice-chair", "p3", date(2020, 1, 1))
        led.start_mandate("vice-chair", "p4", date(2021, 1, 1), acting=True)
        led.start_mandate("secretariat", "ldd", date(2012, 12, 1))
        for i, h in enumerate(people[:6]):
            led.add_member("plenary", h, date(2019 + i % 3, 1, 1))
        led.add_member("sc", "p0", date(2020, 1, 1))
        led.add_member("sc", "p1", date(2020, 1, 1), end=date(2023, 1, 1))
        led.remove_member("plenary", "p5", date(2024, 1, 1), reason="left")
        led.end_mandate("vice-chair", "p3", date(2023, 5, 2))
        led.correct_mandate("chair", "p0", reason="typo", start=date(2017, 2, 1))
        led.start_mandate("vice-chair", "p5", date(2023, 5, 2))
        head = led.head()
    finally:
        led.close()
    checkpoint(path)
    return head


class Built(NamedTuple):
    path: Path
    position: int
    hash: str


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One reference ledger for the session; never change it, copy it."""
    path = tmp_path_factory.mktemp("reference") / "ref.db"
    position, link = build_ledger(path)
    for view in views_of(path):
        checkpoint(view)
    return Built(path, position, link)


class Reference(NamedTuple):
    """The reference ledger on the backend under test: where, and its head."""

    db: str
    position: int
    hash: str
    backend: str


@pytest.fixture(scope="session")
def reference(
    backend: str,
    built: Built,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[Reference]:
    """`built` on `backend`; never change it, copy it (`copy_of`)."""
    if backend == "sqlite":
        yield Reference(str(built.path), built.position, built.hash, backend)
        return
    # Also where a test names its backend itself (`only_on("postgres")`).
    request.getfixturevalue("postgres_server")
    request.getfixturevalue("_session_views")
    places = Places(backend, tmp_path_factory.mktemp("pg-reference"), POSTGRES)
    try:
        yield Reference(
            places.copy(str(built.path), "reference"), built.position, built.hash, backend
        )
    finally:
        places.close()


def copy_of(reference: Reference, places: Places, name: str, *, with_view: bool = False) -> str:
    """A copy of the reference ledger that a test may change: the file (and, if asked, its
    caught-up read models), or a new schema holding the same events (its read models are
    caught up by the copy)."""
    if places.postgres:
        return places.copy(reference.db, name)
    return str(copy_ledger(Path(reference.db), places.folder / f"{name}.db", with_view=with_view))


def stored_counts(db: str) -> tuple[int, int]:
    """How many events and links the store at `db` holds, read from the side."""
    if is_postgres_url(db):
        import psycopg

        schema = Location.parse(db).schema  # type: ignore[attr-defined]
        with psycopg.connect(db.split("?", 1)[0], autocommit=True) as conn:
            events = conn.execute(f'SELECT COUNT(*) FROM "{schema}".ledger_events').fetchone()
            links = conn.execute(f'SELECT COUNT(*) FROM "{schema}".event_links').fetchone()
        assert events is not None and links is not None
        return events[0], links[0]
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return (
            conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM event_links").fetchone()[0],
        )
