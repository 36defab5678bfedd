"""Recording forms. Each validates as you type, shows the event(s) it will record before
anything is recorded, and shows a broken rule as the rule's own message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from domain.errors import RuleBroken
from domain.workplans import Status
from ledger.core import previewing
from ledger.events import logged

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType

    from ledger.app import Ledger
    from ledger.core import Receipt


def parse_day(text: str, *, required: bool) -> date | None:
    """A strict ISO day, or None when empty and optional; ValueError otherwise."""
    text = text.strip()
    if not text:
        if required:
            raise ValueError("a day is required (YYYY-MM-DD)")
        return None
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a day (YYYY-MM-DD)")
    return date.fromisoformat(text)


class RecordForm(ModalScreen[int | None]):
    """A form for one command. Subclasses give the fields and the command; this class
    previews it on every change, and records it on Ctrl+S or the Record button."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "dismiss(None)", "Cancel"),
        ("ctrl+s", "record", "Record"),
    ]
    TITLE = "Record"

    @dataclass
    class Previewed(Message):
        lines: list[str]
        error: str | None

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        """The command the form's values make; raises ValueError for a malformed field."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self.TITLE, classes="box-title")
            yield from self.fields()
            yield Label("Will record:", classes="hint")
            yield Static(id="form-preview")
            yield Label("", id="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Record (Ctrl+S)", id="form-record", variant="primary")
                yield Button("Cancel (Esc)", id="form-cancel")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for widget in self.query("Input, Checkbox, Select"):
            if widget.id:
                out[widget.id] = widget.value  # type: ignore[attr-defined]
        return out

    def on_mount(self) -> None:
        self._preview(self.values())

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._preview(self.values())

    @work(thread=True, exclusive=True, group="form-preview")
    def _preview(self, values: dict[str, Any]) -> None:
        try:
            run = self.command(values)
            with previewing():
                receipt = run()
        except (ValueError, RuleBroken) as e:
            self.post_message(self.Previewed([], str(e)))
            return
        handles: dict[Any, str] = {}
        described = [logged(0, e, handles) for e in receipt.events]
        self.post_message(self.Previewed([f"{d.type}  {d.summary()}" for d in described], None))

    @on(Previewed)
    def _show_preview(self, message: Previewed) -> None:
        self.query_one("#form-preview", Static).update("\n".join(message.lines) or "—")
        self.query_one("#form-error", Label).update(message.error or "")
        self.query_one("#form-record", Button).disabled = message.error is not None

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-record")
    def action_record(self) -> None:
        self._record(self.values())

    @work(thread=True, exclusive=True, group="form-record")
    def _record(self, values: dict[str, Any]) -> None:
        try:
            receipt = self.command(values)()
        except (ValueError, RuleBroken) as e:
            self.app.call_from_thread(self.notify, str(e), severity="error", timeout=10)
            self.post_message(self.Previewed([], str(e)))
            return
        self.app.call_from_thread(self.dismiss, receipt.position)


class StartMandateForm(RecordForm):
    TITLE = "Start a mandate"

    def fields(self) -> ComposeResult:
        offices = self.ledger.handles("offices")
        holders = self.ledger.handles("holders")
        yield Input(
            placeholder="office (e.g. asp-chair)",
            id="office",
            suggester=SuggestFromList(offices, case_sensitive=False),
        )
        yield Input(
            placeholder="holder (e.g. gina-nilo)",
            id="holder",
            suggester=SuggestFromList(holders, case_sensitive=False),
        )
        yield Input(placeholder="from (YYYY-MM-DD)", id="start")
        yield Input(placeholder="until, if known (YYYY-MM-DD)", id="end")
        yield Input(placeholder="basis (the election or decision)", id="basis")
        yield Checkbox("acting", id="acting")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        start = parse_day(values["start"], required=True)
        end = parse_day(values["end"], required=False)
        assert start is not None
        office, holder = values["office"].strip(), values["holder"].strip()
        if not office or not holder:
            raise ValueError("an office and a holder are required")
        return lambda: self.ledger.start_mandate(
            office,
            holder,
            start,
            end=end,
            acting=bool(values["acting"]),
            basis=values["basis"].strip() or None,
        )


class UpdateActionForm(RecordForm):
    TITLE = "Update an action item"

    def fields(self) -> ComposeResult:
        items = [i.item for i in self.ledger.workplan(as_of=date.max)]
        yield Input(
            placeholder="action item",
            id="item",
            suggester=SuggestFromList(items, case_sensitive=False),
        )
        yield Select([(s.value, s.value) for s in Status], id="status", prompt="status")
        yield Input(placeholder="progress 0-100 (optional)", id="progress")
        yield Input(placeholder="on (YYYY-MM-DD)", id="day")
        yield Input(placeholder="note (optional)", id="note")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        day = parse_day(values["day"], required=True)
        assert day is not None
        status = values["status"]
        if not isinstance(status, str):
            raise ValueError("choose a status")
        progress_text = values["progress"].strip()
        if progress_text and not progress_text.isdigit():
            raise ValueError(f"{progress_text!r} is not a percentage")
        progress = int(progress_text) if progress_text else None
        item = values["item"].strip()
        return lambda: self.ledger.update_action(
            item,
            Status(status),
            day=day,
            progress=progress,
            note=values["note"].strip() or None,
        )
