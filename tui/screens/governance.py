"""Governance: offices with who holds them on the as-of day, the chosen office's line of
holders on a timeline, and the bodies with their members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from tui.screens.seeking import Seeking
from tui.widgets.line import Line
from tui.widgets.table import Table, clip
from tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.app import ComposeResult

    from projections.governance import Governance, OfficeHolders, Tenure
    from tui.app import LedgerApp


# Textual's DataTable lays out every row it holds on each change (~0.3 ms a row here): the
# window is a few screens' worth, and the filter reaches the others.
PAGE = 100  # offices, and body seats, shown at once
BODIES = 10  # bodies whose members are shown: each body's seats are read over its history


class GovernancePane(Seeking, Vertical):
    """Reads through the app's ledger in a worker; the tables are filled when it answers.

    A ledger of many partnerships has thousands of offices: the pane asks for a window of
    them (the first `PAGE` matching the filter), so its cost follows the window.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", show=False, tooltip="Find offices and bodies by words")
    ]
    SEEK_IN, SEEK_GROUP = "#offices", "governance"
    _line_shown: tuple[str, int] | None = None  # the office, and the position it was read at
    _filtered_for: str | None = None  # the office sought by setting the filter to it
    _width_shown = 0  # the offices table's width when its names were clipped

    @dataclass
    class Loaded(Message):
        governance: Governance
        line: GovernancePane.LineLoaded | None = None

    @dataclass
    class LineLoaded(Message):
        office: str
        tenures: list[Tenure]
        position: int  # the position it was read as known at

    def compose(self) -> ComposeResult:
        with Horizontal(id="governance-top"):
            with Vertical(id="offices-box"):
                yield Line("Offices", classes="box-title", id="offices-title")
                yield Input(
                    placeholder="filter offices and bodies: words of handle or name… (/)",
                    id="office-filter",
                    compact=True,
                )
                yield Table(id="offices", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="line-box"):
                yield Line("Line of holders", classes="box-title", id="line-title")
                yield Timeline(id="timeline")
                yield LineOfHolders(id="line", cursor_type="row", show_cursor=False)
        with Vertical(id="bodies-box"):
            yield Line("Body members", classes="box-title", id="bodies-title")
            yield Table(id="members", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#offices", DataTable).add_columns("Office", "Held by", "Seats", "Name")
        self.query_one("#members", DataTable).add_columns(
            "Body", "Member", "Since", "Until", "Ex officio"
        )

    @property
    def ledger_app(self) -> LedgerApp:
        return self.app  # type: ignore[return-value]

    def refresh_data(self) -> None:
        self._load(self.query_one("#office-filter", Input).value)

    def action_filter(self) -> None:
        self.query_one("#office-filter", Input).focus()

    @on(Input.Changed, "#office-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._load(event.value)

    @on(Input.Submitted, "#office-filter")
    def _filtered(self) -> None:
        self.query_one("#offices", DataTable).focus()

    @work(thread=True, exclusive=True, group="governance")
    def _load(self, words: str) -> None:
        app = self.ledger_app
        known_at, position = app.known_at, app.position
        governance = app.ledger.governance_on(
            app.as_of, known_at=known_at, limit=PAGE, words=words, bodies_limit=BODIES
        )
        # The line of the office under the cursor is read in the same trip when it is to be
        # read again (a replay step, an entry recorded): one worker's round trip, not two.
        line = None
        shown = self._line_shown
        if shown is not None and shown[1] != position:
            office = shown[0]
            if any(o.office.office == office for o in governance.offices):
                tenures = app.ledger.holders(office, known_at=known_at)
                line = self.LineLoaded(office, tenures, position)
        self.post_message(self.Loaded(governance, line))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        g = message.governance
        offices = self.query_one("#offices", Table)
        keep = offices.cursor_row
        # Filling the table moves its cursor row by row; the line is loaded once, below.
        # Before the first layout the width is not known (-1): the resize that follows reads
        # the offices again, clipped to the width they then have.
        self._width_shown = offices.size.width or -1
        # The holders first (24 characters, as many as most names need); the office's name
        # in what is left.
        room = offices.room(max((len(o.office.office) for o in g.offices), default=6) + 24 + 5, 4)
        name = min(30, max(10, room))
        with offices.prevent(DataTable.RowHighlighted):
            offices.show_rows(
                [
                    (
                        o.office.office,
                        _cells(
                            o.office.office,
                            clip(_held(o), 24),
                            f"{len(o.holders)}/{o.office.seats}",
                            clip(o.office.name, name),
                        ),
                    )
                    for o in g.offices
                ]
            )
            if g.offices:
                offices.move_cursor(row=min(max(keep, 0), len(g.offices) - 1))
        self.query_one("#offices-title", Static).update(
            f"Offices on {g.as_of.isoformat()}  ({_shown(len(g.offices), g.offices_total)})"
            + ("  / to filter" if len(g.offices) != g.offices_total else "")
        )
        seats = [(b, seat) for b in g.bodies for seat in b.members]
        members = self.query_one("#members", Table)
        # Body and member share what the dates and the ex-officio mark leave.
        name_width = min(28, members.room(len("2023-05-02") * 2 + len("Ex officio"), 5) // 2)
        members.show_rows(
            [
                (
                    f"{b.body.body} {seat.member} {seat.start} {seat.ex_officio} {n}",
                    _cells(
                        clip(b.body.name, name_width),
                        clip(seat.name, name_width),
                        seat.start.isoformat(),
                        seat.end.isoformat() if seat.end else "",
                        "yes" if seat.ex_officio else "",
                    ),
                )
                for n, (b, seat) in enumerate(seats[:PAGE])
            ]
        )
        empty = sum(1 for b in g.bodies if not b.members)
        self.query_one("#bodies-title", Static).update(
            f"Body members on {g.as_of.isoformat()}  ({_shown(len(g.bodies), g.bodies_total)}"
            f" bodies; {empty} without members"
            + (f"; first {PAGE} of {len(seats):,} seats" if len(seats) > PAGE else "")
            + ")"
        )
        if g.offices:
            office = str(g.offices[offices.cursor_row].office.office)
            if message.line is not None and message.line.office == office:
                self._show_line(message.line)
            else:
                self.show_office(office)
        else:
            self.query_one(Timeline).tenures = ()
            self.query_one(LineOfHolders).show(())
            self.query_one("#line-title", Static).update("Line of holders")
            self._line_shown = None
        self._seek()

    def on_resize(self) -> None:
        # Names are clipped to the width the tables had: read again when it changes.
        if self._width_shown and self._width_shown != self.query_one("#offices").size.width:
            self.refresh_data()

    @on(DataTable.RowHighlighted, "#offices")
    def _office_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_office(event.row_key.value)

    def show_office(self, office: str) -> None:
        # The line of holders depends on what was known, not on the as-of day, which only
        # moves the timeline's marker: an as-of change does not lay the line out again.
        app = self.ledger_app
        if self._line_shown == (office, app.position):
            self.query_one(Timeline).as_of = app.as_of
            return
        self._load_line(office)

    def seek(self, handle: str, *, reload_due: bool) -> None:
        self._filtered_for = None
        super().seek(handle, reload_due=reload_due)

    def not_shown(self, handle: str) -> None:
        # Outside the window of offices shown: the filter finds it, unless it was not there
        # on the day (not yet created, or abolished).
        if self._filtered_for == handle:
            self._filtered_for = None
            self.app.notify(
                f"office {handle} is not in the ledger on {self.ledger_app.as_of.isoformat()}",
                severity="warning",
            )
            return
        self._filtered_for = handle
        self.filter_by(handle, seeking=handle)

    def filter_by(self, words: str, *, seeking: str | None = None) -> None:
        """Show the offices and bodies matching `words` (the command palette's bodies)."""
        self._sought = seeking
        box = self.query_one("#office-filter", Input)
        if box.value == words:
            self._load(words)
        else:
            box.value = words  # which loads them

    @work(thread=True, exclusive=True, group="line")
    def _load_line(self, office: str) -> None:
        app = self.ledger_app
        position = app.position
        tenures = app.ledger.holders(office, known_at=app.known_at)
        self.post_message(self.LineLoaded(office, tenures, position))

    @on(LineLoaded)
    def _show_line(self, message: LineLoaded) -> None:
        self._line_shown = (message.office, message.position)
        timeline = self.query_one(Timeline)
        timeline.as_of = self.ledger_app.as_of
        timeline.today = self.ledger_app.today
        if timeline.tenures != tuple(message.tenures):
            timeline.tenures = tuple(message.tenures)
        self.query_one(LineOfHolders).show(message.tenures)
        n = len(message.tenures)
        self.query_one("#line-title", Static).update(
            f"Line of holders: {message.office}  ({n} mandate{'' if n == 1 else 's'})"
        )


class LineOfHolders(Table[Text]):
    """One office's holders, the basis wrapped in whatever width the table has."""

    _tenures: Sequence[Tenure] = ()

    def show(self, tenures: Sequence[Tenure]) -> None:
        # A replay step rarely touches the office shown: the same line is not laid out again.
        if self.columns and list(tenures) == list(self._tenures) and self.row_count == len(tenures):
            return
        self._tenures = tenures
        self._fill()

    def on_resize(self) -> None:
        # A line shown before the first layout, or before the terminal was resized, is laid
        # out again in the width the table has now.
        self._fill()

    def _fill(self) -> None:
        # Column widths only grow while columns are kept: start afresh every time.
        self.clear(columns=True)
        self.add_columns("Holder", "From", "Until")
        names = [f"{t.name} (acting)" if t.acting else t.name for t in self._tenures]
        # The basis wraps in what the other three columns leave.
        others = (
            max(map(len, names), default=6)
            + len("2023-05-02")
            + (len("2023-05-02") if any(t.end for t in self._tenures) else len("Until"))
            + 4 * 2 * self.cell_padding
        )
        self.add_column("Basis", width=max(self.scrollable_content_region.width - others, 16))
        for name, t in zip(names, self._tenures, strict=True):
            end = t.end.isoformat() if t.end else ""
            self.add_row(*_cells(name, t.start.isoformat(), end, t.basis or ""), height=None)


def _held(o: OfficeHolders) -> str:
    return ", ".join(f"{t.name} (acting)" if t.acting else t.name for t in o.holders) or "—"


def _cells(*texts: str) -> list[Text]:
    """Cells as plain text: a str cell is read as markup, which costs a parse per cell on
    every layout and would eat a name with brackets in it."""
    return [Text(t) for t in texts]


def _shown(n: int, total: int | None) -> str:
    return str(n) if total is None or total == n else f"first {n} of {total:,}"
