"""Windows of the long lists the TUI shows: the latest `limit` of them, in the same order
and with the same content as the end of the whole list, at any day and known-at position."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ledger.app import Ledger
from ledger.demo import build_demo
from ledger.location import Location

AS_OF = date(2023, 5, 2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("demo")
    led = Ledger(Location.parse(str(folder / "demo.db")), actor="ASP Secretariat", create=True)
    build_demo(led)
    yield led
    led.close()


@pytest.mark.parametrize("limit", [1, 3, 10_000])
@pytest.mark.parametrize("known", ["now", "half"])
def test_each_window_is_the_end_of_the_whole_list(demo: Ledger, limit: int, known: str) -> None:
    k = None if known == "now" else demo.head_position() // 2
    decisions = demo.decisions(as_of=AS_OF, known_at=k)
    assert demo.decisions(as_of=AS_OF, known_at=k, limit=limit) == decisions[-limit:]
    items = demo.workplan(as_of=AS_OF, known_at=k)
    assert demo.workplan(as_of=AS_OF, known_at=k, limit=limit) == items[-limit:]
    meetings = demo.meetings(known_at=k)
    assert demo.meetings(known_at=k, limit=limit) == meetings[-limit:]
    assert demo.meetings_count(known_at=k) == len(meetings)


def test_the_demo_has_enough_to_make_the_windows_tell(demo: Ledger) -> None:
    assert len(demo.decisions(as_of=AS_OF)) > 3
    assert len(demo.workplan(as_of=AS_OF)) > 3


def test_one_decision_up_to_a_day_is_the_one_the_register_lists(demo: Ledger) -> None:
    for life in demo.decisions(as_of=AS_OF):
        assert demo.decision(life.decision, as_of=AS_OF) == life
    assert demo.decision("ceslab", as_of=date(2023, 5, 1)) is None
    assert demo.decision("no-such-decision") is None
