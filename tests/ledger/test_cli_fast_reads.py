"""`ledger holders` answered from the governance view's file without opening the ledger: only
when the view holds everything the log says about governance, and then exactly what the
ledger answers; the CLI loads a command's module only when it is asked for, and still lists
every command."""

from __future__ import annotations

import contextlib
import importlib
import shutil
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

import click
import pytest

from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.cli import fastread, main
from ledger.cli.base import COMMAND_MODULES, cli
from ledger.location import Location
from projections.governance import GovernanceView
from projections.governance_events import GovernanceProjection

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DAYS = [None, date(2019, 6, 1), date(2020, 1, 1), date(2021, 3, 1), date(2022, 1, 1)]


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    """A ledger whose chair changed hands, was held acting, and had a start corrected."""
    db = tmp_path / "l.db"
    led = Ledger(Location.parse(str(db)), actor="tester", create=True)
    try:
        for handle in ("gina", "abe", "li"):
            led.add_holder(handle.title(), HolderKind.PERSON, handle=handle)
        led.add_office("Chair", handle="chair", seats=2)
        led.add_office("Clerk", handle="clerk")
        led.start_mandate("chair", "gina", date(2019, 1, 1), end=date(2021, 1, 1), basis="vote")
        led.start_mandate("chair", "abe", date(2020, 1, 1), acting=True)
        led.correct_mandate("chair", "abe", reason="typo", start=date(2020, 2, 1))
        led.start_mandate("chair", "li", date(2021, 1, 1))
    finally:
        led.close()
    yield db


def _ledger_answer(db: Path, office: str, day: date | None) -> list[tuple[object, ...]]:
    led = Ledger(Location.parse(str(db)), actor="tester")
    try:
        return [
            (t.holder, t.name, t.start, t.end, t.acting, t.basis)
            for t in led.holders(office, as_of=day)
        ]
    finally:
        led.close()


def _fast_answer(db: Path, office: str, day: date | None) -> list[tuple[object, ...]] | None:
    got = fastread.holders(str(db), office, day)
    return (
        None
        if got is None
        else [(t.holder, t.name, t.start, t.end, t.acting, t.basis) for t in got]
    )


def test_the_fast_path_follows_the_projections_topics_schema_and_the_ledgers_name() -> None:
    assert GovernanceProjection.topics == fastread.GOVERNANCE_TOPICS
    assert len(GovernanceView.migrations) == fastread.SCHEMA_VERSION
    assert Ledger.name == fastread.APPLICATION


@pytest.mark.parametrize("office", ["chair", "clerk"])
def test_a_caught_up_view_answers_as_the_ledger_does(path: Path, office: str) -> None:
    for day in DAYS:
        assert _fast_answer(path, office, day) == _ledger_answer(path, office, day), day


def test_events_the_view_does_not_follow_do_not_send_the_read_to_the_ledger(
    path: Path,
) -> None:
    led = Ledger(Location.parse(str(path)), actor="tester")
    try:
        led.add_meeting("m1", "First meeting", date(2021, 5, 1))
    finally:
        led.close()
    assert _fast_answer(path, "chair", None) == _ledger_answer(path, "chair", None)


def test_a_view_behind_the_log_is_left_to_the_ledger_which_catches_it_up(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    view = Location.parse(str(path)).view("governance")
    saved = tmp_path / "saved-view.db"
    shutil.copy(view, saved)
    led = Ledger(Location.parse(str(path)), actor="tester")
    try:
        led.end_mandate("chair", "li", date(2023, 1, 1))
    finally:
        led.close()
    for leftover in view.parent.glob(view.name + "-*"):
        leftover.unlink()
    shutil.copy(saved, view)  # the view as it was before the mandate ended
    assert fastread.holders(str(path), "chair", None) is None
    capsys.readouterr()
    assert main(["--db", str(path), "holders", "chair", "--format", "csv"]) == 0
    assert "li,Li,2021-01-01,2023-01-01," in capsys.readouterr().out
    assert _fast_answer(path, "chair", None) == _ledger_answer(path, "chair", None)


def test_what_the_fast_path_cannot_answer_goes_to_the_ledger(path: Path) -> None:
    assert fastread.holders(str(path), "no-such-office", None) is None
    assert fastread.holders(str(path), "gina", None) is None  # the ledger says what it is
    assert fastread.holders(str(path.with_name("missing.db")), "chair", None) is None
    assert fastread.holders("postgresql://u@localhost/none", "chair", None) is None
    view = Location.parse(str(path)).view("governance")
    with contextlib.closing(sqlite3.connect(view)) as db:
        db.execute(f"PRAGMA user_version = {fastread.SCHEMA_VERSION - 1}")
    assert fastread.holders(str(path), "chair", None) is None  # the ledger migrates it first
    view.unlink()
    assert fastread.holders(str(path), "chair", None) is None


def _modules_of(command: click.Command) -> set[str]:
    found = {command.callback.__module__} if command.callback else set()
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found |= _modules_of(sub)
    return found


def test_every_command_is_mapped_to_the_modules_that_define_it() -> None:
    for module in {m for modules in COMMAND_MODULES.values() for m in modules}:
        importlib.import_module(module)
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert _modules_of(command) == set(COMMAND_MODULES[name]), name
