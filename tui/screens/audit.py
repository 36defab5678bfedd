"""The audit log: every event in order with actor, times, type and entity; the highlighted
event's full detail and chain link beside it. Only a window of the latest events is loaded,
so a million-event log opens as fast as a small one; a filter reads the whole log in a worker,
with a progress bar, and shows the latest matches."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.worker import get_current_worker

from tui.widgets.line import Line
from tui.widgets.table import Table, clip

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ledger.events import LoggedEvent
    from tui.app import LedgerApp

WINDOW = 500
SCAN_PAGE = 5000  # events read between two updates of the progress bar


def matches(e: LoggedEvent, words: list[str]) -> bool:
    """Every word (lower case) is in the event's type, entity, actor or facts."""
    text = f"{e.type} {e.entity} {e.actor} {e.summary()}".lower()
    return all(w in text for w in words)


class AuditPane(Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", show=False, tooltip="Filter the whole log by words")
    ]

    @dataclass
    class Loaded(Message):
        events: list[LoggedEvent]
        head: int
        last: int
        words: list[str]

    @dataclass
    class Scanned(Message):
        position: int
        last: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._events: dict[int, LoggedEvent] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="log-box"):
            yield Line("Audit log", classes="box-title", id="log-title")
            yield Input(
                placeholder="filter: words in type, entity, actor or facts… (/)",
                id="log-filter",
                compact=True,
            )
            yield ProgressBar(id="log-scan", show_eta=False)
            yield Table(id="log", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail-box"):
            yield Line("Event", classes="box-title")
            yield Static(id="detail")

    def on_mount(self) -> None:
        self.query_one("#log-scan", ProgressBar).display = False
        self.query_one("#log", DataTable).add_columns(
            "Pos", "Type", "Entity", "Effective", "Actor", "Recorded (UTC)", "Summary"
        )

    @property
    def ledger_app(self) -> LedgerApp:
        return self.app  # type: ignore[return-value]

    def refresh_data(self) -> None:
        self._load(self.query_one("#log-filter", Input).value)

    def action_filter(self) -> None:
        self.query_one("#log-filter", Input).focus()

    @on(Input.Changed, "#log-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._load(event.value)

    @work(thread=True, exclusive=True, group="audit")
    def _load(self, text: str) -> None:
        ledger = self.ledger_app.ledger
        head = ledger.head_position()
        last = self.ledger_app.known_at if self.ledger_app.known_at is not None else head
        words = text.lower().split()
        if not words:
            window = ledger.events_window(last=last, limit=WINDOW)
            self.post_message(self.Loaded(window, head, last, words))
            return
        # A filter asks about the whole log: read it all, keep the latest matches. A newer
        # filter (a key typed) cancels this worker, which stops at its next event.
        worker = get_current_worker()
        found: deque[LoggedEvent] = deque(maxlen=WINDOW)
        self.post_message(self.Scanned(0, last))
        for e in ledger.audit_log():
            if worker.is_cancelled:
                return
            if e.position > last:
                break
            if matches(e, words):
                found.append(e)
            if e.position % SCAN_PAGE == 0:
                self.post_message(self.Scanned(e.position, last))
        self.post_message(self.Loaded(list(found), head, last, words))

    def _fill(self) -> None:
        table = self.query_one("#log", Table)
        events = self._events.values()
        # The entity gets what the other columns leave, at most 40, but at least 30: events
        # of asp-chair and asp-chair-elect must not read alike. Past it, the summary, the
        # instant recorded and then the actor (all in the event's detail) go past the edge.
        others = (
            max((len(str(e.position)) for e in events), default=3)
            + max((len(e.type) for e in events), default=4)
            + len("2023-05-02")
            + len("2023-05-02 10:00:00")
            + max((len(e.actor) for e in events), default=5)
        )
        entity_width = min(40, table.room(others, 7, least=30))
        table.show_rows(
            [
                (
                    str(e.position),
                    [
                        Text(str(e.position)),
                        Text(e.type),
                        Text(clip(e.entity, entity_width)),
                        Text(e.effective.isoformat() if e.effective else ""),
                        Text(e.actor),
                        Text(e.recorded_at.strftime("%Y-%m-%d %H:%M:%S")),
                        Text(clip(e.summary(), 80)),
                    ],
                )
                for e in events
            ]
        )

    def on_resize(self) -> None:
        if self._events:
            self._fill()

    @on(Scanned)
    def _scanning(self, message: Scanned) -> None:
        bar = self.query_one("#log-scan", ProgressBar)
        bar.display = True
        bar.update(total=max(message.last, 1), progress=message.position)
        self.query_one("#log-title", Static).update(
            f"Audit log: filtering… position {message.position} of {message.last}"
        )

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.query_one("#log-scan", ProgressBar).display = False
        self._events = {e.position: e for e in message.events}
        self._fill()
        shown = len(message.events)
        if message.words:
            latest = "the latest " if shown == WINDOW else ""
            title = (
                f"Audit log: {latest}{shown} events matching {' '.join(message.words)!r}"
                f" up to position {message.last} of {message.head}"
            )
        else:
            last = message.events[-1].position if message.events else 0
            title = f"Audit log: {shown} events up to position {last} of {message.head}"
        self.query_one("#log-title", Static).update(title)
        if message.events:
            self.query_one("#log", Table).move_cursor(row=shown - 1)
            self._detail(message.events[-1])
        elif message.words:
            self.query_one("#detail", Static).update("No event matches the filter.")
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
