"""Putting a list's cursor on an entity the command palette named: at once if its row is
shown, else when the rows being loaded arrive; an entity outside the window a tab shows is
found some other way (a filter, the audit log), never silently missed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

if TYPE_CHECKING:
    from textual.dom import DOMNode


class Seeking:
    """Mixed into a pane: `SEEK_IN` is its list's selector, `SEEK_GROUP` the worker group
    that loads it. Its `_show` calls `_seek` once the rows are in."""

    SEEK_IN: ClassVar[str]
    SEEK_GROUP: ClassVar[str]
    _sought: str | None = None

    def seek(self, handle: str, *, reload_due: bool) -> None:
        """Put the cursor on `handle`'s row, now or when the rows due (or being loaded)
        arrive."""
        self._sought = handle
        node: DOMNode = self  # type: ignore[assignment]
        loading = any(
            w.node is node and w.group == self.SEEK_GROUP and not w.is_finished
            for w in node.app.workers
        )
        if not (reload_due or loading):
            self._seek()

    def _seek(self) -> None:
        """Called when rows have arrived: the cursor to the row sought, if any."""
        handle, self._sought = self._sought, None
        if handle is None:
            return
        table = self.query_one(self.SEEK_IN, DataTable)  # type: ignore[attr-defined]
        try:
            row = table.get_row_index(handle)
        except RowDoesNotExist:
            self.not_shown(handle)
            return
        table.move_cursor(row=row)
        table.focus()

    def not_shown(self, handle: str) -> None:
        """`handle` is not among the rows this pane shows."""
        app = self.app  # type: ignore[attr-defined]
        app.call_later(app.show_in_log, handle, reason="not among the rows that tab shows")
