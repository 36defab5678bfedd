"""Driving the app with keys, as a user would, and reading what the screen then shows.

Counts and positions come from the demo ledger itself (its head, where its offices were
recorded), so the tests follow the demo as it grows; the facts of the meeting are fixed.
"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Footer, Input
from tui_helpers import (
    AS_OF,
    clipped,
    cursor_office,
    focus,
    labelled_rows,
    offices,
    press,
    replay_at,
    rows,
    screen_lines,
    seen_in,
    settle,
    status,
    text_of,
)

from tui.screens.as_of import AsOfDialog
from tui.widgets.timeline import LABEL, Timeline

WIDE = (120, 36)
NARROW = (80, 24)
SIZES = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x36", "80x24"])
BACK = "left_square_bracket"
FORWARD = "right_square_bracket"


def offices_known(ledger, known_at=None):
    return [o.office.office for o in ledger.governance_on(AS_OF, known_at=known_at).offices]


def recorded_at(ledger, event_type, entity):
    """The position of the first `event_type` event of `entity`."""
    for e in ledger.events_window(limit=100_000):
        if e.type == event_type and e.entity == entity:
            return e.position
    raise AssertionError(f"no {event_type} for {entity} in the demo")


# --- governance ------------------------------------------------------------------------------


@SIZES
async def test_the_governance_tab_shows_who_holds_each_office_on_the_as_of_day(
    demo_app, demo_ledger, size
):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        assert text_of(demo_app, "#offices-title").startswith("Offices on 2023-05-02")
        assert "Offices on 2023-05-02" in "\n".join(screen_lines(demo_app))
        shown = offices(demo_app)
        assert list(shown) == offices_known(demo_ledger)
        assert shown["asp-chair"] == "Gina Nilo"
        assert shown["gsp-secretary"] == "Ronald Vargas"
        assert shown["asp-vice-chair"] == "—"
        assert status(demo_app) == f" As of 2023-05-02 · known now (position {head}) · demo.db"


@SIZES
async def test_moving_the_cursor_to_an_office_shows_its_line_of_holders(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        assert text_of(demo_app, "#line-title").startswith("Line of holders: asp-chair")
        await focus(pilot, "#offices")
        while cursor_office(demo_app) != "gsp-secretary":
            await press(pilot, "down")
        assert text_of(demo_app, "#line-title").startswith("Line of holders: gsp-secretary")
        assert [row[:3] for row in rows(demo_app, "#line")] == [["Ronald Vargas", "2023-05-02", ""]]
        assert "Ronald Vargas" in seen_in(demo_app, demo_app.query_one(Timeline))


async def test_the_offices_table_has_the_focus_when_the_app_opens(demo_app):
    """The arrows move through the offices straight away, without a Tab first."""
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "down")
        assert cursor_office(demo_app) == "asp-vice-chair"


async def test_a_long_holder_name_seen_once_leaves_the_dates_of_other_lines_in_view(demo_app):
    """cesra-director is held by an institution with a 79-character name; the line table's
    Holder column must not stay that wide for the offices shown after it."""
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus(pilot, "#offices")
        while cursor_office(demo_app) != "cesra-director":
            await press(pilot, "down")
        while cursor_office(demo_app) != "gsp-secretary":
            await press(pilot, "up")
        line = seen_in(demo_app, demo_app.query_one("#line", DataTable))
        assert "Ronald Vargas" in line
        assert "2023-05-02" in line


async def test_the_basis_of_a_mandate_can_be_read_in_full(demo_app, demo_ledger):
    """The basis is why the ledger says someone holds an office; cut off, it says nothing."""
    basis = demo_ledger.holders("asp-chair")[0].basis
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        seen = seen_in(demo_app, demo_app.query_one("#line-box"))
        assert basis in " ".join(" ".join(line.split()) for line in seen.splitlines())


async def test_a_line_of_one_mandate_says_mandate(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert text_of(demo_app, "#line-title") == "Line of holders: asp-chair  (1 mandate)"


async def test_the_body_members_table_shows_every_column_at_120_columns(demo_app):
    """A 79-character member name must not push Until (or the ex-officio mark) off screen."""
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        members = seen_in(demo_app, demo_app.query_one("#members", DataTable))
        header = members.splitlines()[0].split()
        assert header == ["Body", "Member", "Since", "Until", "Ex", "officio"]


# --- audit log -------------------------------------------------------------------------------


@SIZES
async def test_the_audit_log_shows_every_event_and_the_last_in_detail(demo_app, demo_ledger, size):
    head, link = demo_ledger.head()
    last = demo_ledger.events_window()[-1]
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        assert text_of(demo_app, "#log-title") == (
            f"Audit log: {head} events up to position {head} of {head}"
        )
        log = demo_app.query_one("#log", DataTable)
        assert log.row_count == head
        assert log.cursor_row == head - 1
        newest = labelled_rows(demo_app, "#log")[-1]
        assert clipped(newest.pop("Summary"), last.summary())
        assert newest == {
            "Pos": str(head),
            "Recorded (UTC)": last.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            "Actor": "ASP Secretariat",
            "Type": last.type,
            "Entity": last.entity,
            "Effective": last.effective.isoformat() if last.effective else "",
        }
        # The clock of these tests: one second an event from 2026-01-01 09:00:00.
        assert labelled_rows(demo_app, "#log")[0]["Recorded (UTC)"] == "2026-01-01 09:00:00"
        detail = text_of(demo_app, "#detail")
        assert detail.startswith(f"#{head}  {last.type}\n")
        assert ["entity", last.entity] in [line.split() for line in detail.splitlines()]
        assert detail.splitlines()[-1].split() == ["link", link]
        await press(pilot, "g")
        assert text_of(demo_app, "#offices-title").startswith("Offices on 2023-05-02")


async def test_moving_through_the_audit_log_shows_each_event_in_detail(demo_app, demo_ledger):
    before_last = demo_ledger.events_window()[-2]
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        await focus(pilot, "#log")
        await press(pilot, "up")
        detail = text_of(demo_app, "#detail")
        assert detail.startswith(f"#{before_last.position}  {before_last.type}\n")
        assert ["entity", before_last.entity] in [line.split() for line in detail.splitlines()]
        assert detail.splitlines()[-1].split() == ["link", before_last.link]


async def test_the_audit_log_at_120_columns_names_each_events_entity_in_full(demo_app, demo_ledger):
    """Events of asp-chair, asp-vice-chair and asp-secretariat must not all read `asp`."""
    entities = {e.entity for e in demo_ledger.events_window()[-3:]}
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        # The table scrolls to its last row once laid out, a frame or two after its rows
        # arrive on a loaded machine.
        for _ in range(50):
            seen = seen_in(demo_app, demo_app.query_one("#log", DataTable))
            if all(entity in seen for entity in entities):
                break
            await pilot.pause(0.05)
        for entity in entities:
            assert entity in seen


async def test_the_detail_of_an_event_shows_lists_as_a_reader_writes_them(demo_app, demo_ledger):
    """Body rules list their ex officio offices: `asp-chair, cesra-director, …`, not the
    Python tuple `('asp-chair', 'cesra-director', …)`."""
    rules = recorded_at(demo_ledger, "Body.RulesChanged", "cesra-steering-committee")
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await replay_at(pilot, rules)
        await press(pilot, "l")
        detail = text_of(demo_app, "#detail")
        assert detail.startswith(f"#{rules}  Body.RulesChanged\n")
        ex_officio = next(line for line in detail.splitlines() if "ex_officio" in line)
        assert "asp-chair, cesra-director" in ex_officio
        assert "(" not in ex_officio
        assert "'" not in ex_officio


# --- as of -----------------------------------------------------------------------------------


async def test_the_as_of_dialog_refuses_a_day_that_is_not_in_the_calendar(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(demo_app.screen, AsOfDialog)
        assert demo_app.screen.query_one(Input).value == "2023-05-02"
        await press(pilot, "home", "ctrl+k", *"2023-02-30")
        assert text_of(demo_app.screen, "#as-of-error") == (
            "not a day of the calendar (YYYY-MM-DD)"
        )
        await press(pilot, "enter")
        assert isinstance(demo_app.screen, AsOfDialog)
        assert status(demo_app).startswith(" As of 2023-05-02 ·")


async def test_a_day_typed_in_the_as_of_dialog_is_the_day_every_screen_shows(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "a", *"2022-01-01")
        assert text_of(demo_app.screen, "#as-of-error") == ""
        await press(pilot, "enter")
        assert not isinstance(demo_app.screen, AsOfDialog)
        assert status(demo_app).startswith(" As of 2022-01-01 ·")
        assert text_of(demo_app, "#offices-title").startswith("Offices on 2022-01-01")
        assert offices(demo_app)["asp-chair"] == "—"
        assert set(offices(demo_app).values()) == {"—"}
        assert text_of(demo_app, "#bodies-title").startswith("Body members on 2022-01-01")
        # The line of holders is the office's whole history, whatever the day.
        assert rows(demo_app, "#line")[0][:2] == ["Gina Nilo", "2023-05-02"]


async def test_escape_leaves_the_as_of_day_as_it_was(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "a", *"2022-01-01", "escape")
        assert not isinstance(demo_app.screen, AsOfDialog)
        assert status(demo_app).startswith(" As of 2023-05-02 ·")
        assert offices(demo_app)["asp-chair"] == "Gina Nilo"


async def test_the_as_of_marker_stays_on_the_timeline_for_a_day_before_the_first_mandate(
    demo_app,
):
    """As of 2022-01-01 the marker belongs on the axis, left of the bar that begins in 2023,
    not in the column of names."""
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "a", *"2022-01-01", "enter")
        lines = str(demo_app.query_one(Timeline).render()).splitlines()
        assert lines[1].startswith("Gina Nilo ")
        marker = lines[-1]
        assert "as of 2022-01-01" in marker
        assert LABEL + 1 <= marker.index("▲") <= lines[1].index("█")


# --- replay ----------------------------------------------------------------------------------


def _replays(ledger):
    """Steps back worth checking: one, five, and back to just before the last office."""
    head = ledger.head_position()
    last_office = recorded_at(ledger, "Office.Created", offices_known(ledger)[-1])
    return [1, 5, head - last_office + 1]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["1-step", "5-steps", "before-last-office"])
async def test_stepping_back_shows_the_ledger_as_known_before_the_last_events(
    demo_app, demo_ledger, which
):
    head = demo_ledger.head_position()
    steps = _replays(demo_ledger)[which]
    known_at = head - steps
    undone = [e for e in demo_ledger.events_window() if e.position > known_at]
    created = {e.entity for e in undone if e.type == "Office.Created"}
    started = {e.entity for e in undone if e.type == "Office.MandateStarted"}
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        if steps <= 5:
            await press(pilot, *[BACK] * steps)
        else:
            await press(pilot, BACK)
            await replay_at(pilot, known_at)
        assert f"REPLAY: as known at position {known_at} of {head}" in status(demo_app)
        shown = offices(demo_app)
        assert list(shown) == [o for o in offices_known(demo_ledger) if o not in created]
        assert list(shown) == offices_known(demo_ledger, known_at)
        assert text_of(demo_app, "#offices-title") == f"Offices on 2023-05-02  ({len(shown)})"
        for office in started - created:
            assert shown[office] == "—"
        await press(pilot, "l")
        assert text_of(demo_app, "#log-title") == (
            f"Audit log: {known_at} events up to position {known_at} of {head}"
        )
        assert text_of(demo_app, "#detail").startswith(f"#{known_at}  ")
    if which == 2:
        assert created == {offices_known(demo_ledger)[-1]}


async def test_equals_and_stepping_forward_return_to_the_ledger_as_known_now(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    everything = offices_known(demo_ledger)
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, BACK, BACK)
        assert f"REPLAY: as known at position {head - 2} of {head}" in status(demo_app)
        await press(pilot, FORWARD)
        assert f"REPLAY: as known at position {head - 1} of {head}" in status(demo_app)
        await press(pilot, FORWARD)
        assert f"known now (position {head})" in status(demo_app)
        await press(pilot, FORWARD)
        assert f"known now (position {head})" in status(demo_app)
        await replay_at(pilot, head - _replays(demo_ledger)[2])
        assert len(offices(demo_app)) == len(everything) - 1
        await press(pilot, "equals_sign")
        assert status(demo_app) == f" As of 2023-05-02 · known now (position {head}) · demo.db"
        assert list(offices(demo_app)) == everything
        assert offices(demo_app)["nfp-bangladesh"] == "F.M. Manzurul Hoque"


async def test_stepping_back_past_the_office_under_the_cursor_moves_to_one_then_known(
    demo_app, demo_ledger
):
    last, before = offices_known(demo_ledger)[-1], offices_known(demo_ledger)[-2]
    known_at = demo_ledger.head_position() - _replays(demo_ledger)[2]
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus(pilot, "#offices")
        while cursor_office(demo_app) != last:
            await press(pilot, "down")
        await press(pilot, BACK)
        await replay_at(pilot, known_at)
        assert demo_app.is_running
        assert cursor_office(demo_app) == before
        assert text_of(demo_app, "#line-title").startswith(f"Line of holders: {before}")


async def test_before_any_office_was_recorded_no_line_of_holders_is_shown(demo_app, demo_ledger):
    """Before the first office was recorded the ledger knew none, so the line pane must not
    go on naming the office it showed before."""
    head = demo_ledger.head_position()
    first = offices_known(demo_ledger)[0]
    steps = head - recorded_at(demo_ledger, "Office.Created", first) + 1
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await replay_at(pilot, head - steps)
        assert f"REPLAY: as known at position {head - steps} of {head}" in status(demo_app)
        assert offices(demo_app) == {}
        assert first not in text_of(demo_app, "#line-title")


# --- verify and the command palette ----------------------------------------------------------


async def test_verify_notifies_that_the_chain_holds(demo_app, demo_ledger):
    head, link = demo_ledger.head()
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        messages = [n.message for n in demo_app._notifications]
        assert messages == [f"Chain verified: {head} events, head {link[:16]}…"]


async def test_the_command_palette_goes_to_an_office_by_its_handle(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(demo_app.screen, CommandPalette)
        await press(pilot, *"office: sealnet")
        await pilot.pause(0.3)  # the palette searches after a short debounce
        await press(pilot, "enter")
        assert not isinstance(demo_app.screen, CommandPalette)
        assert cursor_office(demo_app) == "sealnet-chair"
        assert demo_app.focused is demo_app.query_one("#offices", DataTable)
        assert text_of(demo_app, "#line-title").startswith("Line of holders: sealnet-chair")


async def test_the_command_palette_reaches_an_office_from_the_audit_log(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l", "ctrl+p", *"office: nfp")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert cursor_office(demo_app) == "nfp-bangladesh"
        assert "Offices on 2023-05-02" in "\n".join(screen_lines(demo_app))


# --- what fits on the screen -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "tab", "table", "box"),
    [
        (WIDE, "l", "#log", "#log-box"),
        (NARROW, "l", "#log", "#log-box"),
        (NARROW, "g", "#offices", "#offices-box"),
    ],
    ids=["log-120x36", "log-80x24", "offices-80x24"],
)
async def test_a_table_fits_inside_its_box(demo_app, size, tab, table, box):
    """A table taller than its box loses its last line (and its horizontal scrollbar, the one
    sign that columns are hidden to the right) under the next pane or the status line."""
    async with demo_app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, tab)
        inner = demo_app.query_one(box).content_region
        assert demo_app.query_one(table).region.bottom <= inner.bottom


async def test_the_footer_at_80_columns_still_shows_how_to_quit(demo_app):
    async with demo_app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        footer = seen_in(demo_app, demo_app.query_one(Footer))
        assert "q Quit" in footer
        assert "? Help" in footer
        assert footer.rstrip().endswith("^p palette")
