"""The read models are a cache of the log: rebuilt from nothing, they hold exactly what
following the log command by command left in them, and a search finds the words of notes
recorded long after the decision or action item they belong to."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.decisions import Outcome
from domain.workplans import Status
from ledger.app import Ledger
from ledger.demo import build_demo
from ledger.location import Location

DB = "demo.db"
LATER = date(2023, 9, 1)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ASP-VIII demo, then notes on an action item and a decision (each note is added to
    the full-text row of what it is about)."""
    folder = tmp_path_factory.mktemp("demo")
    led = Ledger(Location.parse(str(folder / DB)), actor="ASP Secretariat", create=True)
    try:
        build_demo(led)
        item = "wp-sealnet-proficiency-test"
        led.update_action(
            item, Status.IN_PROGRESS, day=LATER, progress=30, note="samples shipped to Vientiane"
        )
        led.update_action(
            item, Status.BLOCKED, day=date(2023, 10, 2), note="courier lost the mangrove sediments"
        )
        led.set_action_due(item, date(2024, 6, 1), day=date(2023, 10, 3), note="a second round")
        led.correct_decision("ceslab", Outcome.AGREED, reason="the minutes say acclamation")
    finally:
        led.close()
    return folder


@pytest.fixture
def copy(recorded: Path, tmp_path: Path) -> Path:
    for path in recorded.glob("demo*.db"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / DB


def _open(db: Path) -> Ledger:
    return Ledger(Location.parse(str(db)), actor="tester")


def contents(db: Path) -> dict[str, list[Any]]:
    """Every row of every read model, rowids included, and each full-text table as its rows
    (its shadow tables keep an index whose layout depends on how it was written, not what).
    Not the positions: a view no recent event concerns records its position only now and
    then, and a rebuilt one records the head."""
    out: dict[str, list[Any]] = {}
    for view in sorted(db.parent.glob("demo.*.db")):
        with closing(sqlite3.connect(view)) as c:
            virtual = {
                name
                for (name,) in c.execute(
                    "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            }
            for (table,) in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall():
                if table == "tracking" or any(table.startswith(f"{name}_") for name in virtual):
                    continue
                rows = c.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
                out[f"{view.name}:{table}"] = rows
    return out


def test_a_rebuilt_read_model_holds_exactly_what_catching_up_left(copy: Path) -> None:
    before = contents(copy)
    assert len(before["demo.workplans.db:action_items_fts"]) > 10
    led = _open(copy)
    try:
        led.rebuild()
        head = led.head_position()
        assert {p.view.position(led.name) for p in led.projections.values()} == {head}
    finally:
        led.close()
    assert contents(copy) == before


def test_a_search_finds_every_note_an_action_item_has_gathered(copy: Path) -> None:
    led = _open(copy)
    try:
        for _ in range(2):
            hits = led.search("Vientiane mangrove second")
            assert [(h.kind, h.handle) for h in hits] == [
                ("action item", "wp-sealnet-proficiency-test")
            ]
            assert "[Vientiane]" in hits[0].snippet
            led.rebuild()
    finally:
        led.close()


def test_a_search_finds_the_reason_a_decision_was_corrected(copy: Path) -> None:
    led = _open(copy)
    try:
        for _ in range(2):
            hits = led.search("acclamation")
            assert [(h.kind, h.handle) for h in hits] == [("decision", "ceslab")]
            led.rebuild()
    finally:
        led.close()


def test_searches_answer_the_same_after_a_rebuild(copy: Path) -> None:
    words = ["soil", "CESRA", "lab", "terms of reference", "section 6", "national"]
    led = _open(copy)
    try:
        before = {w: led.search(w) for w in words}
        assert all(before.values())
        led.rebuild()
        assert {w: led.search(w) for w in words} == before
    finally:
        led.close()
