"""Rebuild every read model from the log, with its progress shown as it goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ledger.app import Ledger


class RebuildScreen(ModalScreen[int]):
    """Runs the rebuild in a worker; the bar follows the position reached in the log. It
    closes itself with the number of events read (a rebuild cannot be left half-done: the
    new files are swapped in only at the end, so there is nothing to cancel into)."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self._views = len(ledger.READ_MODELS)

    def compose(self) -> ComposeResult:
        with Vertical(id="rebuild-dialog"):
            yield Label("Rebuilding the read models from the log…")
            yield ProgressBar(id="rebuild-progress", show_eta=True)
            yield Label("", id="rebuild-where", classes="hint")

    def on_mount(self) -> None:
        self._rebuild()

    def _advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        head = total // self._views
        view = min(done * self._views // max(total, 1), self._views - 1)
        self.query_one("#rebuild-where", Label).update(
            f"read model {view + 1} of {self._views}: position {done - view * head} of {head}"
        )

    @work(thread=True, exclusive=True, group="rebuild")
    def _rebuild(self) -> None:
        count = self.ledger.rebuild(
            lambda done, total: self.app.call_from_thread(self._advance, done, total)
        )
        self.app.call_from_thread(self.dismiss, count)
