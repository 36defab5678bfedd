"""Jumping the replay to a position or a recorded instant, and rebuilding the read models
from the UI with its progress shown."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.command import CommandPalette
from textual.widgets import ProgressBar
from tui_helpers import AS_OF, offices, press, settle, status, text_of

from tui.screens.rebuild import RebuildScreen
from tui.screens.replay_to import ReplayToDialog

WIDE = (120, 36)


def offices_known(ledger, known_at):
    return [o.office.office for o in ledger.governance_on(AS_OF, known_at=known_at).offices]


async def test_p_replays_the_ledger_as_known_at_a_position(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    first_office_at = next(
        k for k in range(head + 1) if offices_known(demo_ledger, k)
    )  # the position where the first office was recorded
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        assert isinstance(demo_app.screen, ReplayToDialog)
        await press(pilot, *str(first_office_at), "enter")
        assert not isinstance(demo_app.screen, ReplayToDialog)
        assert f"REPLAY: as known at position {first_office_at} of {head}" in status(demo_app)
        assert list(offices(demo_app)) == offices_known(demo_ledger, first_office_at)
        assert len(offices(demo_app)) == 1


async def test_p_replays_the_ledger_as_known_at_a_recorded_instant(demo_app, demo_ledger):
    # The demo is recorded on a fixed clock, an event a second from 2026-01-01 09:00 UTC.
    instant = datetime(2026, 1, 1, 9, 1, 0, tzinfo=UTC)
    position = demo_ledger.position_at(instant)
    assert 0 < position < demo_ledger.head_position()
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "p", *"2026-01-01T09:01", "enter")
        assert f"REPLAY: as known at position {position} of" in status(demo_app)
        assert list(offices(demo_app)) == offices_known(demo_ledger, position)


async def test_p_refuses_what_is_neither_a_position_nor_an_instant(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "p", *"last tuesday", "enter")
        dialog = demo_app.screen
        assert isinstance(dialog, ReplayToDialog)
        assert "'last tuesday' is neither a position nor an instant" in text_of(
            dialog, "#replay-error"
        )
        await press(pilot, *["backspace"] * 12, *str(head + 1), "enter")
        assert f"position {head + 1} is past the head ({head})" in text_of(dialog, "#replay-error")
        await press(pilot, "escape")
        assert not isinstance(demo_app.screen, ReplayToDialog)
        assert "known now" in status(demo_app)


async def test_the_palette_rebuilds_the_read_models_with_a_progress_bar(
    demo_app, demo_ledger, monkeypatch
):
    head = demo_ledger.head_position()
    shown: list[tuple[float | None, float, str]] = []
    advance = RebuildScreen._advance

    def advance_and_look(screen: RebuildScreen, position: int, head: int) -> None:
        advance(screen, position, head)
        bar = screen.query_one(ProgressBar)
        shown.append((bar.total, bar.progress, text_of(screen, "#rebuild-where")))

    monkeypatch.setattr(RebuildScreen, "_advance", advance_and_look)
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = offices(demo_app)
        await press(pilot, "ctrl+p")
        assert isinstance(demo_app.screen, CommandPalette)
        await press(pilot, *"ledger: rebuild")
        await pilot.pause(0.3)  # the palette searches after a short debounce
        await press(pilot, "enter")
        await settle(pilot)
        assert not isinstance(demo_app.screen, RebuildScreen)
        assert [n.message for n in demo_app._notifications] == [
            f"Read models rebuilt from the log, up to position {head}"
        ]
        assert offices(demo_app) == before
    # One bar for the three read models, which never runs backwards and ends full.
    assert shown
    assert all(total == head * 3 for total, _, _ in shown)
    progress = [p for _, p, _ in shown]
    assert progress == sorted(progress) and progress[-1] == head * 3
    assert shown[-1][2] == f"read model 3 of 3: position {head} of {head}"
