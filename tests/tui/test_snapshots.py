"""One SVG snapshot per main screen, on the demo recorded on a fixed clock and shown with
fixed days, so a change in what the user sees shows up as a diff to look at.

After an intended change: `pytest tests/tui/test_snapshots.py --snapshot-update`, then look
at the new SVGs in `tests/tui/__snapshots__/` before committing them.
"""

from __future__ import annotations

from datetime import date

from tui_helpers import press, settle


def test_the_governance_screen_at_120_columns(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=settle)


def test_the_governance_screen_at_80_columns(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=settle)


def test_the_audit_log(snap_compare, demo_app):
    async def open_the_log(pilot):
        await settle(pilot)
        await press(pilot, "l")

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_the_log)


def test_the_as_of_dialog(snap_compare, demo_app):
    async def open_the_dialog(pilot):
        await settle(pilot)
        await press(pilot, "a")

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=open_the_dialog)


def test_replay_five_events_back(snap_compare, demo_app):
    async def step_back(pilot):
        await settle(pilot)
        await press(pilot, *["left_square_bracket"] * 5)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=step_back)


def _tab(key: str):  # type: ignore[no-untyped-def]
    async def show(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await press(pilot, key)

    return show


def test_the_dashboard(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=_tab("d"))


def test_the_meetings_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=_tab("m"))


def test_the_decision_register(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=_tab("x"))


def test_the_work_plan(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=_tab("w"))


def test_the_mandate_form(snap_compare, demo_app):
    async def fill(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await press(pilot, "n")
        await press(pilot, *"asp-vice-chair", "tab", *"lucrezia-caon", "tab", *"2023-06-01")

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=fill)


def test_the_reports_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=_tab("R"))


def test_the_elections_screen(snap_compare, election_app):
    async def after_the_close(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.as_of = date(2023, 6, 20)
        await press(pilot, "e")

    assert snap_compare(election_app, terminal_size=(120, 36), run_before=after_the_close)


def test_the_decision_form(snap_compare, demo_app):
    async def fill(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await press(pilot, "D")
        await press(pilot, *"ninth-meeting-host", "tab", *"asp-v", "right", "tab")
        await press(pilot, *"clo", "right", "tab", *"Ninth meeting hosted by a member country")
        await press(pilot, "tab", "tab", "enter", *"ag", "enter")

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=fill)


def test_the_governance_screen_in_the_light_theme(snap_compare, demo_app):
    async def light(pilot):  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 36), run_before=light)
