"""Meetings with their agenda, decisions and attendance; and the decision register, each
decision's life across venues, searchable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from tui.screens.seeking import Seeking
from tui.widgets.line import Line
from tui.widgets.table import Table

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from projections.proceedings import DecisionLife, MeetingRecord
    from tui.app import LedgerApp


PAGE = 200  # meetings or decisions shown: a ledger of many partnerships has tens of thousands


class MeetingsPane(Seeking, Horizontal):
    SEEK_IN, SEEK_GROUP = "#meetings", "meetings"

    @dataclass
    class Loaded(Message):
        meetings: list[MeetingRecord]
        total: int

    def compose(self) -> ComposeResult:
        with Vertical(id="meetings-box"):
            yield Line("Meetings", classes="box-title", id="meetings-title")
            yield Table(id="meetings", cursor_type="row")
        with VerticalScroll(id="meeting-box"):
            yield Static(id="meeting-detail")

    def on_mount(self) -> None:
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
        table = self.query_one("#meetings", DataTable)
        table.clear()
        n = len(message.meetings)
        self.query_one("#meetings-title", Static).update(
            f"Meetings ({n})"
            if n == message.total
            else f"Meetings (latest {n} of {message.total:,})"
        )
        self._meetings = {m.meeting: m for m in message.meetings}
        for m in message.meetings:
            attended = m.attending if m.attending is not None else len(m.attendance)
            of = f"/{m.registered}" if m.registered is not None else ""
            table.add_row(m.day.isoformat(), m.name[:40], f"{attended}{of}", key=m.meeting)
        if message.meetings:
            self.query_one("#meeting-detail", Static).update(describe(message.meetings[0]))
        else:
            self.query_one("#meeting-detail", Static).update("No meeting recorded yet.")
        self._seek()

    @on(DataTable.RowHighlighted, "#meetings")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key in getattr(self, "_meetings", {}):
            self.query_one("#meeting-detail", Static).update(describe(self._meetings[key]))


def describe(m: MeetingRecord) -> Text:
    text = Text()
    text.append(f"{m.name}\n", style="bold")
    attended = m.attending if m.attending is not None else len(m.attendance)
    text.append(
        f"{m.day.isoformat()} · {m.mode}"
        + (f" · {m.venue}" if m.venue else "")
        + (f" · {m.hours}" if m.hours else "")
        + "\n",
        style="dim",
    )
    text.append(
        f"Attended by {attended}"
        + (f" of {m.registered} registered" if m.registered is not None else "")
        + f"; {len(m.attendance)} named\n\n"
    )
    under: dict[str | None, list[DecisionLife]] = {}
    for d in m.decisions:
        under.setdefault(d.item, []).append(d)
    for a in m.agenda:
        text.append(f"{a.time or '':<12}", style="dim")
        text.append(f"{a.title}\n", style="bold" if a.key in under else "")
        for d in under.get(a.key, []):
            text.append(f"{'':12}• {d.title} ", style="")
            text.append(f"[{d.status}]\n", style=_status_style(d.status))
    countries = Counter(p.affiliation or p.country or "?" for p in m.attendance)
    if countries:
        text.append("\nParticipants: ", style="bold")
        text.append(", ".join(f"{c} {n}" for c, n in countries.most_common()))
    return text


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
            yield Table(id="decisions", cursor_type="row")
        with VerticalScroll(id="decision-box"):
            yield Static(id="decision-detail")

    def on_mount(self) -> None:
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
        table = self.query_one("#decisions", DataTable)
        table.clear()
        shown = [
            d for d in message.decisions if message.matches is None or d.decision in message.matches
        ]
        self._lives: dict[str, Any] = {d.decision: d for d in shown}
        for d in shown:
            table.add_row(
                Text(d.status, style=_status_style(d.status)), d.title[:60], key=d.decision
            )
        detail = self.query_one("#decision-detail", Static)
        detail.update(life(shown[0]) if shown else "No decision matches.")
        self._seek()

    @on(DataTable.RowHighlighted, "#decisions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key in getattr(self, "_lives", {}):
            self.query_one("#decision-detail", Static).update(life(self._lives[key]))


def life(d: DecisionLife) -> Text:
    text = Text()
    text.append(f"{d.title}\n", style="bold")
    text.append(
        f"{d.decision} · tabled at {d.meeting}" + (f", item {d.item}" if d.item else "") + "\n\n",
        style="dim",
    )
    for s in d.steps:
        text.append(f"{s.day.isoformat() if s.day else '':<11} ", style="dim")
        text.append(f"{s.what}", style=_status_style(s.what))
        text.append(f"  ({s.venue})\n", style="dim")
        if s.note:
            text.append(f"{'':12}{s.note}\n")
    return text
