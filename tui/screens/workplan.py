"""The work plan on the as-of day: items by status with progress bars, owners and due dates,
overdue highlighted; the highlighted item's history beside it."""

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
    from textual.app import ComposeResult

    from projections.workplans import ItemChange, ItemState
    from tui.app import LedgerApp

PAGE = 200  # items shown: a ledger of many partnerships has tens of thousands
ORDER = {"blocked": 0, "in-progress": 1, "planned": 2, "done": 3, "dropped": 4}


def bar(progress: int, width: int = 10) -> Text:
    filled = round(progress / 100 * width)
    return Text(
        "█" * filled + "░" * (width - filled) + f" {progress:>3}%",
        style="green" if progress == 100 else "",
    )


class WorkPlanPane(Seeking, Horizontal):
    SEEK_IN, SEEK_GROUP = "#items", "workplan"

    @dataclass
    class Loaded(Message):
        items: list[ItemState]

    @dataclass
    class HistoryLoaded(Message):
        item: str
        changes: list[ItemChange]

    def compose(self) -> ComposeResult:
        with Vertical(id="items-box"):
            yield Line("Work plan", classes="box-title", id="items-title")
            yield Table(id="items", cursor_type="row")
        with VerticalScroll(id="item-box"):
            yield Static(id="item-detail")

    def on_mount(self) -> None:
        self._items: dict[str, ItemState] = {}  # those shown, in order, by handle
        self.query_one("#items", DataTable).add_columns(
            "Item", "Status", "Progress", "Due", "Owners"
        )

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="workplan")
    def _load(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        items = app.ledger.workplan(as_of=app.as_of, known_at=app.known_at, limit=PAGE)
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        items = sorted(message.items, key=lambda i: (ORDER.get(i.status, 9), i.plan or "~"))
        self._items = {i.item: i for i in items}
        self._fill()
        app: LedgerApp = self.app  # type: ignore[assignment]
        overdue = sum(1 for i in items if i.overdue)
        latest = "the latest " if len(items) == PAGE else ""
        self.query_one("#items-title", Static).update(
            f"Work plan on {app.as_of.isoformat()}: {latest}{len(items)} items, {overdue} overdue"
        )
        if not items:
            self.query_one("#item-detail", Static).update("No action item recorded yet.")
        self._seek()

    def _fill(self) -> None:
        table = self.query_one("#items", Table)
        items = list(self._items.values())
        statuses = [i.status + (" overdue" if i.overdue else "") for i in items]
        # Title and owners share what status, progress and due date leave; the title first.
        room = table.room(
            max(map(len, statuses), default=6)
            + len("██████████ 100%")
            + (len("2023-05-02") if any(i.due for i in items) else len("Due")),
            5,
        )
        owners_width = max(8, min(24, room // 3))
        title_width = max(12, room - owners_width)
        rows = []
        for i, shown in zip(items, statuses, strict=True):
            status = Text(shown, style="bold red" if i.overdue else "")
            indent = "  " if i.parent else ""
            cells = [
                Text(indent + clip(i.title, title_width - len(indent))),
                status,
                bar(i.progress),
                Text(i.due.isoformat() if i.due else ""),
                Text(clip(", ".join(i.owners), owners_width)),
            ]
            rows.append((i.item, cells))
        table.show_rows(rows)

    def on_resize(self) -> None:
        # Titles and owners are clipped to the width the table has: again when it changes.
        if self._items:
            self._fill()

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._history(event.row_key.value)

    @work(thread=True, exclusive=True, group="item-history")
    def _history(self, item: str) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        self.post_message(
            self.HistoryLoaded(item, app.ledger.action_history(item, known_at=app.known_at))
        )

    @on(HistoryLoaded)
    def _show_history(self, message: HistoryLoaded) -> None:
        text = Text()
        item = self._items.get(message.item)
        text.append(f"{item.title if item else ''}\n", style="bold")
        text.append(f"{message.item}\n\n", style="dim")
        for c in message.changes:
            text.append(f"{c.day.isoformat()}  ", style="dim")
            text.append(c.what, style="bold")
            if c.progress is not None and c.what != "created":
                text.append(f" {c.progress}%")
            if c.owners:
                text.append(f" · {', '.join(c.owners)}")
            if c.due:
                text.append(f" · due {c.due.isoformat()}")
            text.append("\n")
            if c.note:
                text.append(f"            {c.note}\n", style="italic")
        self.query_one("#item-detail", Static).update(text)
