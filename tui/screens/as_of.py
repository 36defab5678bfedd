"""The as-of dialog: one date that every screen answers for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return len(text.strip()) == 10


class AsOfDialog(ModalScreen[date | None]):
    """Type a day (YYYY-MM-DD); Enter applies it, Escape leaves things as they were."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: date) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="as-of-dialog"):
            yield Label("Show the ledger as of (YYYY-MM-DD):")
            yield Input(
                value=self.current.isoformat(),
                id="as-of-input",
                validators=[Function(_is_day, "not a day of the calendar (YYYY-MM-DD)")],
            )
            yield Label("", id="as-of-error")
            yield Label("Enter to apply · Escape to cancel", classes="hint")

    @on(Input.Changed)
    def _validate(self, event: Input.Changed) -> None:
        result = event.validation_result
        message = "" if result is None or result.is_valid else result.failure_descriptions[0]
        self.query_one("#as-of-error", Label).update(message)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if event.validation_result is None or event.validation_result.is_valid:
            self.dismiss(date.fromisoformat(event.value.strip()))
