"""`export` and `import`: the whole log as JSON Lines, and back, keeping every event and the
head hash; an import that cannot be taken whole is refused like any other command."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli, assert_refused

HISTORY = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'office add "ASP Chair" --handle asp-chair',
    'mandate start asp-chair gina-nilo --from 2021-05-04 --basis "elected at ASP-VI"',
    "mandate end asp-chair gina-nilo --on 2024-05-04 --reason completed",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Path]:
    cli = Cli(tmp_path_factory.mktemp("export"))
    for step in HISTORY:
        cli.line(step)
    cli.baseline = cli.events()
    log = cli.cwd / "asp.jsonl"
    cli("export", str(log))
    return cli, log


def test_a_round_trip_keeps_every_event_and_the_head(
    exported: tuple[Cli, Path], tmp_path: Path
) -> None:
    source, log = exported
    copy = Cli(tmp_path, db="copy.db")
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
    assert_refused(source("import", str(log), ok=False), "import", "asp.db")
    assert source.events() == source.baseline


def test_a_truncated_export_is_refused_whole(exported: tuple[Cli, Path], tmp_path: Path) -> None:
    _, log = exported
    lines = log.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join([*lines[:2], lines[2][:40]]) + "\n", encoding="utf-8")
    copy = Cli(tmp_path, db="copy.db")
    assert_refused(copy("import", str(cut), ok=False), "import", "line 3")
    assert copy.event_count() == 0
