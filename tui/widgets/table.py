"""The DataTable every screen uses: Textual's, with its header kept in step with its columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets.data_table import CellType

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from rich.console import RenderableType
    from textual.widgets.data_table import ColumnKey, RowKey

    SegmentLines = list[list[Segment]]


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
        # Columns sized anew can bring a horizontal scrollbar, which covers the last line:
        # the cursor row, scrolled into view before, is brought back into it.
        if self.show_cursor and self.row_count:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def room(self, others: int, columns: int, *, least: int = 12) -> int:
        """The width left for the text of one column, beside `others` columns' worth of
        text, `columns` columns in all: a long name clipped to it ends in an ellipsis at the
        table's edge, rather than running on past it, out of sight."""
        width = self.size.width or self.app.size.width
        # The vertical scrollbar's gutter is kept whether the rows overflow yet or not.
        spare = width - self.styles.scrollbar_size_vertical - others
        return max(least, spare - 2 * self.cell_padding * columns)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A cell of plain text on one line, as one segment.

        Textual renders every cell through Rich (padding, styling, cropping: ~0.15 ms a
        cell), which was half of painting a screen of rows after an as-of change. Nearly all
        our cells are unstyled text that fits its column, and those come out of Rich as one
        run of characters in one style; anything else is left to Textual."""
        if column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # The key Textual's own rendering caches the cell under, so its clearing holds.
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        height = self.header_height if header else self.rows[row_key].height
        cell = self._get_row_renderables(row_index).cells[column_index]
        pad = self.cell_padding
        if (
            height != 1
            or not isinstance(cell, Text)
            or cell.spans
            or cell.style
            or cell.justify not in (None, "default", "left")
            or not cell.plain.isprintable()
            or cell_len(cell.plain) > width - 2 * pad
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        style = (
            base_style
            + Style.from_meta({"row": row_index, "column": column_index})
            + component_style
            + post_style
        )
        text = cell.plain
        line = [Segment(" " * pad + text + " " * (width - pad - cell_len(text)), style)]
        self._cell_render_cache[key] = [line]
        return [line]

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


def clip(text: str, width: int) -> str:
    """`text` in `width` characters, ending in an ellipsis where cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
