"""An office (Chair, Vice-Chair, Secretariat, CESRA director…) and the mandates held in it.

A mandate is a half-open interval `[start, end)`. Rules are checked in the public command
methods; the private `@event` methods only change state, so replaying history never re-runs a
rule that may since have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)

from eventsourcing.domain import event

from domain.errors import (
    ActingSeatsFull,
    EndsBeforeStart,
    InvalidNumber,
    MandateNotOpen,
    OverlappingMandate,
    SeatsFull,
)
from domain.intervals import Span, busiest_day
from domain.recorded import Entity, check_handle, check_name


@dataclass
class Mandate:
    number: int
    holder: str
    span: Span
    acting: bool
    basis: str | None


class Office(Entity):
    class Created(Entity.Created):
        name: str
        body: str | None
        term_years: int | None
        seats: int

    class MandateStarted(Entity.Event):
        number: int
        holder: str
        start: date
        end: date | None
        acting: bool
        basis: str | None

        def effective(self) -> date | None:
            return self.start

    class MandateEnded(Entity.Event):
        number: int
        holder: str
        end: date
        reason: str | None

        def effective(self) -> date | None:
            return self.end

    @event(Created)
    def __init__(
        self, handle: str, name: str, body: str | None, term_years: int | None, seats: int
    ) -> None:
        self.handle = handle
        self.name = name
        self.body = body
        self.term_years = term_years
        self.seats = seats
        self.mandates: list[Mandate] = []

    @classmethod
    def create(
        cls,
        handle: str,
        name: str,
        *,
        body: str | None = None,
        term_years: int | None = None,
        seats: int = 1,
    ) -> Office:
        if seats < 1:
            raise InvalidNumber(handle, "seats", seats)
        if term_years is not None and term_years < 1:
            raise InvalidNumber(handle, "term in years", term_years)
        return cls(
            handle=check_handle(handle),
            name=check_name("office", name),
            body=body,
            term_years=term_years,
            seats=seats,
        )

    def holders_on(self, day: date) -> list[Mandate]:
        return [m for m in self.mandates if m.span.holds_on(day)]

    def start_mandate(
        self,
        holder: str,
        start: date,
        *,
        end: date | None = None,
        acting: bool = False,
        basis: str | None = None,
    ) -> None:
        if end is not None and end <= start:
            raise EndsBeforeStart(f"{holder}'s mandate of {self.handle}", start, end)
        span = Span(start, end)
        for m in self.mandates:
            if m.holder == holder and m.span.overlaps(span):
                raise OverlappingMandate(self.handle, holder, m.span.start, m.span.end)
        same_kind = [m for m in self.mandates if m.acting == acting]
        day, holding = busiest_day(same_kind, span)
        if len(holding) >= self.seats:
            names = [m.holder for m in holding]
            if acting:
                raise ActingSeatsFull(self.handle, self.seats, day, names)
            raise SeatsFull(self.handle, self.seats, day, names)
        self._mandate_started(
            number=len(self.mandates) + 1,
            holder=holder,
            start=start,
            end=end,
            acting=acting,
            basis=basis,
        )

    @event(MandateStarted)
    def _mandate_started(
        self,
        number: int,
        holder: str,
        start: date,
        end: date | None,
        acting: bool,
        basis: str | None,
    ) -> None:
        self.mandates.append(Mandate(number, holder, Span(start, end), acting, basis))

    def end_mandate(self, holder: str, end: date, *, reason: str | None = None) -> None:
        """End `holder`'s mandate so that `end` is the first day no longer held.

        A mandate recorded with a planned end can be ended earlier (a resignation); one that
        has already ended cannot be ended again.
        """
        theirs = [m for m in self.mandates if m.holder == holder]
        for m in theirs:
            if m.span.start < end and (m.span.end is None or end < m.span.end):
                self._mandate_ended(number=m.number, holder=holder, end=end, reason=reason)
                return
        for m in theirs:
            if m.span.end is None and end <= m.span.start:
                raise EndsBeforeStart(f"{holder}'s mandate of {self.handle}", m.span.start, end)
        raise MandateNotOpen(self.handle, holder, end)

    @event(MandateEnded)
    def _mandate_ended(self, number: int, holder: str, end: date, reason: str | None) -> None:
        m = self.mandates[number - 1]
        m.span = Span(m.span.start, end)
