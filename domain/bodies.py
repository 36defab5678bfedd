"""A body (plenary, governance group, steering committee, working group) and its members over
time. A membership, like a mandate, is a half-open interval `[start, end)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)

from eventsourcing.domain import event

from domain.errors import (
    BodyFull,
    EndsBeforeStart,
    MaximumBelowMembership,
    MembershipNotOpen,
    NothingToCorrect,
    OverlappingMembership,
    ReasonRequired,
)
from domain.intervals import Span, busiest_day
from domain.recorded import (
    MOST_MONTHS,
    MOST_SEATS,
    MOST_YEARS,
    Entity,
    check_handle,
    check_name,
    check_number,
    check_text,
)
from domain.tenures import live, named, open_starting_after, to_end


@dataclass
class Membership:
    number: int
    member: str
    span: Span
    retracted: bool = False
    ended: bool = False

    @property
    def who(self) -> str:
        return self.member


class Body(Entity):
    class Created(Entity.Created):
        name: str
        max_members: int | None
        term_years: int | None
        # Added later, with defaults, so the events recorded before them still read.
        part_of: str | None = None
        basis: str | None = None

    class MemberAdded(Entity.Event):
        number: int
        member: str
        start: date
        end: date | None
        # The reason a membership beyond the body's maximum was recorded all the same.
        override: str | None = None

        def effective(self) -> date | None:
            return self.start

    class MemberRemoved(Entity.Event):
        number: int
        member: str
        end: date
        reason: str | None

        def effective(self) -> date | None:
            return self.end

    class MembershipCorrected(Entity.Event):
        number: int
        member: str
        start: date
        end: date | None
        reason: str

        def effective(self) -> date | None:
            return self.start

    class MembershipRetracted(Entity.Event):
        number: int
        member: str
        reason: str

    class RulesChanged(Entity.Event):
        """The body's rules, whole, as they stand from this event on. `ex_officio` lists the
        offices whose holders sit in the body by virtue of the office, whoever holds it."""

        max_members: int | None
        term_years: int | None
        cadence_months: int | None
        ex_officio: tuple[str, ...]
        basis: str | None

    @event(Created)
    def __init__(
        self,
        handle: str,
        name: str,
        max_members: int | None,
        term_years: int | None,
        part_of: str | None = None,
        basis: str | None = None,
    ) -> None:
        self.handle = handle
        self.name = name
        self.max_members = max_members
        self.term_years = term_years
        self.part_of = part_of
        self.basis = basis
        self.memberships: list[Membership] = []
        self.cadence_months: int | None = None
        self.ex_officio: tuple[str, ...] = ()

    @classmethod
    def create(
        cls,
        handle: str,
        name: str,
        *,
        max_members: int | None = None,
        term_years: int | None = None,
        part_of: str | None = None,
        basis: str | None = None,
    ) -> Body:
        """A new body; `part_of` is the body it belongs to (the ASP, part of the GSP),
        `basis` the decision or text that created it."""
        check_number(handle, "maximum of members", max_members, MOST_SEATS)
        check_number(handle, "term in years", term_years, MOST_YEARS)
        return cls(
            handle=check_handle(handle),
            name=check_name("body", name),
            max_members=max_members,
            term_years=term_years,
            part_of=None if part_of is None else check_handle(part_of),
            basis=check_text(f"the basis of {handle}", basis),
        )

    def members_on(self, day: date) -> list[Membership]:
        return [m for m in live(self.memberships) if m.span.holds_on(day)]

    def _check_fits(
        self, member: str, span: Span, number: int = 0, override: str | None = None
    ) -> None:
        if span.end is not None and span.end <= span.start:
            raise EndsBeforeStart(f"{member}'s membership of {self.handle}", span.start, span.end)
        others = [m for m in live(self.memberships) if m.number != number]
        for m in others:
            if m.member == member and m.span.overlaps(span):
                raise OverlappingMembership(self.handle, member, m.span.start, m.span.end)
        if self.max_members is not None:
            # Each ex-officio seat is always taken, by whoever holds its office.
            day, present = busiest_day(others, span)
            seated = len(present) + len(self.ex_officio)
            if seated >= self.max_members and not override:
                raise BodyFull(self.handle, self.max_members, day, seated + 1)

    def add_member(
        self, member: str, start: date, *, end: date | None = None, override: str | None = None
    ) -> None:
        """Add a member over `[start, end)`; beyond the body's maximum only with `override`,
        the reason, recorded with the membership."""
        reason = check_text(f"the override of {member}'s membership of {self.handle}", override)
        self._check_fits(member, Span(start, end), override=reason)
        self._member_added(
            number=len(self.memberships) + 1, member=member, start=start, end=end, override=reason
        )

    @event(MemberAdded)
    def _member_added(
        self, number: int, member: str, start: date, end: date | None, override: str | None = None
    ) -> None:
        self.memberships.append(Membership(number, member, Span(start, end)))

    def remove_member(self, member: str, end: date, *, reason: str | None = None) -> None:
        reason = check_text(f"the reason {member}'s membership of {self.handle} ended", reason)
        m = to_end(self.memberships, member, end)
        if m is not None:
            self._member_removed(number=m.number, member=member, end=end, reason=reason)
            return
        later = open_starting_after(self.memberships, member, end)
        if later is not None:
            raise EndsBeforeStart(f"{member}'s membership of {self.handle}", later.span.start, end)
        raise MembershipNotOpen(self.handle, member, end)

    @event(MemberRemoved)
    def _member_removed(self, number: int, member: str, end: date, reason: str | None) -> None:
        m = self.memberships[number - 1]
        m.span = Span(m.span.start, end)
        m.ended = True

    def correct_membership(
        self,
        member: str,
        *,
        reason: str,
        started: date | None = None,
        start: date | None = None,
        end: date | None = None,
        reopen: bool = False,
    ) -> None:
        what = f"membership of {self.handle} of {member}"
        text = check_text(f"the reason for the correction of the {what}", reason)
        if text is None:
            raise ReasonRequired(f"the correction of the {what}")
        m = named(self.memberships, member, started, what)
        span = Span(start or m.span.start, None if reopen else (end or m.span.end))
        if span == m.span:
            raise NothingToCorrect(f"the {what}")
        self._check_fits(member, span, m.number)
        self._membership_corrected(
            number=m.number, member=member, start=span.start, end=span.end, reason=text
        )

    @event(MembershipCorrected)
    def _membership_corrected(
        self, number: int, member: str, start: date, end: date | None, reason: str
    ) -> None:
        m = self.memberships[number - 1]
        m.span = Span(start, end)
        m.ended = m.ended and end is not None

    def retract_membership(self, member: str, *, reason: str, started: date | None = None) -> None:
        what = f"membership of {self.handle} of {member}"
        text = check_text(f"the reason for the retraction of the {what}", reason)
        if text is None:
            raise ReasonRequired(f"the retraction of the {what}")
        m = named(self.memberships, member, started, what)
        self._membership_retracted(number=m.number, member=member, reason=text)

    @event(MembershipRetracted)
    def _membership_retracted(self, number: int, member: str, reason: str) -> None:
        self.memberships[number - 1].retracted = True

    RULES = ("max_members", "term_years", "cadence_months", "ex_officio")

    def set_rules(
        self, *, basis: str | None = None, override: str | None = None, **changes: object
    ) -> None:
        """Change some of the body's rules; the others stay as they are.

        Rules carry no effective day of their own, so a maximum (or a list of ex-officio
        seats) is judged on the latest day the body's membership is known, where it stands
        from then on: a maximum below the members seated then is refused unless `override`
        gives the reason, which is recorded with the change."""
        unknown = set(changes) - set(self.RULES)
        if unknown:
            raise TypeError(f"unknown body rules: {', '.join(sorted(unknown))}")
        basis = check_text(f"the basis of {self.handle}'s rules", basis)
        reason = check_text(f"the override of {self.handle}'s rules", override) or ""
        rules = {name: getattr(self, name) for name in self.RULES} | changes
        for name, most in (
            ("max_members", MOST_SEATS),
            ("term_years", MOST_YEARS),
            ("cadence_months", MOST_MONTHS),
        ):
            value = rules[name]
            if value is not None:
                check_number(self.handle, name.replace("_", " "), int(value), most)
        rules["ex_officio"] = tuple(dict.fromkeys(rules["ex_officio"]))
        most = rules["max_members"]
        judged = {"max_members", "ex_officio"} & set(changes)
        if most is not None and judged and not reason:
            day, seated = self._seated_at_the_latest_day(len(rules["ex_officio"]))
            if seated > int(most):
                raise MaximumBelowMembership(self.handle, int(most), day, seated)
        if reason:
            basis = f"{basis} (override: {reason})" if basis else f"override: {reason}"
        self._rules_changed(basis=basis, **rules)

    def _seated_at_the_latest_day(self, ex_officio: int) -> tuple[date | None, int]:
        """The latest day any membership starts or ends, and how many sit on it."""
        held = live(self.memberships)
        days = [d for m in held for d in (m.span.start, m.span.end) if d is not None]
        if not days:
            return None, ex_officio
        latest = max(days)
        return latest, len([m for m in held if m.span.holds_on(latest)]) + ex_officio

    @event(RulesChanged)
    def _rules_changed(
        self,
        max_members: int | None,
        term_years: int | None,
        cadence_months: int | None,
        ex_officio: tuple[str, ...],
        basis: str | None,
    ) -> None:
        self.max_members = max_members
        self.term_years = term_years
        self.cadence_months = cadence_months
        self.ex_officio = tuple(ex_officio)
