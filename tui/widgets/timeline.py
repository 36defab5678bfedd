"""An office's line of holders drawn as bars over the years, vacancies left blank."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from collections.abc import Callable

    from projections.governance import Tenure

LABEL = 24


class Timeline(Widget):
    """One row a mandate: the holder's name, then a bar from start to end on a shared axis
    whose right edge is the later of the last end and the as-of day."""

    DEFAULT_CSS = """
    Timeline { height: auto; min-height: 3; padding: 0 1; }
    """

    tenures: reactive[tuple[Tenure, ...]] = reactive((), layout=True)
    as_of: reactive[date] = reactive(date(2000, 1, 1))
    today: reactive[date] = reactive(date(2000, 1, 1))

    def render(self) -> Text:
        if not self.tenures:
            return Text("No holder recorded for this office.", style="italic")
        first = min([t.start for t in self.tenures] + [self.as_of])
        # Open mandates run to today; the axis spans at least a year so bars have a length.
        last = max(
            [self.as_of, self.today, first + timedelta(days=365)]
            + [t.end for t in self.tenures if t.end]
        ) + timedelta(days=1)
        width = max(self.size.width - LABEL - 3, 10)
        span_days = max((last - first).days, 1)

        def column(day: date) -> int:
            return round((day - first).days / span_days * width)

        out = Text()
        out.append(" " * (LABEL + 1))
        out.append(_axis(first, last, width, column), style="dim")
        out.append("\n")
        for t in self.tenures:
            label = (t.name if not t.acting else f"{t.name} (acting)")[:LABEL].ljust(LABEL)
            start, end = column(t.start), column(t.end or last)
            bar = "▓" if t.acting else "█"
            out.append(label + " ")
            out.append(" " * start)
            style = "bold green" if t.end is None or t.end > self.as_of >= t.start else "cyan"
            out.append(bar * max(end - start, 1), style=style)
            if t.end is None:
                out.append("▶", style=style)
            out.append("\n")
        marker = column(self.as_of)
        label = f"▲ as of {self.as_of.isoformat()}"
        if marker + len(label) > width:
            label = f"as of {self.as_of.isoformat()} ▲"
            marker = max(marker - len(label) + 1, 0)
        out.append(" " * (LABEL + 1 + marker) + label, style="yellow")
        return out

    def get_content_height(self, *args: object) -> int:
        return len(self.tenures) + 2 if self.tenures else 1


def _axis(first: date, last: date, width: int, column: Callable[[date], int]) -> str:
    """Year marks along the axis, as many as fit."""
    axis = [" "] * (width + 1)
    years = range(first.year + 1, last.year + 1)
    step = max(1, len(years) * 6 // max(width, 1) + 1)
    for year in years[::step]:
        at = column(date(year, 1, 1))
        label = str(year)
        if at >= 0 and at + len(label) <= width:
            axis[at : at + len(label)] = label
    return "".join(axis)
