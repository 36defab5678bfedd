"""What mandates and memberships share: finding the entry a command is about.

Both are numbered half-open intervals of one holder; an entry can be ended, corrected or
retracted, and a retracted one no longer counts for any rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from domain.errors import AmbiguousEntry, NoSuchEntry

if TYPE_CHECKING:
    from datetime import date

    from domain.intervals import Span


class Tenure(Protocol):
    @property
    def who(self) -> str: ...
    @property
    def span(self) -> Span: ...
    @property
    def retracted(self) -> bool: ...
    @property
    def ended(self) -> bool: ...


T = TypeVar("T", bound=Tenure)


def live(items: list[T]) -> list[T]:
    return [t for t in items if not t.retracted]


def to_end(items: list[T], who: str, end: date) -> T | None:
    """The entry an end on `end` applies to: one not ended yet that holds on the day before
    `end`. One recorded with a planned end can end earlier (a resignation); one already
    ended is not ended again: its end is corrected instead."""
    for t in live(items):
        if (
            t.who == who
            and not t.ended
            and t.span.start < end
            and (t.span.end is None or end < t.span.end)
        ):
            return t
    return None


def open_starting_after(items: list[T], who: str, end: date) -> T | None:
    for t in live(items):
        if t.who == who and t.span.end is None and end <= t.span.start:
            return t
    return None


def named(items: list[T], who: str, started: date | None, what: str) -> T:
    """The entry a correction or retraction names: the holder's only one, or the one that
    starts on `started`."""
    theirs = [t for t in live(items) if t.who == who]
    if started is not None:
        theirs = [t for t in theirs if t.span.start == started]
    if not theirs:
        raise NoSuchEntry(what, started)
    if len(theirs) > 1:
        raise AmbiguousEntry(what, [t.span.start for t in theirs])
    return theirs[0]
