"""Moving a ledger between the embedded and the shared store with `ledger export` and
`ledger import`: every event arrives at the position it had, the head hash is the same, and
the moved ledger goes on recording on the same chain."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from domain.holders import HolderKind
from domain.recorded import entity_id

from .conftest import (
    HEAD_LINE,
    Cli,
    assert_refused,
    cli_for,
    opened,
    stored_positions,
    walk_through,
)


@pytest.fixture
def source(tmp_path: Path) -> Cli:
    """A SQLite ledger with the walk-through, a correction and a retraction."""
    path = str(tmp_path / "source.db")
    with opened(path, create=True) as led:
        walk_through(led)
        led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe", country="Ethiopia")
        led.start_mandate("asp-chair", "abe", date(2024, 5, 4), basis="ASP-IX")
        led.correct_mandate("asp-chair", "abe", start=date(2024, 5, 6), reason="minutes")
        led.add_member("asp-governance-group", "abe", date(2024, 5, 6))
        led.retract_membership("asp-governance-group", "abe", reason="never appointed")
    return cli_for(path, tmp_path, "source")


def export(cli: Cli, file: Path) -> tuple[int, str]:
    """`ledger export FILE`; the head it reports."""
    out = cli("export", str(file)).out.strip()
    match = HEAD_LINE.search(out)
    assert out.startswith("exported ") and match, out
    return int(match.group(1)), match.group(2)


def imported(cli: Cli, file: Path) -> tuple[int, str]:
    out = cli("import", str(file)).out.strip()
    match = HEAD_LINE.search(out)
    assert out.startswith("imported ") and match, out
    return int(match.group(1)), match.group(2)


def reads(cli: Cli) -> list[Any]:
    return [
        cli.json("holders", "asp-chair", "--format", "json"),
        cli.json("governance", "--as-of", "2024-06-01", "--format", "json"),
        cli.json("holders", "asp-chair", "--known-at", "8", "--format", "json"),
    ]


def test_sqlite_to_postgres_keeps_every_event_and_the_head(
    source: Cli, postgres_url: str, tmp_path: Path
) -> None:
    head = source.head()
    assert export(source, tmp_path / "log.jsonl") == head
    target = cli_for(postgres_url, tmp_path, "target")
    assert imported(target, tmp_path / "log.jsonl") == head
    assert target.head() == head
    assert target.events() == source.events()
    assert reads(target) == reads(source)
    target("verify")
    target("verify", "--head", head[1])


def test_postgres_back_to_a_new_sqlite_file_keeps_the_head_again(
    source: Cli, postgres_url: str, tmp_path: Path
) -> None:
    head = export(source, tmp_path / "from-sqlite.jsonl")
    shared = cli_for(postgres_url, tmp_path, "shared")
    imported(shared, tmp_path / "from-sqlite.jsonl")
    assert export(shared, tmp_path / "from-postgres.jsonl") == head
    back = cli_for(str(tmp_path / "back.db"), tmp_path, "back")
    assert imported(back, tmp_path / "from-postgres.jsonl") == head
    assert back.head() == head
    assert back.events() == source.events()
    back("verify", "--head", head[1])
    lines = [json.loads(x) for x in (tmp_path / "from-sqlite.jsonl").read_text().splitlines()]
    again = [json.loads(x) for x in (tmp_path / "from-postgres.jsonl").read_text().splitlines()]
    assert lines == again


def test_after_the_move_new_commands_continue_the_chain(
    source: Cli, postgres_url: str, tmp_path: Path
) -> None:
    moved_head = export(source, tmp_path / "log.jsonl")
    target = cli_for(postgres_url, tmp_path, "target")
    imported(target, tmp_path / "log.jsonl")
    added = target("person", "add", "Rosa Vargas", "--handle", "rosa").out
    # The sequence was moved on past the imported positions.
    assert f"(position {moved_head[0] + 1})" in added
    target("mandate", "end", "asp-chair", "abe", "--on", "2027-05-06")
    events = target.events()
    positions = [e["position"] for e in events]
    assert positions == list(range(1, moved_head[0] + 3))
    assert events[moved_head[0] - 1]["link"] == moved_head[1]
    assert target.head() == (moved_head[0] + 2, events[-1]["link"])
    target("verify")
    # The head kept before the move is still in the chain.
    target("verify", "--head", moved_head[1])
    assert stored_positions(postgres_url) == positions


def test_import_into_a_non_empty_postgres_ledger_is_refused_whole(
    source: Cli, postgres_url: str, tmp_path: Path
) -> None:
    export(source, tmp_path / "log.jsonl")
    target = cli_for(postgres_url, tmp_path, "target")
    target("init")
    target("person", "add", "Rosa Vargas", "--handle", "rosa")
    head, events = target.head(), target.events()
    refused = target("import", str(tmp_path / "log.jsonl"), ok=False)
    # click prints the progress bar's label once on a stderr that is not a terminal; that
    # is tests/integrity/test_export_import.py's concern, not the shared store's.
    err = "".join(line for line in refused.err.splitlines(True) if line.strip() != "importing")
    assert_refused(refused._replace(err=err), "import refused", "already holds 1 events")
    assert target.head() == head
    assert target.events() == events
    assert stored_positions(postgres_url) == [1]


@pytest.fixture
def shared_with_a_gap(postgres_url: str, tmp_path: Path) -> tuple[Cli, tuple[int, str]]:
    """A shared ledger where two officers raced for one office: the loser's insert was rolled
    back and its position consumed, as every conflict on PostgreSQL does. Exported."""
    with opened(postgres_url, create=True) as led:
        walk_through(led)
        led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        mine = led.repository.get(entity_id("asp-chair"))
        theirs = led.repository.get(entity_id("asp-chair"))
        mine.start_mandate("abe", date(2024, 5, 4))
        theirs.start_mandate("gina-nilo", date(2024, 5, 4))
        led.save(mine)
        with pytest.raises(IntegrityError):
            led.save(theirs)
        led.add_holder("Rosa Vargas", HolderKind.PERSON, handle="rosa")
    positions = stored_positions(postgres_url)
    assert positions == [1, 2, 3, 4, 5, 6, 7, 8, 10], positions
    shared = cli_for(postgres_url, tmp_path, "shared")
    shared("verify")
    return shared, export(shared, tmp_path / "log.jsonl")


def test_a_shared_log_with_gaps_moves_to_a_file_whole_or_not_at_all(
    shared_with_a_gap: tuple[Cli, tuple[int, str]], tmp_path: Path
) -> None:
    """Whatever the embedded store makes of gaps, it never ends with a ledger that fails to
    verify: the import either verifies or is refused whole with one error line."""
    moved = cli_for(str(tmp_path / "moved.db"), tmp_path, "moved")
    result = moved("import", str(tmp_path / "log.jsonl"), ok=None)
    if result.code == 0:
        moved("verify")
    else:
        err = "".join(x for x in result.err.splitlines(True) if x.strip() != "importing")
        assert_refused(result._replace(err=err), "import refused")
        assert moved.events() == []


def test_a_shared_log_with_gaps_moves_to_a_file_and_verifies(
    shared_with_a_gap: tuple[Cli, tuple[int, str]], tmp_path: Path
) -> None:
    """A backup of a shared ledger restored as a file: the gaps are not missing events (the
    chain links over them and hashes every position), so the same head must verify."""
    _, head = shared_with_a_gap
    moved = cli_for(str(tmp_path / "moved.db"), tmp_path, "moved")
    assert imported(moved, tmp_path / "log.jsonl") == head
    assert [e["position"] for e in moved.events()][-2:] == [8, 10]
    moved("verify")
    moved("verify", "--head", head[1])
    moved("person", "add", "Ana Lima", "--handle", "ana")
    moved("verify")
