"""Helpers for the shared-mode tests: the same ledger on a SQLite file or in a PostgreSQL
schema, driven through the `Ledger` API in process or through the installed `ledger` command.

The `ledger_url`, `postgres_url` and `postgres_server` fixtures come from tests/conftest.py.
Every test here keeps its local read models under tmp_path/"views" (LEDGER_VIEWS_DIR), so a
command-line run and an in-process `Ledger` of one test share them, and no test touches the
read models of the person running the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location

LEDGER = Path(sys.executable).parent / "ledger"
ACTOR = "shared-tester"
HEAD_LINE = re.compile(r"(\d+) ([0-9a-f]{64})")
HEX64 = re.compile(r"[0-9a-f]{64}")

# The walk-through: Gina Nilo chairs the ASP from 2021 to 2024, then sits in its
# governance group.
WALK_THROUGH = [
    ("person", "add", "Gina Nilo", "--handle", "gina-nilo", "--country", "Philippines"),
    ("body", "add", "ASP governance group", "--handle", "asp-governance-group"),
    ("office", "add", "ASP Chair", "--handle", "asp-chair", "--body", "asp-governance-group"),
    ("mandate", "start", "asp-chair", "gina-nilo", "--from", "2021-05-04", "--basis", "ASP-VI"),
    ("mandate", "end", "asp-chair", "gina-nilo", "--on", "2024-05-04", "--reason", "completed"),
    ("member", "add", "asp-governance-group", "gina-nilo", "--from", "2024-05-04"),
]
WALK_THROUGH_EVENTS = len(WALK_THROUGH)

GINA_AS_CHAIR = {
    "holder": "gina-nilo",
    "name": "Gina Nilo",
    "start": "2021-05-04",
    "end": "2024-05-04",
    "acting": False,
}
GOVERNANCE_ON_ASP_VIII = {
    "as_of": "2023-05-02",
    "offices": [
        {
            "office": "asp-chair",
            "name": "ASP Chair",
            "body": "asp-governance-group",
            "holders": [GINA_AS_CHAIR],
        }
    ],
    "bodies": [
        {
            "body": "asp-governance-group",
            "name": "ASP governance group",
            "part_of": None,
            "members": [],
        }
    ],
}
GINA_IN_THE_GROUP = {
    "member": "gina-nilo",
    "name": "Gina Nilo",
    "start": "2024-05-04",
    "end": None,
    "ex_officio": False,
}


def walk_through(led: Ledger) -> None:
    """The walk-through of WALK_THROUGH, through the API."""
    led.add_holder("Gina Nilo", HolderKind.PERSON, handle="gina-nilo", country="Philippines")
    led.add_body("ASP governance group", handle="asp-governance-group")
    led.add_office("ASP Chair", handle="asp-chair", body="asp-governance-group")
    led.start_mandate("asp-chair", "gina-nilo", date(2021, 5, 4), basis="ASP-VI")
    led.end_mandate("asp-chair", "gina-nilo", date(2024, 5, 4), reason="completed")
    led.add_member("asp-governance-group", "gina-nilo", date(2024, 5, 4))


@pytest.fixture(autouse=True)
def _local_views(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The same folder `ledger_url` uses, also for tests that take `postgres_url` alone."""
    views = tmp_path / "views"
    monkeypatch.setenv("LEDGER_VIEWS_DIR", str(views))
    return views


@contextlib.contextmanager
def opened(url: str, **kw: Any) -> Any:
    """A `Ledger` on `url`, closed however the block ends."""
    kw.setdefault("actor", ACTOR)
    led = Ledger(Location.parse(url), **kw)
    try:
        yield led
    finally:
        led.close()


@pytest.fixture
def walked(ledger_url: str) -> str:
    """`ledger_url` holding the walk-through, recorded through the API."""
    with opened(ledger_url, create=True) as led:
        walk_through(led)
    return ledger_url


# --- the command line ------------------------------------------------------------------------


class Result(NamedTuple):
    code: int
    out: str
    err: str


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No LEDGER_DB, LEDGER_READ_ONLY or LEDGER_DEBUG of the caller; a private home."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LEDGER_DB", "LEDGER_READ_ONLY", "LEDGER_DEBUG", "LEDGER_ACTOR"}
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        LEDGER_ACTOR=ACTOR,
        COLUMNS="200",
    )
    env.update(extra)
    return env


@dataclass
class Cli:
    """`ledger --db URL …` in a subprocess, its read models in `views`."""

    url: str
    cwd: Path
    views: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cwd.mkdir(parents=True, exist_ok=True)
        if not self.env:
            self.env = clean_env(self.cwd / "home", LEDGER_VIEWS_DIR=str(self.views))

    def argv(self, *args: str) -> list[str]:
        return [str(LEDGER), "--db", self.url, *args]

    def __call__(self, *args: str, ok: bool | None = True, timeout: float = 120) -> Result:
        """`ok=True` expects exit 0, `ok=False` a refusal, `None` either."""
        done = subprocess.run(
            self.argv(*args),
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in result.out + result.err, result
        if ok is True:
            assert result.code == 0, f"ledger {' '.join(args)} failed: {result}"
        elif ok is False:
            assert result.code != 0, f"ledger {' '.join(args)} succeeded: {result}"
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args).out)

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self("events", "--format", "jsonl").out.splitlines()]

    def head(self) -> tuple[int, str]:
        line = self("head").out.strip()
        match = HEAD_LINE.fullmatch(line)
        assert match, line
        return int(match.group(1)), match.group(2)


def cli_for(url: str, tmp_path: Path, name: str = "cli") -> Cli:
    return Cli(url, tmp_path / name, tmp_path / "views")


@pytest.fixture
def cli(ledger_url: str, tmp_path: Path) -> Cli:
    return cli_for(ledger_url, tmp_path)


def assert_refused(result: Result, *words: str) -> None:
    """A refusal: non-zero, nothing on stdout, exactly one `error: …` line naming `words`."""
    code, out, err = result
    assert code != 0, result
    assert "Traceback" not in out + err, result
    assert out == "", result
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    assert lines[0].startswith("error: "), lines[0]
    for word in words:
        assert word.lower() in lines[0].lower(), f"{word!r} not named in {lines[0]!r}"


# --- PostgreSQL, from the side -----------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def schema_of(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("schema", ["public"])[0]


def server_of(url: str) -> str:
    """The URL of the database itself, without the `?schema=` of the ledger."""
    return url.split("?", 1)[0]


def pg_connect(url: str, **kw: Any) -> Any:
    """A plain psycopg connection (autocommit unless told) to the database of `url`."""
    import psycopg

    kw.setdefault("autocommit", True)
    return psycopg.connect(server_of(url), connect_timeout=5, **kw)


def pg_rows(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """`query`, with `{s}` the quoted schema of `url`, run as the superuser."""
    with pg_connect(url) as conn:
        rows: list[tuple[Any, ...]] = conn.execute(
            query.format(s=f'"{schema_of(url)}"'), params
        ).fetchall()
    return rows


def stored_positions(url: str) -> list[int]:
    """The positions of the events stored in the ledger at `url`, whatever the backend."""
    if is_postgres(url):
        rows = pg_rows(url, "SELECT notification_id FROM {s}.ledger_events ORDER BY 1")
        return [r[0] for r in rows]
    import sqlite3

    with contextlib.closing(sqlite3.connect(url)) as db:
        return [r[0] for r in db.execute("SELECT rowid FROM stored_events ORDER BY rowid")]
