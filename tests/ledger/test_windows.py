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


def test_elections_opened_by_a_day_and_their_window(demo: Ledger) -> None:
    for handle, opens in (
        ("e1", date(2023, 6, 1)),
        ("e2", date(2023, 7, 1)),
        ("e3", date(2023, 8, 1)),
    ):
        if demo.proceedings.view.election(handle) is None:
            demo.open_election(
                handle, office="asp-vice-chair", opens=opens, closes=opens.replace(day=20)
            )
    everything = [e.election for e in demo.elections()]
    assert everything[-3:] == ["e1", "e2", "e3"]
    by_july = demo.elections(opened_by=date(2023, 7, 1))
    assert [e.election for e in by_july][-2:] == ["e1", "e2"] and "e3" not in [
        e.election for e in by_july
    ]
    assert [e.election for e in demo.elections(opened_by=date(2023, 7, 1), limit=1)] == ["e2"]
    assert demo.elections_count(opened_by=date(2023, 7, 1)) == len(by_july)
    assert demo.elections_count() == len(everything)
