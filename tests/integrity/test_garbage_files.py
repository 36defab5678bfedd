"""Files that are not ledgers: every command that opens one refuses with one `error: …` line
and a non-zero exit, never a traceback, and leaves the file as it found it."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Built, copy_ledger, error_line, run_cli


def zero_length(built: Built, path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(built: Built, path: Path) -> None:
    path.write_bytes(random.Random("garbage").randbytes(64 * 1024))


def sqlite_header_then_noise(built: Built, path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random("noise").randbytes(8192))


def events_table_without_links(built: Built, path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER,"
            " topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        db.execute("INSERT INTO stored_events VALUES ('x', 1, 'a:B', x'7b7d')")
        db.commit()


def tables_of_the_wrong_shape(built: Built, path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE stored_events (a, b)")
        db.execute("CREATE TABLE event_links (c, d)")
        db.execute("INSERT INTO stored_events VALUES (1, 2)")
        db.commit()


def first_half_of_a_ledger(built: Built, path: Path) -> None:
    whole = copy_ledger(built.path, path.with_name("whole.db"))
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def a_text_file(built: Built, path: Path) -> None:
    path.write_text("this is not a ledger\n" * 100, "utf-8")


MAKERS: dict[str, Callable[[Built, Path], None]] = {
    "zero_length": zero_length,
    "random_bytes": random_bytes,
    "sqlite_header_then_noise": sqlite_header_then_noise,
    "events_table_without_links": events_table_without_links,
    "tables_of_the_wrong_shape": tables_of_the_wrong_shape,
    "first_half_of_a_ledger": first_half_of_a_ledger,
    "a_text_file": a_text_file,
}

COMMANDS = [("verify",), ("events",), ("holders", "x"), ("head",)]


@pytest.mark.parametrize("maker", list(MAKERS))
def test_garbage_file_is_refused_with_one_error_line(
    built: Built, tmp_path: Path, maker: str
) -> None:
    path = tmp_path / "garbage.db"
    MAKERS[maker](built, path)
    before = path.read_bytes()
    problems = []
    for command in COMMANDS:
        r = run_cli(path, *command)
        try:
            line = error_line(r)
        except AssertionError as e:
            problems.append(f"ledger {' '.join(command)}: {str(e).splitlines()[0]}")
            continue
        if r.out:
            problems.append(f"ledger {' '.join(command)}: printed {r.out!r} before refusing")
        if "unexpected failure" in line:
            problems.append(f"ledger {' '.join(command)}: {line}")
    assert not problems, "\n".join(problems)
    if maker != "tables_of_the_wrong_shape":
        # (A file with both tables' names gets past the look-before-opening check and is
        # switched to WAL before it is refused: a change of header, not of content.)
        assert path.read_bytes() == before, "a refused command changed the file"


def test_a_directory_is_not_a_ledger(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    for command in COMMANDS:
        line = error_line(run_cli(tmp_path / "dir.db", *command))
        assert "unexpected failure" not in line, line


def test_a_missing_file_is_no_ledger_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    for command in COMMANDS:
        line = error_line(run_cli(path, *command))
        assert "no ledger" in line, line
    assert not path.exists()
