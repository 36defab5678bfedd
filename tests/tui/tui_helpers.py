"""Reading the screen as the user sees it, and waiting for the thread workers to answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Input, Select, Static

from tui.screens.forms.base import RecordForm

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.pilot import Pilot
    from textual.widget import Widget

    from ledger.app import Ledger
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


def row_keyed(app: LedgerApp, selector: str, key: str) -> list[str]:
    """The cells of the DataTable's row for `key` (an entity's handle), as text."""
    return [str(cell) for cell in app.query_one(selector, DataTable).get_row(key)]


def clipped(shown: str, full: str) -> bool:
    """Whether `shown` is `full`, or its start cut to a column's width with an ellipsis."""
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1]))


def labelled_rows(app: LedgerApp, selector: str) -> list[dict[str, str]]:
    """A DataTable's rows, each cell under its column's label."""
    table = app.query_one(selector, DataTable)
    labels = [str(column.label) for column in table.ordered_columns]
    return [dict(zip(labels, row, strict=True)) for row in rows(app, selector)]


async def focus(pilot: Pilot[None], selector: str, tabs: int = 6) -> None:
    """Press Tab (at most `tabs` times) until `selector`, on the screen shown (a form, say), has
    the focus, as a user would."""
    target = pilot.app.screen.query_one(selector)
    for _ in range(tabs):
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


def open_vice_chair_election(ledger: Ledger, opens: date, closes: date) -> None:
    """The call for candidates for the ASP Vice-Chair, open from `opens` to `closes`."""
    ledger.open_election(
        "asp-vice-chair-2023",
        office="asp-vice-chair",
        opens=opens,
        closes=closes,
        name="Election of the ASP Vice-Chair",
    )


# --- the recording forms ---------------------------------------------------------------------
#
# A form is opened by its key or a command-palette command, filled field by field as a user
# would (Tab to the field, type; → accepts the completion offered), and recorded with Ctrl+S.

Typed = str | tuple[str, ...]
"""What is typed into a field: a value ending in `→` accepts the completion offered after the
rest is typed; a tuple is a list of handles typed part by part (`("gina→", ", lucr→")`), each
part ending in `→` taking the completion of the handle being typed."""


@dataclass(frozen=True)
class Part:
    """What a form shows, given by some of its text; the rest is not the test's point."""

    start: str = ""
    texts: tuple[str, ...] = ()

    def including(self, *texts: str) -> Part:
        """And these texts somewhere in it too."""
        return Part(self.start, self.texts + texts)


def starting(text: str) -> Part:
    """What the form shows starts with `text`."""
    return Part(start=text)


def including(*texts: str) -> Part:
    """Each of `texts` stands somewhere in what the form shows."""
    return Part(texts=texts)


Shown = str | list[str] | Part
"""What a form is expected to show: exactly this text, exactly these lines, or a `Part`."""


def assert_shows(shown: str, expected: Shown) -> None:
    if isinstance(expected, Part):
        assert shown.startswith(expected.start)
        for text in expected.texts:
            assert text in shown
    elif isinstance(expected, list):
        assert shown.splitlines() == expected
    else:
        assert shown == expected


def preview(pilot: Pilot[None]) -> str:
    """The events the form on screen would record, a line each ("—" for none)."""
    return text_of(pilot.app.screen, "#form-preview")


def error(pilot: Pilot[None]) -> str:
    """The broken rule or malformed field the form on screen shows ("" for none)."""
    return text_of(pilot.app.screen, "#form-error")


def title(pilot: Pilot[None]) -> str:
    return text_of(pilot.app.screen, ".box-title")


async def palette(pilot: Pilot[None], command: str) -> None:
    await press(pilot, "ctrl+p")
    await press(pilot, *command)
    await press(pilot, "enter")


async def as_of(pilot: Pilot[None], day: str) -> None:
    """`a`, then the day the screens show the governance on."""
    await press(pilot, "a")
    await press(pilot, "ctrl+a", "ctrl+k", *day, "enter")


