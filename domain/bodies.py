"""A body (plenary, governance group, steering committee, working group) and its members over
time. A membership, like a mandate, is a half-open interval `[start, end)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)

from eventsourcing.domain import event

from domain.errors import (
    BodyFull,
    EndsBeforeStart,
    InvalidNumber,
    MembershipNotOpen,
    OverlappingMembership,
)
from domain.intervals import Span, busiest_day
from domain.recorded import Entity, check_handle, check_name


@dataclass
class Membership:
    number: int
    member: str
    span: Span


class Body(Entity):
    class Created(Entity.Created):
        name: str
        max_members: int | None
        term_years: int | None

    class MemberAdded(Entity.Event):
        number: int
        member: str
        start: date
        end: date | None

        def effective(self) -> date | None:
            return self.start

    class MemberRemoved(Entity.Event):
        number: int
        member: str
        end: date
        reason: str | None

        def effective(self) -> date | None:
            return self.end

    @event(Created)
    def __init__(
        self, handle: str, name: str, max_members: int | None, term_years: int | None
    ) -> None:
        self.handle = handle
        self.name = name
        self.max_members = max_members
        self.term_years = term_years
        self.memberships: list[Membership] = []

    @classmethod
    def create(
        cls,
        handle: str,
        name: str,
        *,
        max_members: int | None = None,
        term_years: int | None = None,
    ) -> Body:
        if max_members is not None and max_members < 1:
            raise InvalidNumber(handle, "maximum of members", max_members)
        if term_years is not None and term_years < 1:
            raise InvalidNumber(handle, "term in years", term_years)
        return cls(
            handle=check_handle(handle),
            name=check_name("body", name),
            max_members=max_members,
            term_years=term_years,
        )

    def members_on(self, day: date) -> list[Membership]:
        return [m for m in self.memberships if m.span.holds_on(day)]

    def add_member(self, member: str, start: date, *, end: date | None = None) -> None:
        if end is not None and end <= start:
            raise EndsBeforeStart(f"{member}'s membership of {self.handle}", start, end)
        span = Span(start, end)
        for m in self.memberships:
            if m.member == member and m.span.overlaps(span):
                raise OverlappingMembership(self.handle, member, m.span.start, m.span.end)
        if self.max_members is not None:
            day, present = busiest_day(self.memberships, span)
            if len(present) >= self.max_members:
                raise BodyFull(self.handle, self.max_members, day, len(present) + 1)
        self._member_added(number=len(self.memberships) + 1, member=member, start=start, end=end)

    @event(MemberAdded)
    def _member_added(self, number: int, member: str, start: date, end: date | None) -> None:
        self.memberships.append(Membership(number, member, Span(start, end)))

    def remove_member(self, member: str, end: date, *, reason: str | None = None) -> None:
        theirs = [m for m in self.memberships if m.member == member]
        for m in theirs:
            if m.span.start < end and (m.span.end is None or end < m.span.end):
                self._member_removed(number=m.number, member=member, end=end, reason=reason)
                return
        for m in theirs:
            if m.span.end is None and end <= m.span.start:
                raise EndsBeforeStart(f"{member}'s membership of {self.handle}", m.span.start, end)
        raise MembershipNotOpen(self.handle, member, end)

    @event(MemberRemoved)
    def _member_removed(self, number: int, member: str, end: date, reason: str | None) -> None:
        m = self.memberships[number - 1]
        m.span = Span(m.span.start, end)
