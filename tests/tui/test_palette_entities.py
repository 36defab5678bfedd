"""The command palette names every entity: offices, bodies, people and institutions,
meetings, decisions, elections, plans and action items, by handle or by words of the name."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input
from tui_helpers import cursor_office, offices, press, rows, seen_in, settle, text_of

import tui.screens.governance
import tui.screens.proceedings
from tui.commands import parse

WIDE = (120, 36)


async def choose(pilot, query: str) -> None:
    """Ctrl+P, type `query`, wait for the palette's search, Enter on the first hit."""
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await press(pilot, *query)
    await pilot.pause(0.3)  # the palette searches after a short debounce
    await settle(pilot)
    await press(pilot, "enter")
    assert not isinstance(pilot.app.screen, CommandPalette)


def cursor_key(app, tab: str, selector: str) -> str | None:
    # Looked up inside the pane: a tab's own id is the same as some tables'.
    table = app.query_one(f"#{tab}-pane").query_one(selector, DataTable)
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def palette_hits(app) -> list[str]:
    return [
        str(option.prompt).split("\n")[0] for option in app.screen.query_one("CommandList")._options
    ]


@pytest.mark.parametrize(
    ("query", "kinds", "text"),
    [
        ("office: asp-chair", {"office"}, "asp-chair"),
        ("meeting asp", {"meeting"}, "asp"),
        ("gina", None, "gina"),
        ("asp chair", None, "asp chair"),
        ("office:", {"office"}, ""),
    ],
)
def test_a_leading_kind_keeps_the_search_to_that_kind(query, kinds, text):
    assert parse(query) == (kinds, text)


async def test_a_meeting_is_shown_with_its_agenda(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "meeting: asp-viii")
        assert demo_app.query_one("TabbedContent").active == "meetings"
        assert cursor_key(demo_app, "meetings", "#meetings") == "asp-viii"
        assert demo_app.focused is demo_app.query_one("#meetings-pane #meetings")
        assert seen_in(demo_app, demo_app.query_one("#meeting-detail")).startswith(
            "Eighth meeting of the Asian Soil Partnership"
        )


async def test_a_decision_is_found_by_words_of_its_title(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "decision: champion soil laboratories")
        assert demo_app.query_one("TabbedContent").active == "decisions"
        assert cursor_key(demo_app, "decisions", "#decisions") == "ceslab"
        shown = seen_in(demo_app, demo_app.query_one("#decision-detail"))
        assert " ".join(shown.split()).startswith(  # the title as wrapped on the screen
            "Identify champion soil laboratories as regional hubs under the name CESLab"
        )


async def test_an_action_item_is_shown_with_its_history(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "action: shaf-improve-regional-draft")
        assert demo_app.query_one("TabbedContent").active == "workplan"
        assert cursor_key(demo_app, "workplan", "#items") == "shaf-improve-regional-draft"
        assert "shaf-improve-regional-draft" in text_of(demo_app, "#item-detail")


async def test_a_person_is_shown_in_every_event_that_names_them(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "person: gina-nilo")
        assert demo_app.query_one("TabbedContent").active == "audit"
        assert demo_app.query_one("#log-filter", Input).value == "gina-nilo"
        kinds = {row[1] for row in rows(demo_app, "#log")}
        assert kinds == {
            "Holder.Registered",
            "Office.MandateStarted",
            "Meeting.AgendaItemAdded",
            "Meeting.Attended",
        }


async def test_a_body_shows_its_offices_and_seats(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "body: asp-governance-group")
        assert demo_app.query_one("TabbedContent").active == "governance"
        assert demo_app.query_one("#office-filter", Input).value == "asp-governance-group"
        assert text_of(demo_app, "#bodies-title").startswith("Body members on 2023-05-02  (1 ")


async def test_an_office_beyond_the_window_is_found_through_the_filter(demo_app, monkeypatch):
    monkeypatch.setattr(tui.screens.governance, "PAGE", 3)
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "sealnet-chair" not in offices(demo_app)
        await choose(pilot, "office: sealnet-chair")
        assert cursor_office(demo_app) == "sealnet-chair"
        assert demo_app.query_one("#office-filter", Input).value == "sealnet-chair"
        assert text_of(demo_app, "#line-title").startswith("Line of holders: sealnet-chair")


async def test_a_meeting_beyond_the_window_is_shown_in_the_audit_log(demo_app, monkeypatch):
    monkeypatch.setattr(tui.screens.proceedings, "PAGE", 0)
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await choose(pilot, "meeting: asp-viii")
        assert demo_app.query_one("TabbedContent").active == "audit"
        assert demo_app.query_one("#log-filter", Input).value == "asp-viii"
        assert [n.message for n in demo_app._notifications] == [
            "asp-viii: not among the rows that tab shows; its events are shown here"
        ]


async def test_only_what_was_known_at_a_replayed_position_is_offered(demo_app):
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p", *"meeting: asp-viii")
        await pilot.pause(0.3)
        await settle(pilot)
        assert palette_hits(demo_app)[0] == "meeting: asp-viii"
        await press(pilot, "escape")
        demo_app.known_at = 3  # before any meeting was recorded
        await settle(pilot)
        await press(pilot, "ctrl+p", *"meeting: asp-viii")
        await pilot.pause(0.3)
        await settle(pilot)
        assert not any(h.startswith("meeting:") for h in palette_hits(demo_app))