async def open_form(pilot: Pilot[None], form: str) -> RecordForm:
    """Open a form by its key (`D`) or its command in the palette (`record: person`)."""
    if len(form) == 1:
        await press(pilot, form)
    else:
        await palette(pilot, form)
    return form_on_screen(pilot)


def form_on_screen(pilot: Pilot[None]) -> RecordForm:
    screen = pilot.app.screen
    assert isinstance(screen, RecordForm), f"{screen} is on screen, not a form"
    return screen


async def to_field(pilot: Pilot[None], field: str) -> None:
    """Tab (forward, as a user would) until `field` has the focus."""
    await focus(pilot, f"#{field}", tabs=20)


async def type_in(pilot: Pilot[None], text: str) -> None:
    """Type `text` where the focus is; one ending in `→` then accepts the completion."""
    await press(pilot, *text.removesuffix("→"))
    if text.endswith("→"):
        await press(pilot, "right")


async def fill(pilot: Pilot[None], /, **fields: Typed) -> None:
    """Type each value into its field in turn (see `Typed`); an Input's old text is replaced,
    and a Select is opened, the start of an option's label typed and the option taken."""
    for field, value in fields.items():
        await to_field(pilot, field)
        widget = pilot.app.focused
        parts = (value,) if isinstance(value, str) else value
        if isinstance(widget, Select):
            await press(pilot, "enter")
            await press(pilot, *parts[0])
            await press(pilot, "enter")
            continue
        assert isinstance(widget, Input)
        if widget.value:
            await press(pilot, "ctrl+a", "ctrl+k")
        for part in parts:
            await type_in(pilot, part)


async def record(
    pilot: Pilot[None],
    /,
    *,
    previews: Shown,
    completed: dict[str, str] | None = None,
    **fields: Typed,
) -> None:
    """On the form on screen: fill in `fields`, see each field in `completed` read as given
    (what → completed to), see no error and the events `previews` shows, then press Ctrl+S and
    see the form close and the log grow by as many events as the preview listed, and not
    before."""
    form = form_on_screen(pilot)
    head = form.ledger.head_position()
    await fill(pilot, **fields)
    for field, value in (completed or {}).items():
        assert form.query_one(f"#{field}", Input).value == value
    assert error(pilot) == ""
    shown = preview(pilot)
    assert_shows(shown, previews)
    assert form.ledger.head_position() == head  # a preview records nothing
    await press(pilot, "ctrl+s")
    assert pilot.app.screen is not form
    assert form.ledger.head_position() == head + len(shown.splitlines())


async def record_through(
    pilot: Pilot[None],
    form: str,
    /,
    *,
    previews: Shown,
    completed: dict[str, str] | None = None,
    **fields: Typed,
) -> None:
    """Open `form` (its key or palette command) and `record` what `fields` make."""
    await open_form(pilot, form)
    await record(pilot, previews=previews, completed=completed, **fields)


async def refused(pilot: Pilot[None], /, *, error: Shown, **fields: Typed) -> RecordForm:
    """On the form on screen: fill in `fields`, see the `error` the form shows instead of a
    preview and its Record button disabled, then press Ctrl+S and see the form stay, the
    button still disabled, and the log as it was."""
    form = form_on_screen(pilot)
    head = form.ledger.head_position()
    await fill(pilot, **fields)
    assert_shows(text_of(form, "#form-error"), error)
    assert preview(pilot) == "—"
    assert form.query_one("#form-record").disabled
    await press(pilot, "ctrl+s")
    assert form.ledger.head_position() == head
    assert form.query_one("#form-record").disabled
    assert pilot.app.screen is form
    return form


async def refused_through(
    pilot: Pilot[None], form: str, /, *, error: Shown, **fields: Typed
) -> RecordForm:
    """Open `form` (its key or palette command) and see what `fields` make `refused`."""
    await open_form(pilot, form)
    return await refused(pilot, error=error, **fields)
