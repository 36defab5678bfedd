"""`export` and `import`: the whole log as JSON Lines, and back, keeping every event and the
head hash; an import that cannot be taken whole is refused like any other command. On both
backends (`backend`): ledgers in SQLite files, or in PostgreSQL schemas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Places, module_places

from .conftest import DB, Cli, assert_refused

HISTORY = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'office add "ASP Chair" --handle asp-chair',
    'mandate start asp-chair gina-nilo --from 2021-05-04 --basis "elected at ASP-VI"',
    "mandate end asp-chair gina-nilo --on 2024-05-04 --reason completed",
]


@pytest.fixture(scope="module")
def module_ledgers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Places]:
    yield from module_places(backend, tmp_path_factory, "export")


def new_ledger(places: Places, cwd: Path, name: str) -> Cli:
    """`ledger --db …` in `cwd`, on a new ledger: `name.db` there, or a new schema."""
    return Cli(cwd, db=places.new(name) if places.postgres else f"{name}.db")


def shown(cli: Cli) -> str:
    """How a refusal names the ledger of `cli`: its file, or its schema."""
    assert cli.db is not None
    return cli.db.rsplit("schema=", 1)[-1]


@pytest.fixture(scope="module")
def exported(module_ledgers: Places) -> tuple[Cli, Path]:
    cli = new_ledger(module_ledgers, module_ledgers.folder, DB.removesuffix(".db"))
    for step in HISTORY:
        cli.line(step)
    cli.baseline = cli.events()
    log = cli.cwd / "asp.jsonl"
    cli("export", str(log))
    return cli, log


def test_a_round_trip_keeps_every_event_and_the_head(
    exported: tuple[Cli, Path], places: Places, tmp_path: Path
) -> None:
    source, log = exported
    copy = new_ledger(places, tmp_path, "copy")
    copy("import", str(log))
    assert copy.events() == source.baseline
    assert copy("head").out == source("head").out
    copy("verify")
    held = ["holders", "asp-chair", "--format", "json"]
    assert copy(*held).out == source(*held).out


def test_an_import_into_a_ledger_that_holds_events_is_refused(
    exported: tuple[Cli, Path],
) -> None:
    source, log = exported
    assert_refused(source("import", str(log), ok=False), "import", shown(source))
    assert source.events() == source.baseline


def test_a_truncated_export_is_refused_whole(
    exported: tuple[Cli, Path], places: Places, tmp_path: Path
) -> None:
    _, log = exported
    lines = log.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join([*lines[:2], lines[2][:40]]) + "\n", encoding="utf-8")
    copy = new_ledger(places, tmp_path, "copy")
    assert_refused(copy("import", str(cut), ok=False), "import", "line 3")
    assert copy.event_count() == 0
