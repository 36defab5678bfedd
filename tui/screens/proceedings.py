"""Meetings with their agenda, decisions and attendance; and the decision register, each
decision's life across venues, searchable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from tui.screens.seeking import Seeking
from tui.widgets.line import Line
from tui.widgets.table import Table as DataRows
from tui.widgets.table import clip

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import ComposeResult

    from projections.proceedings import DecisionLife, MeetingRecord
    from tui.app import LedgerApp


PAGE = 200  # meetings or decisions shown: a ledger of many partnerships has tens of thousands


class MeetingsPane(Seeking, Horizontal):
    SEEK_IN, SEEK_GROUP = "#meetings", "meetings"
    _meetings: dict[str, MeetingRecord]  # those shown, by handle

    @dataclass
    class Loaded(Message):
        meetings: list[MeetingRecord]
        total: int

    def compose(self) -> ComposeResult:
        with Vertical(id="meetings-box"):
            yield Line("Meetings", classes="box-title", id="meetings-title")
            yield DataRows(id="meetings", cursor_type="row")
        with VerticalScroll(id="meeting-box"):
            yield Static(id="meeting-detail")

    def on_mount(self) -> None:
        self._meetings = {}
        self.query_one("#meetings", DataTable).add_columns("Date", "Meeting", "Attended")

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="meetings")
    def _load(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        meetings = app.ledger.meetings(known_at=app.known_at, limit=PAGE)
        total = app.ledger.meetings_count(known_at=app.known_at)
        self.post_message(self.Loaded(meetings, total))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        n = len(message.meetings)
        self.query_one("#meetings-title", Static).update(
            f"Meetings ({n})"
            if n == message.total
            else f"Meetings (latest {n} of {message.total:,})"
        )
        self._meetings = {m.meeting: m for m in message.meetings}
        self._fill()
        if message.meetings:
            self.query_one("#meeting-detail", Static).update(describe(message.meetings[0]))
        else:
            self.query_one("#meeting-detail", Static).update("No meeting recorded yet.")
        self._seek()

    def _fill(self) -> None:
        table = self.query_one("#meetings", DataRows)
        width = table.room(len("2023-05-02") + len("Attended"), 3)
        table.show_rows(
            [
                (
                    key,
                    [
                        Text(m.day.isoformat()),
                        Text(clip(m.name, width)),
                        Text(
                            f"{_attended(m)}"
                            + (f"/{m.registered}" if m.registered is not None else "")
                        ),
                    ],
                )
                for key, m in self._meetings.items()
            ]
        )

    def on_resize(self) -> None:
        # The names are clipped to the width the table has: clipped again when it changes.
        if self._meetings:
            self._fill()

    @on(DataTable.RowHighlighted, "#meetings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key in self._meetings:
            self.query_one("#meeting-detail", Static).update(describe(self._meetings[key]))


def describe(m: MeetingRecord) -> Group:
    """The meeting's heading, its agenda with the decisions under each item, and who came.
    The agenda is a grid, so a long title wraps under itself, not under the times."""
    head = Text()
    head.append(f"{m.name}\n", style="bold")
    head.append(
        f"{m.day.isoformat()} · {m.mode}"
        + (f" · {m.venue}" if m.venue else "")
        + (f" · {m.hours}" if m.hours else "")
        + "\n",
        style="dim",
    )
    head.append(
        f"Attended by {_attended(m)}"
        + (f" of {m.registered} registered" if m.registered is not None else "")
        + f"; {len(m.attendance)} named\n"
    )
    under: dict[str | None, list[DecisionLife]] = {}
    for d in m.decisions:
        under.setdefault(d.item, []).append(d)
    agenda = _grid(12)
    for a in m.agenda:
        agenda.add_row(
            Text(a.time or "", style="dim"), Text(a.title, style="bold" if a.key in under else "")
        )
        for d in under.get(a.key, []):
            decision = Text(f"{d.title} ")
            decision.append(f"[{d.status}]", style=_status_style(d.status))
            bullet = _grid(2)
            bullet.add_row("•", decision)
            agenda.add_row("", bullet)
    parts: list[RenderableType] = [head, agenda]
    countries = Counter(p.affiliation or p.country or "?" for p in m.attendance)
    if countries:
        who = Text("\nParticipants: ", style="bold")
        who.append(", ".join(f"{c} {n}" for c, n in countries.most_common()), style="not bold")
        parts.append(who)
    return Group(*parts)


def _attended(m: MeetingRecord) -> int:
    """How many attended: the count the report gives, else the participants named."""
    return m.attending if m.attending is not None else len(m.attendance)


def _grid(first: int) -> Table:
    """Two columns: `first` wide, then the rest, wrapping within itself."""
    grid = Table.grid()
    grid.add_column(width=first, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _status_style(status: str) -> str:
    return {
        "agreed": "green",
        "approved": "green",
        "endorsed": "green",
        "rejected": "red",
        "deferred": "yellow",
        "in written procedure": "cyan",
    }.get(status, "")


class DecisionsPane(Seeking, Horizontal):
    SEEK_IN, SEEK_GROUP = "#decisions", "decisions"
    _lives: dict[str, DecisionLife]  # those shown, by handle

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", show=False, tooltip="Search the decisions by words")
    ]

    @dataclass
    class Loaded(Message):
        decisions: list[DecisionLife]
        matches: set[str] | None

    def compose(self) -> ComposeResult:
        with Vertical(id="decisions-box"):
            yield Input(
                placeholder="search decisions (words)… (/)", id="decision-search", compact=True
            )
            yield DataRows(id="decisions", cursor_type="row")
        with VerticalScroll(id="decision-box"):
            yield Static(id="decision-detail")

    def on_mount(self) -> None:
        self._lives = {}
        self.query_one("#decisions", DataTable).add_columns("Status", "Decision")

    def refresh_data(self) -> None:
        self._load(self.query_one("#decision-search", Input).value)

    def action_search(self) -> None:
        self.query_one("#decision-search", Input).focus()

    @on(Input.Changed, "#decision-search")
    def _search(self, event: Input.Changed) -> None:
        self._load(event.value)

    @work(thread=True, exclusive=True, group="decisions")
    def _load(self, words: str) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        ledger = app.ledger
        if not words.strip():
            lives = ledger.decisions(as_of=app.as_of, known_at=app.known_at, limit=PAGE)
            self.post_message(self.Loaded(lives, None))
            return
        # Words search the whole register (full text), not the window shown without them.
        found = [h.handle for h in ledger.search(words) if h.kind == "decision"]
        lives = [
            d
            for handle in found
            if (d := ledger.decision(handle, as_of=app.as_of, known_at=app.known_at)) is not None
        ]
        self.post_message(self.Loaded(lives, set(found)))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        shown = [
            d for d in message.decisions if message.matches is None or d.decision in message.matches
        ]
        self._lives = {d.decision: d for d in shown}
        self._fill()
        detail = self.query_one("#decision-detail", Static)
        detail.update(life(shown[0]) if shown else "No decision matches.")
        self._seek()

    def _fill(self) -> None:
        table = self.query_one("#decisions", DataRows)
        width = table.room(len("in written procedure"), 2)
        table.show_rows(
            [
                (
                    key,
                    [Text(d.status, style=_status_style(d.status)), Text(clip(d.title, width))],
                )
                for key, d in self._lives.items()
            ]
        )

    def on_resize(self) -> None:
        if self._lives:
            self._fill()

    @on(DataTable.RowHighlighted, "#decisions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key in self._lives:
            self.query_one("#decision-detail", Static).update(life(self._lives[key]))


def life(d: DecisionLife) -> Group:
    """A decision's steps across venues, a note wrapping under its step."""
    head = Text()
    head.append(f"{d.title}\n", style="bold")
    head.append(
        f"{d.decision} · tabled at {d.meeting}" + (f", item {d.item}" if d.item else "") + "\n",
        style="dim",
    )
    steps = _grid(12)
    for s in d.steps:
        step = Text(s.what, style=_status_style(s.what))
        step.append(f"  ({s.venue})", style="dim")
        steps.add_row(Text(s.day.isoformat() if s.day else "", style="dim"), step)
        if s.note:
            steps.add_row("", Text(s.note))
    return Group(head, steps)
