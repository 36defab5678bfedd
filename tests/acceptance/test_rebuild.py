"""The read models are a cache of the event log: deleted or rebuilt, they answer the same.

On both backends (`backend`): the read models are local SQLite files either way, beside a
ledger file, or (for a ledger in PostgreSQL) in the folder of each user's read models."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.app import Ledger
from ledger.location import Location
from tests.conftest import Places, module_places

from .conftest import DB, Cli

HISTORY = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'person add "Ana Bell" --handle ana',
    'institution add "GSP Secretariat" --handle gsp-secretariat',
    'body add "ASP governance group" --handle asp-governance-group --max-members 12',
    'office add "ASP Chair" --handle asp-chair --body asp-governance-group --term-years 3',
    'office add "ASP Secretariat" --handle asp-secretariat',
    'mandate start asp-chair gina-nilo --from 2021-05-04 --basis "elected at ASP-VI"',
    "mandate start asp-secretariat gsp-secretariat --from 2012-12-01",
    "mandate end asp-chair gina-nilo --on 2024-05-04 --reason completed",
    "mandate start asp-chair ana --from 2024-05-04",
    "member add asp-governance-group gina-nilo --from 2024-05-04 --until 2027-05-04",
    "member add asp-governance-group ana --from 2021-05-04",
    "member remove asp-governance-group ana --on 2024-05-04",
]

READS = [
    ["holders", "asp-chair", "--format", "csv"],
    ["holders", "asp-chair", "--known-at", "9", "--format", "json"],
    ["governance", "--as-of", "2023-05-02"],
    ["governance", "--as-of", "2024-05-04", "--format", "json"],
    ["governance", "--as-of", "2024-05-04", "--known-at", "12", "--format", "md"],
    ["events", "--format", "jsonl"],
]


@pytest.fixture(scope="module")
def module_ledgers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Places]:
    yield from module_places(backend, tmp_path_factory, "rebuild")


@pytest.fixture(scope="module")
def recorded(module_ledgers: Places) -> Cli:
    db = module_ledgers.new("asp") if module_ledgers.postgres else DB
    cli = Cli(module_ledgers.folder, db=db)
    for step in HISTORY:
        cli.line(step)
    return cli


@pytest.fixture
def asp(recorded: Cli, places: Places, tmp_path: Path) -> Cli:
    """A copy of the recorded ledger that a test may change, its read models caught up."""
    if places.postgres:
        assert recorded.db is not None
        return Cli(tmp_path, db=places.copy(recorded.db, "asp"))
    for path in recorded.cwd.glob("asp.*"):
        shutil.copy2(path, tmp_path / path.name)
    return Cli(tmp_path)


def location(cli: Cli) -> Location:
    assert cli.db is not None
    return Location.parse(cli.db if "://" in cli.db else str(cli.cwd / cli.db))


def read_model_files(cli: Cli, *names: str) -> list[Path]:
    """The files of the read models `names` (all of them if none), with their -wal and -shm."""
    found = []
    for name in names or Ledger.READ_MODELS:
        view = location(cli).view(name)
        found += view.parent.glob(view.name + "*")
    return found


def reads(cli: Cli) -> dict[str, str]:
    return {" ".join(read): cli(*read).out for read in READS}


def test_deleting_the_governance_read_model_changes_no_answer(asp: Cli, backend: str) -> None:
    before = reads(asp)
    view = location(asp).view("governance")
    if backend == "sqlite":
        assert view == asp.cwd / "asp.governance.db"
    assert view.is_file()
    for path in read_model_files(asp, "governance"):
        path.unlink()
    assert reads(asp) == before
    assert view.is_file()


def test_deleting_every_read_model_beside_the_ledger_changes_no_answer(
    asp: Cli, backend: str
) -> None:
    before = reads(asp)
    views = read_model_files(asp)
    assert len(views) >= len(Ledger.READ_MODELS)
    if backend == "sqlite":
        assert sorted(views) == sorted(asp.cwd.glob("asp.*.db*"))
    for path in views:
        path.unlink()
    assert reads(asp) == before
    if backend == "sqlite":
        assert (asp.cwd / "asp.db").is_file()


def test_an_explicit_rebuild_changes_no_answer(asp: Cli) -> None:
    before = reads(asp)
    rebuilt = asp("rebuild")
    assert str(len(HISTORY) - 1) in rebuilt.out
    assert "Traceback" not in rebuilt.err
    asp("rebuild")
    assert reads(asp) == before


def test_a_ledger_keeps_recording_after_a_rebuild(asp: Cli) -> None:
    asp("rebuild")
    asp("mandate", "end", "asp-chair", "ana", "--on", "2025-01-01")
    held = asp.json("holders", "asp-chair", "--format", "json")
    assert [(h["holder"], h["end"]) for h in held] == [
        ("gina-nilo", "2024-05-04"),
        ("ana", "2025-01-01"),
    ]
