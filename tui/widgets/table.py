"""The DataTable every screen uses: Textual's, with its header kept in step with its columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.render import measure
from textual.widgets import DataTable
from textual.widgets.data_table import CellType

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rich.console import RenderableType
    from textual.widgets.data_table import ColumnKey, RowKey


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

    def show_rows(self, rows: Sequence[tuple[str, Sequence[CellType]]]) -> None:
        """Show `rows` (key, cells), in order. When the keys are those shown, in the same
        order, only the cells that differ are updated: a replay step or an as-of change
        usually changes a row or two of a hundred, and building them all again (with the
        layout that follows) cost most of the step."""
        keys = [key for key, _ in rows]
        if keys != [row.key.value for row in self.ordered_rows]:
            self.clear()
            # As wide as the rows shown now need: `clear` keeps the widths of the rows gone.
            for column in self.columns.values():
                if column.auto_width:
                    column.content_width = measure(self.app.console, column.label, 1)
            for key, cells in rows:
                self.add_row(*cells, key=key)
            return
        columns = [c.key for c in self.ordered_columns]
        changed: set[ColumnKey] = set()
        for key, cells in rows:
            for column_key, old, new in zip(columns, self.get_row(key), cells, strict=True):
                if old != new:
                    self.update_cell(key, column_key, new)
                    changed.add(column_key)
        # Each column that changed is measured once: Textual's `update_width` measures the
        # whole column again for every cell that got narrower (a thousand cells a step).
        for column_key in changed:
            column = self.columns[column_key]
            if column.auto_width:
                column.content_width = max(
                    measure(self.app.console, column.label, 1),
                    *(
                        measure(self.app.console, cast("RenderableType", cell), 1)
                        for cell in self.get_column(column_key)
                    ),
                )
        if changed:
            self._require_update_dimensions = True
