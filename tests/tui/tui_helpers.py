"""Reading the screen as the user sees it, and waiting for the thread workers to answer."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.pilot import Pilot
    from textual.widget import Widget

    from tui.app import LedgerApp

AS_OF = date(2023, 5, 2)  # the day of the meeting the demo records
TODAY = date(2026, 11, 24)  # fixed, so the timeline's axis ends on the same day every run


async def settle(pilot: Pilot[None]) -> None:
    """Let the thread workers answer and their messages be shown (one load may start another:
    showing the offices moves their cursor, which loads the line of holders)."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    # A DataTable sizes its columns when it next goes idle: a screen read (or a dialog pushed
    # over it) before then shows columns as wide as their headers. On a loaded machine that
    # can take more than one pause.
    for _ in range(100):
        await pilot.pause()
        tables = [t for screen in app.screen_stack for t in screen.query(DataTable)]
        if not any(t._require_update_dimensions for t in tables):
            break
    await pilot.pause()  # and the screen repainted with the columns' new widths


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def replay_at(pilot: Pilot[None], position: int) -> None:
    """The state that pressing `[` (head - position) times leads to, reached in one go:
    each step reloads both panes, and a hundred steps would take a minute."""
    pilot.app.known_at = position  # type: ignore[attr-defined]
    await settle(pilot)


def text_of(node: DOMNode, selector: str) -> str:
    """What a Static shows, as plain text (`node` is the app, or a screen pushed over it)."""
    return str(node.query_one(selector, Static).render())


def status(app: LedgerApp) -> str:
    return text_of(app, "#status")


def rows(app: LedgerApp, selector: str) -> list[list[str]]:
    """A DataTable's rows, top to bottom, as text."""
    table = app.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def labelled_rows(app: LedgerApp, selector: str) -> list[dict[str, str]]:
    """A DataTable's rows, each cell under its column's label."""
    table = app.query_one(selector, DataTable)
    labels = [str(column.label) for column in table.ordered_columns]
    return [dict(zip(labels, row, strict=True)) for row in rows(app, selector)]


async def focus(pilot: Pilot[None], selector: str) -> None:
    """Press Tab until `selector` has the focus, as a user would."""
    target = pilot.app.query_one(selector)
    for _ in range(6):
        if pilot.app.focused is target:
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached {selector}; the focus is on {pilot.app.focused}")


def offices(app: LedgerApp) -> dict[str, str]:
    """Office handle -> who the offices table says holds it."""
    return {row[0]: row[1] for row in rows(app, "#offices")}


def cursor_office(app: LedgerApp) -> str:
    table = app.query_one("#offices", DataTable)
    return str(table.get_row_at(table.cursor_row)[0])


def screen_lines(app: LedgerApp) -> list[str]:
    """The terminal's lines as composed for the user: what is clipped or covered is not
    there, whatever the widgets hold."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def seen_in(app: LedgerApp, widget: Widget) -> str:
    """The part of the terminal that `widget` covers, a line of text per row."""
    region = widget.region
    return "\n".join(
        line[region.x : region.right] for line in screen_lines(app)[region.y : region.bottom]
    )
