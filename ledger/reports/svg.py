"""The geometry of the pictures in the HTML reports: an office's line of holders as bars over
the years, and progress per action item as horizontal bars.

Only coordinates, widths, colours and labels are computed here; the markup is written by the
templates `timeline.svg.j2` and `progress.svg.j2`, which the HTML reports include inline so a
report stays one self-contained file that prints cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.governance import Tenure
    from projections.workplans import ItemState

LABEL, ROW, WIDTH = 220, 26, 900
BAR = ROW - 8  # a bar's height; the rest of its row is the gap to the next

HOLDER = "#2f6f4f"
ACTING = "#7a9cc6"
STATUS = {
    "done": "#2f6f4f",
    "in-progress": "#3b78b5",
    "blocked": "#b53b3b",
    "dropped": "#999",
    "planned": "#c9a227",
}
OTHER = "#555"


@dataclass(frozen=True)
class Year:
    """A gridline at 1 January of `year`, from the top to `bottom`, labelled at `label_y`."""

    year: int
    x: float
    bottom: int
    label_y: int


@dataclass(frozen=True)
class Mandate:
    """A mandate's bar, with its label to the left and its dates as a tooltip."""

    label: str
    label_x: int
    label_y: int
    x: float
    y: int
    width: float
    height: int
    colour: str
    start: str
    end: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    years: list[Year]
    mandates: list[Mandate]


@dataclass(frozen=True)
class Progress:
    """An item's row: its label, the track (the whole width), the bar (its progress) and
    the percentage after the track."""

    label: str
    label_x: int
    text_y: int
    x: int
    y: int
    track: int
    width: float
    height: int
    colour: str
    percent: int
    percent_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: list[Progress]


def timeline(tenures: Sequence[Tenure], until: date) -> Timeline | None:
    """One bar a mandate on a shared axis of years; gaps between bars are vacancies."""
    if not tenures:
        return None
    first = min(t.start for t in tenures)
    last = max([until, *[t.end for t in tenures if t.end]]) + timedelta(days=1)
    span = max((last - first).days, 1)
    plot = WIDTH - LABEL - 20

    def x(day: date) -> float:
        return LABEL + (day - first).days / span * plot

    height = ROW * len(tenures) + 40
    step = max(1, (last.year - first.year) // 12 + 1)
    years = [
        Year(year, x(date(year, 1, 1)), height - 20, height - 6)
        for year in range(first.year + 1, last.year + 1, step)
    ]
    mandates = []
    for i, t in enumerate(tenures):
        y = i * ROW + 6
        end = t.end or until
        mandates.append(
            Mandate(
                label=t.name + (" (acting)" if t.acting else ""),
                label_x=LABEL - 8,
                label_y=y + 15,
                x=x(t.start),
                y=y,
                width=max(x(end) - x(t.start), 2),
                height=BAR,
                colour=ACTING if t.acting else HOLDER,
                start=t.start.isoformat(),
                end=t.end.isoformat() if t.end else "open",
            )
        )
    return Timeline(WIDTH, height, years, mandates)


def progress_chart(items: Sequence[ItemState]) -> Chart | None:
    """One bar an item, its length the progress, its colour the status."""
    if not items:
        return None
    plot = WIDTH - LABEL - 60
    rows = []
    for i, item in enumerate(items):
        y = i * ROW + 4
        rows.append(
            Progress(
                label=item.item if len(item.item) <= 32 else item.item[:31] + "…",
                label_x=LABEL - 8,
                text_y=y + 14,
                x=LABEL,
                y=y,
                track=plot,
                width=plot * item.progress / 100,
                height=BAR,
                colour=STATUS.get(item.status, OTHER),
                percent=item.progress,
                percent_x=LABEL + plot + 6,
            )
        )
    return Chart(WIDTH, ROW * len(items) + 10, rows)
