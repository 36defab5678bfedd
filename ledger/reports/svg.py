"""Pictures for the HTML reports, drawn as inline SVG so a report stays one self-contained
file that prints cleanly: an office's line of holders as bars over the years, and progress
per action item as horizontal bars."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.governance import Tenure
    from projections.workplans import ItemState

LABEL, ROW, WIDTH = 220, 26, 900


def timeline(tenures: Sequence[Tenure], until: date) -> str:
    """One bar a mandate on a shared axis of years; gaps between bars are vacancies."""
    if not tenures:
        return ""
    first = min(t.start for t in tenures)
    last = max([until, *[t.end for t in tenures if t.end]]) + timedelta(days=1)
    span = max((last - first).days, 1)
    plot = WIDTH - LABEL - 20

    def x(day: date) -> float:
        return LABEL + (day - first).days / span * plot

    height = ROW * len(tenures) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="line of holders">'
    ]
    step = max(1, (last.year - first.year) // 12 + 1)
    for year in range(first.year + 1, last.year + 1, step):
        gx = x(date(year, 1, 1))
        parts.append(f'<line x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - 20}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{gx:.1f}" y="{height - 6}" font-size="11" '
            f'text-anchor="middle" fill="#555">{year}</text>'
        )
    for i, t in enumerate(tenures):
        y = i * ROW + 6
        end = t.end or until
        colour = "#7a9cc6" if t.acting else "#2f6f4f"
        label = escape(t.name + (" (acting)" if t.acting else ""))
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 15}" font-size="12" text-anchor="end">{label}</text>'
        )
        parts.append(
            f'<rect x="{x(t.start):.1f}" y="{y}" width="{max(x(end) - x(t.start), 2):.1f}" '
            f'height="{ROW - 8}" fill="{colour}"><title>{label}: {t.start.isoformat()} to '
            f"{t.end.isoformat() if t.end else 'open'}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def progress_chart(items: Sequence[ItemState]) -> str:
    """One bar an item, its length the progress, its colour the status."""
    if not items:
        return ""
    colours = {
        "done": "#2f6f4f",
        "in-progress": "#3b78b5",
        "blocked": "#b53b3b",
        "dropped": "#999",
        "planned": "#c9a227",
    }
    plot = WIDTH - LABEL - 60
    height = ROW * len(items) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="progress per item">'
    ]
    for i, item in enumerate(items):
        y = i * ROW + 4
        name = escape(item.item if len(item.item) <= 32 else item.item[:31] + "…")
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 14}" font-size="12" text-anchor="end">{name}</text>'
        )
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{plot}" height="{ROW - 8}" fill="#eee"/>')
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{plot * item.progress / 100:.1f}" '
            f'height="{ROW - 8}" fill="{colours.get(item.status, "#555")}"/>'
        )
        parts.append(
            f'<text x="{LABEL + plot + 6}" y="{y + 14}" font-size="12">{item.progress}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
