"""Our Table draws plain cells itself: it must draw every cell as Textual's DataTable does."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable

from tui.widgets.table import Table

ROWS: list[tuple[Any, ...]] = [
    (Text("plain"), Text("Ms. Liu Wei"), "[b]markup[/b]", 7),
    (Text("日本語の名前"), Text("bold", style="bold"), Text("right", justify="right"), 1.5),
    (Text(""), Text("a name much longer than its column"), Text("x"), None),
    (Text("café"), Text("tail", end=""), Text("[not markup]"), -3),
]


class Both(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id="stock", zebra_stripes=True)
            yield Table(id="ours", zebra_stripes=True)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns("Handle", "Name")
            table.add_column("Narrow", width=6)
            table.add_column("Number")
            for n, row in enumerate(ROWS):
                table.add_row(*row, key=str(n))


def _cells(table: DataTable[Any]) -> list[list[tuple[str, Any]]]:
    """Each line drawn, as (character, style) pairs: the same whatever the segments."""
    lines = []
    for y in range(table.size.height):
        strip = table.render_line(y)
        lines.append([(ch, seg.style) for seg in strip for ch in seg.text])
    return lines


async def test_every_cell_is_drawn_as_textual_draws_it() -> None:
    app = Both()
    async with app.run_test(size=(160, 12)) as pilot:
        stock, ours = app.query_one("#stock", DataTable), app.query_one("#ours", Table)
        for cursor in (0, 1, 3):
            drawn: dict[str, list[list[tuple[str, Any]]]] = {}
            for table in (stock, ours):
                table.move_cursor(row=cursor)
                table.focus()  # the cursor and the header are drawn in the focused style
                await pilot.pause()
                drawn[str(table.id)] = _cells(table)
            assert drawn["ours"] == drawn["stock"]
            assert "".join(ch for ch, _ in drawn["ours"][1]).startswith(" plain ")
        app.set_focus(None)
        await pilot.pause()
        assert _cells(ours) == _cells(stock)


async def test_a_cell_that_changes_is_drawn_anew() -> None:
    app = Both()
    async with app.run_test(size=(160, 12)) as pilot:
        ours = app.query_one("#ours", Table)
        await pilot.pause()
        for word in ("same", "now"):
            ours.show_rows(
                [(str(n), [Text(f"row {n}"), Text(word), Text(""), Text("")]) for n in range(3)]
            )
        await pilot.pause()
        line = "".join(seg.text for seg in ours.render_line(2))
        assert "row 1" in line and "now" in line and "same" not in line
