"""Elections: every call for candidates opened by the as-of day, and the chosen one's
candidates, votes and result as they stood on that day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from tui.screens.seeking import Seeking
from tui.widgets.line import Line
from tui.widgets.table import Table, clip

if TYPE_CHECKING:
    from datetime import date

    from textual.app import ComposeResult

    from projections.proceedings import ElectionRecord
    from tui.app import LedgerApp


PAGE = 200  # calls shown: a ledger of many partnerships holds thousands


def result_on(e: ElectionRecord, day: date) -> str:
    """What the election stood at on `day`: its winner once closed, else how the call stands."""
    if e.closed is not None and e.closed <= day:
        names = {c.candidate: c.name for c in e.candidates}
        return f"{names.get(e.winner, e.winner)} elected" if e.winner else "closed, no one elected"
    if day > e.closes:
        return "call closed, awaiting result"
    return "call open"


class ElectionsPane(Seeking, Horizontal):
    SEEK_IN, SEEK_GROUP = "#election-list", "elections"

    @dataclass
    class Loaded(Message):
        elections: list[ElectionRecord]
        opened: int  # by the as-of day, in all
        later: int  # opened after it

    def compose(self) -> ComposeResult:
        with Vertical(id="elections-box"):
            yield Line("Elections", classes="box-title", id="elections-title")
            yield Table(id="election-list", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="election-box"):
            yield Static(id="election-detail")
            yield Table(id="candidates", cursor_type="row", show_cursor=False)

    def on_mount(self) -> None:
        self.query_one("#election-list", DataTable).add_columns("Call opened", "Office", "Result")
        candidates = self.query_one("#candidates", DataTable)
        candidates.add_columns("Candidate", "Nominated", "Votes")
        # A recorded reason can be a sentence: it wraps rather than scrolling sideways.
        candidates.add_column("Note", width=18)

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="elections")
    def _load(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        ledger, day, k = app.ledger, app.as_of, app.known_at
        shown = ledger.elections(known_at=k, opened_by=day, limit=PAGE)
        opened = ledger.elections_count(known_at=k, opened_by=day)
        later = ledger.elections_count(known_at=k) - opened
        self.post_message(self.Loaded(shown, opened, later))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        day = self._app.as_of
        shown = message.elections[::-1]  # the latest call first
        self._elections = {e.election: e for e in shown}
        table = self.query_one("#election-list", DataTable)
        keep = table.cursor_row
        table.clear()
        for e in shown:
            table.add_row(
                e.opens.isoformat(), e.office, clip(result_on(e, day), 28), key=e.election
            )
        n = len(shown)
        count = str(n) if n == message.opened else f"latest {n} of {message.opened:,}"
        later = f"; {message.later:,} opened later" if message.later else ""
        self.query_one("#elections-title", Static).update(
            f"Elections opened by {day.isoformat()}  ({count}{later})"
        )
        if shown:
            table.move_cursor(row=min(max(keep, 0), len(shown) - 1))
            self._detail(shown[table.cursor_row])
        else:
            self.query_one("#election-detail", Static).update("No election opened by this day.")
            self.query_one("#candidates", DataTable).clear()
        self._seek()

    @property
    def _app(self) -> LedgerApp:
        return self.app  # type: ignore[return-value]

    @on(DataTable.RowHighlighted, "#election-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and key in getattr(self, "_elections", {}):
            self._detail(self._elections[key])

    def _detail(self, e: ElectionRecord) -> None:
        day = self._app.as_of
        closed = e.closed is not None and e.closed <= day
        text = Text()
        text.append(f"{e.name}\n", style="bold")
        text.append(f"{e.election} · office {e.office}\n", style="dim")
        text.append(f"Call for candidates {e.opens.isoformat()} to {e.closes.isoformat()}\n")
        if closed and e.closed is not None:
            how = f" ({e.method})" if e.method else ""
            text.append(
                f"Closed {e.closed.isoformat()}: {result_on(e, day)}{how}\n", style="bold green"
            )
        else:
            text.append(f"As of {day.isoformat()}: {result_on(e, day)}\n", style="yellow")
        candidates = [c for c in e.candidates if c.nominated <= day]
        if not candidates:
            text.append("No candidate nominated by this day.\n", style="dim")
        self.query_one("#election-detail", Static).update(text)
        table = self.query_one("#candidates", DataTable)
        table.clear()
        for c in candidates:
            # Votes are only known once the election is closed on the day shown.
            votes = "" if c.votes is None or not closed else str(c.votes)
            winner = closed and c.candidate == e.winner
            note = "; ".join(n for n in ("withdrawn" if c.withdrawn else "", c.override or "") if n)
            table.add_row(
                Text(c.name, style="bold green" if winner else ""),
                c.nominated.isoformat(),
                votes,
                note,
                key=c.candidate,
                height=None,
            )
