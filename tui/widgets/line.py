"""A one-line label whose height is fixed by its style (box titles, the status line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from textual.visual import VisualType


class Line(Static):
    """Updated without laying the screen out again: the line's size does not follow its
    text, and a layout of every widget was most of a replay step's cost at 1M events."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)
