"""Jump the replay to a position of the log, or to what was known at a recorded instant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.binding import BindingType


def parse_moment(text: str) -> int | datetime:
    """A position (a whole number) or an instant (ISO; UTC unless it says otherwise)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # The dialog shows the forms it takes just above; the message has one line to say it.
        raise ValueError(f"{text!r} is neither a position nor an instant") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReplayToDialog(ModalScreen[int | None]):
    """Type a position or a recorded instant; Enter replays the ledger as known then."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "dismiss(None)", "Cancel")]

    def __init__(self, head: int, position_at: Callable[[datetime], int]) -> None:
        super().__init__()
        self.head = head
        self.position_at = position_at

    def compose(self) -> ComposeResult:
        with Vertical(id="replay-dialog"):
            yield Label(f"Replay the ledger as known at a position (0-{self.head})")
            yield Label("or at a recorded instant (YYYY-MM-DD[THH:MM], UTC):")
            yield Input(placeholder=str(self.head), id="replay-input")
            yield Label("", id="replay-error")
            yield Label("Enter to replay · Escape to cancel", classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        error = self.query_one("#replay-error", Label)
        try:
            moment = parse_moment(event.value)
        except ValueError as e:
            error.update(str(e))
            return
        if isinstance(moment, int):
            if moment > self.head:
                error.update(f"position {moment} is past the head ({self.head})")
                return
            self.dismiss(moment)
        else:
            self.dismiss(self.position_at(moment))
