"""The audit log: every event in order with actor, times, type and entity; the highlighted
event's full detail and chain link beside it. Only a window of the latest events is loaded,
so a million-event log opens as fast as a small one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ledger.events import LoggedEvent
    from tui.app import LedgerApp

WINDOW = 500


class AuditPane(Horizontal):
    @dataclass
    class Loaded(Message):
        events: list[LoggedEvent]
        head: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._events: dict[int, LoggedEvent] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="log-box"):
            yield Static("Audit log", classes="box-title", id="log-title")
            yield DataTable(id="log", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-box"):
            yield Static("Event", classes="box-title")
            yield Static(id="detail")

    def on_mount(self) -> None:
        self.query_one("#log", DataTable).add_columns(
            "Pos", "Type", "Entity", "Effective", "Recorded (UTC)", "Actor"
        )

    @property
    def ledger_app(self) -> LedgerApp:
        return self.app  # type: ignore[return-value]

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="audit")
    def _load(self) -> None:
        ledger = self.ledger_app.ledger
        head = ledger.head_position()
        last = self.ledger_app.known_at if self.ledger_app.known_at is not None else head
        self.post_message(self.Loaded(ledger.events_window(last=last, limit=WINDOW), head))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        table = self.query_one("#log", DataTable)
        table.clear()
        self._events = {e.position: e for e in message.events}
        for e in message.events:
            table.add_row(
                str(e.position),
                e.type,
                e.entity if len(e.entity) <= 30 else e.entity[:29] + "…",
                e.effective.isoformat() if e.effective else "",
                e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
                e.actor,
                key=str(e.position),
            )
        shown = len(message.events)
        last = message.events[-1].position if message.events else 0
        self.query_one("#log-title", Static).update(
            f"Audit log: {shown} events up to position {last} of {message.head}"
        )
        if message.events:
            table.move_cursor(row=shown - 1)
            self._detail(message.events[-1])
        else:
            self.query_one("#detail", Static).update("No events recorded yet.")

    @on(DataTable.RowHighlighted, "#log")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._detail(self._events[int(event.row_key.value)])

    def _detail(self, e: LoggedEvent) -> None:
        self.query_one("#detail", Static).update(describe(e))


def describe(e: LoggedEvent) -> Text:
    """An event as an auditor reads it: what, who, when, the facts, and its chain link."""
    text = Text()
    text.append(f"#{e.position}  {e.type}\n", style="bold")
    rows = [
        ("entity", e.entity),
        ("recorded", f"{e.recorded_at.strftime('%Y-%m-%d %H:%M:%S')} UTC"),
        ("by", e.actor),
        ("effective", e.effective.isoformat() if e.effective else "—"),
        ("version", str(e.version)),
    ]
    rows += [(k, _value(v)) for k, v in e.payload.items() if k != "handle"]
    width = max(10, *(len(key) for key, _ in rows))
    for key, value in rows:
        text.append(f"{key:<{width}} ", style="dim")
        text.append(f"{value}\n")
    text.append(f"{'link':<{width}} ", style="dim")
    text.append(e.link or "—", style="green")
    return text


def _value(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v) or "—"
    iso = getattr(v, "isoformat", None)
    return str(iso()) if callable(iso) else str(getattr(v, "value", v))
