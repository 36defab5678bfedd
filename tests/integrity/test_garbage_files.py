"""Files that are not ledgers: every command that opens one refuses with one `error: …` line
and a non-zero exit, never a traceback, and leaves the file as it found it.

The files are a SQLite matter; the PostgreSQL counterpart is a schema that is not a ledger
(empty, another application's, or tables of the ledger's names in another shape), refused the
same way and left as it was (`test_a_schema_that_is_not_a_ledger_is_refused_with_one_error_line`).
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.location import Location
from tests.conftest import Places, only_on

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


# --- the same on PostgreSQL: schemas that are not ledgers --------------------------------------

SCHEMAS: dict[str, list[str]] = {
    "empty": [],
    "another_application": [
        "CREATE TABLE {s}.minutes (body text)",
        "INSERT INTO {s}.minutes VALUES ('quorum')",
    ],
    "events_table_without_links": [
        "CREATE TABLE {s}.ledger_events (originator_id uuid, originator_version bigint,"
        " topic text, state bytea, notification_id bigserial)",
        "INSERT INTO {s}.ledger_events VALUES (gen_random_uuid(), 1, 'a:B', '{{}}')",
    ],
    "tables_of_the_wrong_shape": [
        "CREATE TABLE {s}.ledger_events (a int, b int)",
        "CREATE TABLE {s}.event_links (c int, d int)",
        "INSERT INTO {s}.ledger_events VALUES (1, 2)",
    ],
}


def schema_contents(conn: object, schema: str) -> list[tuple[object, ...]]:
    """Every table of `schema` with its columns and its rows, to compare before and after."""
    tables = conn.execute(  # type: ignore[attr-defined]
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1",
        (schema,),
    ).fetchall()
    seen: list[tuple[object, ...]] = []
    for (table,) in tables:
        columns = conn.execute(  # type: ignore[attr-defined]
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (schema, table),
        ).fetchall()
        rows = conn.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1').fetchall()  # type: ignore[attr-defined]
        seen.append((table, columns, rows))
    return seen


@only_on("postgres")
@pytest.mark.parametrize("maker", list(SCHEMAS))
def test_a_schema_that_is_not_a_ledger_is_refused_with_one_error_line(
    places: Places, tmp_path: Path, maker: str
) -> None:
    import psycopg

    url = places.new("garbage")
    schema = Location.parse(url).schema  # type: ignore[attr-defined]
    with psycopg.connect(url.split("?", 1)[0], autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        for statement in SCHEMAS[maker]:
            conn.execute(statement.format(s=f'"{schema}"'))
        before = schema_contents(conn, schema)
    problems = []
    for command in COMMANDS:
        r = run_cli(url, *command, cwd=tmp_path)
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
    with psycopg.connect(url.split("?", 1)[0], autocommit=True) as conn:
        assert schema_contents(conn, schema) == before, "a refused command changed the schema"
