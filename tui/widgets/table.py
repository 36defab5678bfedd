"""The DataTable every screen uses: Textual's, with its header kept in step with its columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable
from textual.widgets.data_table import CellType

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.widgets.data_table import RowKey


class Table(DataTable[CellType]):
    """Textual (8.2) sizes columns when the table goes idle after rows are added, but keeps
    the lines it rendered before then, the header among them: a header painted in that
    moment stayed as narrow as the labels above wide rows until the next change (seen in
    the audit log, in tmux and in snapshots). Rendered lines are dropped once the columns
    are sized."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()
