"""Half-open date intervals `[start, end)`: the shape of every mandate and membership.

`end` is the first day no longer held, so a successor starting on that day does not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Span) -> bool:
        return (other.end is None or self.start < other.end) and (
            self.end is None or other.start < self.end
        )


class HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


T = TypeVar("T", bound=HasSpan)


def busiest_day(held: Iterable[T], window: Span) -> tuple[date, list[T]]:
    """The first day within `window` on which most of `held` hold, and those that hold then.

    The count only rises on a start day, so the window's start and the starts inside it are
    the only days worth checking.
    """
    items = [h for h in held if h.span.overlaps(window)]
    days = sorted({window.start} | {h.span.start for h in items if window.holds_on(h.span.start)})
    best_day, best = window.start, [h for h in items if h.span.holds_on(window.start)]
    for day in days[1:]:
        holding = [h for h in items if h.span.holds_on(day)]
        if len(holding) > len(best):
            best_day, best = day, holding
    return best_day, best
