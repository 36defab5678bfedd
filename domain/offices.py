"""An office (Chair, Vice-Chair, Secretariat, CESRA director…) and the mandates held in it.

A mandate is a half-open interval `[start, end)`. Rules are checked in the public command
methods; the private `@event` methods only change state, so replaying history never re-runs a
rule that may since have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eventsourcing.domain import event

from domain.errors import (
    ActingNotByRule,
    ActingSeatsFull,
    EndsBeforeStart,
    MandateNotOpen,
    NotAllowedNow,
    NothingToCorrect,
    OfficeAbolished,
    OfficeStillHeld,
    OverlappingMandate,
    ReasonRequired,
    SeatsFull,
)
from domain.intervals import Span, busiest_day
from domain.recorded import (
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
class Mandate:
    number: int
    holder: str
    span: Span
    acting: bool
    basis: str | None
    retracted: bool = False
    ended: bool = False

    @property
    def who(self) -> str:
        return self.holder


class Office(Entity):
    class Created(Entity.Created):
        name: str
        body: str | None
        term_years: int | None
        seats: int
        # Added later, with a default, so the events recorded before it still read.
        basis: str | None = None

    class MandateStarted(Entity.Event):
        number: int
        holder: str
        start: date
        end: date | None
        acting: bool
        basis: str | None
        # The reason a mandate that deviates from the terms of reference (an acting holder
        # other than the one they name) was recorded all the same.
        override: str | None = None

        def effective(self) -> date | None:
            return self.start

    class MandateEnded(Entity.Event):
        number: int
        holder: str
        end: date
        reason: str | None

        def effective(self) -> date | None:
            return self.end

    class MandateCorrected(Entity.Event):
        number: int
        holder: str
        start: date
        end: date | None
        acting: bool
        reason: str

        def effective(self) -> date | None:
            return self.start

    class MandateRetracted(Entity.Event):
        number: int
        holder: str
        reason: str

    class Abolished(Entity.Event):
        """The office exists no more from `day` (a decision to drop it)."""

        day: date
        basis: str | None

        def effective(self) -> date | None:
            return self.day

    class RulesChanged(Entity.Event):
        """The office's terms of reference, whole, as they stand from this event on."""

        term_years: int | None
        seats: int
        role: str | None
        eligible_role: str | None
        successor_from: str | None
        alumni_body: str | None
        alumni_years: int | None
        acting_from: str | None
        basis: str | None

    @event(Created)
    def __init__(
        self,
        handle: str,
        name: str,
        body: str | None,
        term_years: int | None,
        seats: int,
        basis: str | None = None,
    ) -> None:
        self.handle = handle
        self.name = name
        self.body = body
        self.term_years = term_years
        self.seats = seats
        self.basis = basis
        self.mandates: list[Mandate] = []
        # The terms of reference beyond term and seats (RulesChanged sets them all at once).
        self.role: str | None = None
        self.eligible_role: str | None = None
        self.successor_from: str | None = None
        self.alumni_body: str | None = None
        self.alumni_years: int | None = None
        self.acting_from: str | None = None
        self.abolished_on: date | None = None

    @classmethod
    def create(
        cls,
        handle: str,
        name: str,
        *,
        body: str | None = None,
        term_years: int | None = None,
        seats: int = 1,
        basis: str | None = None,
    ) -> Office:
        """A new office; `basis` is the decision or text that created it."""
        check_number(handle, "seats", seats, MOST_SEATS)
        check_number(handle, "term in years", term_years, MOST_YEARS)
        return cls(
            handle=check_handle(handle),
            name=check_name("office", name),
            body=body,
            term_years=term_years,
            seats=seats,
            basis=check_text(f"the basis of {handle}", basis),
        )

    def holders_on(self, day: date) -> list[Mandate]:
        return [m for m in live(self.mandates) if m.span.holds_on(day)]

    def _check_fits(self, holder: str, span: Span, acting: bool, number: int = 0) -> None:
        """The rules every mandate meets, for a new one or a corrected one (`number`)."""
        if span.end is not None and span.end <= span.start:
            raise EndsBeforeStart(f"{holder}'s mandate of {self.handle}", span.start, span.end)
        gone = self.abolished_on
        if gone is not None and (span.end is None or span.end > gone):
            raise OfficeAbolished(self.handle, gone)
        others = [m for m in live(self.mandates) if m.number != number]
        for m in others:
            if m.holder == holder and m.span.overlaps(span):
                raise OverlappingMandate(self.handle, holder, m.span.start, m.span.end)
        day, holding = busiest_day([m for m in others if m.acting == acting], span)
        if len(holding) >= self.seats:
            names = [m.holder for m in holding]
            if acting:
                raise ActingSeatsFull(self.handle, self.seats, day, names)
            raise SeatsFull(self.handle, self.seats, day, names)

    def start_mandate(
        self,
        holder: str,
        start: date,
        *,
        end: date | None = None,
        acting: bool = False,
        basis: str | None = None,
        acting_holders: list[str] | None = None,
        override: str | None = None,
    ) -> None:
        """Start `holder`'s mandate over `[start, end)`.

        An acting mandate of an office whose terms of reference name the office whose holder
        acts (`acting_from`) is for one of `acting_holders`, that office's holders on `start`
        (the ledger looks them up); anyone else acts only with `override`, the reason,
        recorded with the mandate."""
        basis = check_text(f"the basis of {holder}'s mandate of {self.handle}", basis)
        reason = check_text(f"the override of {holder}'s mandate of {self.handle}", override)
        self._check_fits(holder, Span(start, end), acting)
        if acting and self.acting_from is not None and not reason:
            rightful = acting_holders or []
            if holder not in rightful:
                raise ActingNotByRule(self.handle, holder, self.acting_from, start, rightful)
        self._mandate_started(
            number=len(self.mandates) + 1,
            holder=holder,
            start=start,
            end=end,
            acting=acting,
            basis=basis,
            override=reason,
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
        override: str | None = None,
    ) -> None:
        self.mandates.append(Mandate(number, holder, Span(start, end), acting, basis))

    def end_mandate(self, holder: str, end: date, *, reason: str | None = None) -> None:
        """End `holder`'s mandate so that `end` is the first day no longer held.

        A mandate recorded with a planned end can be ended earlier (a resignation); one that
        has already ended cannot be ended again.
        """
        reason = check_text(f"the reason {holder}'s mandate of {self.handle} ended", reason)
        m = to_end(self.mandates, holder, end)
        if m is not None:
            self._mandate_ended(number=m.number, holder=holder, end=end, reason=reason)
            return
        later = open_starting_after(self.mandates, holder, end)
        if later is not None:
            raise EndsBeforeStart(f"{holder}'s mandate of {self.handle}", later.span.start, end)
        raise MandateNotOpen(self.handle, holder, end)

    @event(MandateEnded)
    def _mandate_ended(self, number: int, holder: str, end: date, reason: str | None) -> None:
        m = self.mandates[number - 1]
        m.span = Span(m.span.start, end)
        m.ended = True

    def correct_mandate(
        self,
        holder: str,
        *,
        reason: str,
        started: date | None = None,
        start: date | None = None,
        end: date | None = None,
        reopen: bool = False,
        acting: bool | None = None,
    ) -> None:
        """Correct a mandate recorded wrongly; the first record stays in the history."""
        what = f"mandate of {self.handle} held by {holder}"
        text = check_text(f"the reason for the correction of the {what}", reason)
        if text is None:
            raise ReasonRequired(f"the correction of the {what}")
        m = named(self.mandates, holder, started, what)
        span = Span(start or m.span.start, None if reopen else (end or m.span.end))
        now_acting = m.acting if acting is None else acting
        if span == m.span and now_acting == m.acting:
            raise NothingToCorrect(f"the {what}")
        self._check_fits(holder, span, now_acting, m.number)
        self._mandate_corrected(
            number=m.number,
            holder=holder,
            start=span.start,
            end=span.end,
            acting=now_acting,
            reason=text,
        )

    @event(MandateCorrected)
    def _mandate_corrected(
        self, number: int, holder: str, start: date, end: date | None, acting: bool, reason: str
    ) -> None:
        m = self.mandates[number - 1]
        m.span = Span(start, end)
        m.acting = acting
        m.ended = m.ended and end is not None

    def retract_mandate(self, holder: str, *, reason: str, started: date | None = None) -> None:
        """Withdraw a mandate that should never have been recorded; it stays in the history."""
        what = f"mandate of {self.handle} held by {holder}"
        text = check_text(f"the reason for the retraction of the {what}", reason)
        if text is None:
            raise ReasonRequired(f"the retraction of the {what}")
        m = named(self.mandates, holder, started, what)
        self._mandate_retracted(number=m.number, holder=holder, reason=text)

    @event(MandateRetracted)
    def _mandate_retracted(self, number: int, holder: str, reason: str) -> None:
        self.mandates[number - 1].retracted = True

    RULES = (
        "term_years",
        "seats",
        "role",
        "eligible_role",
        "successor_from",
        "alumni_body",
        "alumni_years",
        "acting_from",
    )

    def set_rules(self, *, basis: str | None = None, **changes: object) -> None:
        """Change some of the terms of reference; the others stay as they are."""
        unknown = set(changes) - set(self.RULES)
        if unknown:
            raise TypeError(f"unknown office rules: {', '.join(sorted(unknown))}")
        basis = check_text(f"the basis of {self.handle}'s rules", basis)
        rules = {name: getattr(self, name) for name in self.RULES} | changes
        for name, most in (
            ("seats", MOST_SEATS),
            ("term_years", MOST_YEARS),
            ("alumni_years", MOST_YEARS),
        ):
            value = rules[name]
            if value is not None:
                check_number(self.handle, name.replace("_", " "), int(value), most)
        self._rules_changed(basis=basis, **rules)

    @event(RulesChanged)
    def _rules_changed(
        self,
        term_years: int | None,
        seats: int,
        role: str | None,
        eligible_role: str | None,
        successor_from: str | None,
        alumni_body: str | None,
        alumni_years: int | None,
        acting_from: str | None,
        basis: str | None,
    ) -> None:
        self.term_years = term_years
        self.seats = seats
        self.role = role
        self.eligible_role = eligible_role
        self.successor_from = successor_from
        self.alumni_body = alumni_body
        self.alumni_years = alumni_years
        self.acting_from = acting_from

    def open_mandate(self, holder: str, day: date) -> Mandate | None:
        """`holder`'s mandate that holds on `day`, if any."""
        for m in self.holders_on(day):
            if m.holder == holder:
                return m
        return None

    def term_end(self, m: Mandate) -> date | None:
        """The day a mandate's term completes, from the office's term length."""
        if self.term_years is None:
            return None
        start = m.span.start
        if start.year + self.term_years > date.max.year:
            return date.max
        try:
            return start.replace(year=start.year + self.term_years)
        except ValueError:  # 29 February
            return start.replace(year=start.year + self.term_years, day=28)

    def abolish(self, *, day: date, basis: str | None = None) -> None:
        """Drop the office from `day` on; its mandates must have ended by then."""
        if self.abolished_on is not None:
            raise NotAllowedNow(
                self.handle,
                "abolished",
                f"abolished since {self.abolished_on.isoformat()}",
                "record a new office to bring it back",
            )
        basis = check_text(f"the basis of the abolition of {self.handle}", basis)
        held = [m.holder for m in live(self.mandates) if m.span.end is None or m.span.end > day]
        if held:
            raise OfficeStillHeld(self.handle, day, held)
        self._abolished(day=day, basis=basis)

    @event(Abolished)
    def _abolished(self, day: date, basis: str | None) -> None:
        self.abolished_on = day
