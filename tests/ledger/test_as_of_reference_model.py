"""Random histories of mandates and memberships, recorded through the ledger on a real SQLite
file, against a reference model simple enough to check by eye.

The model keeps plain intervals and applies the rules day by day over a small calendar, so it
shares no code with the domain: a command is refused by the ledger exactly when the model
refuses it, and every read as of a day answers what the model holds on that day. Its rules are
DESIGN.md's and `Office.end_mandate`'s docstring: `[start, end)` intervals, a seat count per
office for substantive and acting holders apart, a maximum of members per body, and a planned
end that can be brought forward while an end once recorded cannot be recorded again.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from domain.errors import (
    ActingSeatsFull,
    BodyFull,
    EndsBeforeStart,
    MandateNotOpen,
    MembershipNotOpen,
    OverlappingMandate,
    OverlappingMembership,
    RuleBroken,
    SeatsFull,
)
from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location

FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2020, 3, 31)
# Nothing starts after LAST_DAY, so counting up to the day after it sees every busy day.
CALENDAR = [FIRST_DAY + timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 2)]

SEATS = {"chair": 1, "co-chairs": 2}
MAX_MEMBERS = {"bureau": 1, "steering-committee": 2}
HOLDERS = ["ana", "ben", "chen", "dina"]

Refusal = tuple[type[RuleBroken], ...]


# --- the reference model ----------------------------------------------------------------------


@dataclass
class Term:
    who: str
    start: date
    end: date | None
    acting: bool = False
    ended: bool = False

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def row(self) -> tuple[str, date, date | None, bool]:
        return (self.who, self.start, self.end, self.acting)


def days_between(start: date, end: date | None) -> list[date]:
    return [d for d in CALENDAR if start <= d and (end is None or d < end)]


def end_term(terms: list[Term], who: str, day: date, not_open: type[RuleBroken]) -> Refusal:
    """End the one term of `who` still open on `day`; a term already ended stays as it was."""
    for t in terms:
        if t.who == who and not t.ended and t.start < day and (t.end is None or day < t.end):
            t.end, t.ended = day, True
            return ()
    # Which of the two a refusal is named depends on where `day` falls; either says why.
    return (not_open, EndsBeforeStart)


class Reference:
    def __init__(self) -> None:
        self.mandates: dict[str, list[Term]] = {office: [] for office in SEATS}
        self.members: dict[str, list[Term]] = {body: [] for body in MAX_MEMBERS}

    def start_mandate(
        self, office: str, who: str, start: date, end: date | None, acting: bool
    ) -> Refusal:
        terms = self.mandates[office]
        if end is not None and end <= start:
            return (EndsBeforeStart,)
        new_days = days_between(start, end)
        if any(t.who == who and t.holds(d) for t in terms for d in new_days):
            return (OverlappingMandate,)
        for d in new_days:
            if sum(t.holds(d) and t.acting == acting for t in terms) >= SEATS[office]:
                return (ActingSeatsFull,) if acting else (SeatsFull,)
        terms.append(Term(who, start, end, acting))
        return ()

    def end_mandate(self, office: str, who: str, day: date) -> Refusal:
        return end_term(self.mandates[office], who, day, MandateNotOpen)

    def add_member(self, body: str, who: str, start: date, end: date | None) -> Refusal:
        terms = self.members[body]
        if end is not None and end <= start:
            return (EndsBeforeStart,)
        new_days = days_between(start, end)
        if any(t.who == who and t.holds(d) for t in terms for d in new_days):
            return (OverlappingMembership,)
        if any(sum(t.holds(d) for t in terms) >= MAX_MEMBERS[body] for d in new_days):
            return (BodyFull,)
        terms.append(Term(who, start, end))
        return ()

    def remove_member(self, body: str, who: str, day: date) -> Refusal:
        return end_term(self.members[body], who, day, MembershipNotOpen)

    def holders_on(self, office: str, day: date) -> set[tuple[str, date, date | None, bool]]:
        return {t.row() for t in self.mandates[office] if t.holds(day)}

    def members_on(self, body: str, day: date) -> set[tuple[str, date, date | None]]:
        return {t.row()[:3] for t in self.members[body] if t.holds(day)}

    def boundaries(self) -> set[date]:
        """Every day on which an answer can change, and the day before it."""
        days = {FIRST_DAY}
        for terms in [*self.mandates.values(), *self.members.values()]:
            for t in terms:
                for d in (t.start, t.end):
                    if d is not None:
                        days |= {d, d - timedelta(1)}
        return days


# --- commands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartMandate:
    office: str
    holder: str
    start: date
    end: date | None
    acting: bool

    def to_ledger(self, ledger: Ledger) -> None:
        ledger.start_mandate(self.office, self.holder, self.start, end=self.end, acting=self.acting)

    def to_model(self, model: Reference) -> Refusal:
        return model.start_mandate(self.office, self.holder, self.start, self.end, self.acting)

    def days(self) -> set[date]:
        return {self.start, *([self.end] if self.end else [])}


@dataclass(frozen=True)
class EndMandate:
    office: str
    holder: str
    on: date

    def to_ledger(self, ledger: Ledger) -> None:
        ledger.end_mandate(self.office, self.holder, self.on)

    def to_model(self, model: Reference) -> Refusal:
        return model.end_mandate(self.office, self.holder, self.on)

    def days(self) -> set[date]:
        return {self.on}


@dataclass(frozen=True)
class AddMember:
    body: str
    member: str
    start: date
    end: date | None

    def to_ledger(self, ledger: Ledger) -> None:
        ledger.add_member(self.body, self.member, self.start, end=self.end)

    def to_model(self, model: Reference) -> Refusal:
        return model.add_member(self.body, self.member, self.start, self.end)

    def days(self) -> set[date]:
        return {self.start, *([self.end] if self.end else [])}


@dataclass(frozen=True)
class RemoveMember:
    body: str
    member: str
    on: date

    def to_ledger(self, ledger: Ledger) -> None:
        ledger.remove_member(self.body, self.member, self.on)

    def to_model(self, model: Reference) -> Refusal:
        return model.remove_member(self.body, self.member, self.on)

    def days(self) -> set[date]:
        return {self.on}


@dataclass(frozen=True)
class EndARecordedOne:
    """End the `pick`-th mandate or membership the model holds, on a day beside its start or
    its end: the days where ending goes wrong, and where ending twice is tried."""

    kind: Literal["mandate", "membership"]
    pick: int
    anchor: Literal["start", "end"]
    offset: int

    def resolve(self, model: Reference) -> EndMandate | RemoveMember | None:
        owners = model.mandates if self.kind == "mandate" else model.members
        recorded = [(owner, t) for owner, terms in owners.items() for t in terms]
        if not recorded:
            return None
        owner, term = recorded[self.pick % len(recorded)]
        edge = term.end if self.anchor == "end" and term.end is not None else term.start
        day = edge + timedelta(self.offset)
        if self.kind == "mandate":
            return EndMandate(owner, term.who, day)
        return RemoveMember(owner, term.who, day)


Command = StartMandate | EndMandate | AddMember | RemoveMember
Step = Command | EndARecordedOne

# Mostly a coarse grid of days, so that starts and ends fall on one another's boundaries.
a_day = st.one_of(
    st.integers(0, 9).map(lambda n: FIRST_DAY + timedelta(10 * n)),
    st.integers(0, (LAST_DAY - FIRST_DAY).days).map(lambda n: FIRST_DAY + timedelta(n)),
)


def _until(start: date) -> st.SearchStrategy[date | None]:
    weeks_later = st.integers(1, 45).map(lambda n: start + timedelta(n))
    return st.one_of(st.none(), weeks_later, a_day)


# A start and an end: open-ended, or some weeks later, or any day at all (often too early).
spans = a_day.flatmap(lambda start: st.tuples(st.just(start), _until(start)))
acting = st.booleans()
offices = st.sampled_from(sorted(SEATS))
bodies = st.sampled_from(sorted(MAX_MEMBERS))
holders = st.sampled_from(HOLDERS)
ending_a_recorded_one = st.builds(
    EndARecordedOne,
    st.sampled_from(["mandate", "membership"]),
    st.integers(0, 20),
    st.sampled_from(["start", "end"]),
    st.integers(-1, 1),
)
# Ending what was recorded comes up twice as often: ends of nobody's mandate are cheap to
# reach, ends beside a real one's boundaries are where the rules are subtle.
steps: st.SearchStrategy[Step] = st.one_of(
    st.builds(lambda o, h, s, a: StartMandate(o, h, *s, a), offices, holders, spans, acting),
    st.builds(EndMandate, offices, holders, a_day),
    st.builds(lambda b, h, s: AddMember(b, h, *s), bodies, holders, spans),
    st.builds(RemoveMember, bodies, holders, a_day),
    ending_a_recorded_one,
    ending_a_recorded_one,
)


# --- the ledger against the model -------------------------------------------------------------

# A history is a few hundred small transactions: on a RAM disk, where there is one, shrinking
# a failure takes seconds rather than minutes.
SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None


def open_ledger(path: Path) -> Ledger:
    ledger = Ledger(Location.parse(str(path)), actor="test", create=True)
    for name in HOLDERS:
        ledger.add_holder(name.title(), HolderKind.PERSON)
    for office, seats in SEATS.items():
        ledger.add_office(office.replace("-", " ").title(), handle=office, seats=seats)
    for body, most in MAX_MEMBERS.items():
        ledger.add_body(body.replace("-", " ").title(), handle=body, max_members=most)
    return ledger


def assert_reads_agree(ledger: Ledger, model: Reference, days: set[date]) -> None:
    for office in SEATS:
        everyone = {(t.holder, t.start, t.end, t.acting) for t in ledger.holders(office)}
        assert everyone == {t.row() for t in model.mandates[office]}, office
    for day in sorted(days):
        for office in SEATS:
            held = {(t.holder, t.start, t.end, t.acting) for t in ledger.holders(office, as_of=day)}
            assert held == model.holders_on(office, day), (office, day)
        governance = ledger.governance_on(day)
        for o in governance.offices:
            held = {(t.holder, t.start, t.end, t.acting) for t in o.holders}
            assert held == model.holders_on(o.office.office, day), (o.office.office, day)
        assert {b.body.body for b in governance.bodies} == set(MAX_MEMBERS)
        for b in governance.bodies:
            sitting = {(s.member, s.start, s.end) for s in b.members}
            assert sitting == model.members_on(b.body.body, day), (b.body.body, day)


def record_and_compare(ledger: Ledger, model: Reference, command: Command) -> None:
    head = ledger.head_position()
    try:
        command.to_ledger(ledger)
        refused: RuleBroken | None = None
    except RuleBroken as e:
        refused = e
    expected = command.to_model(model)
    event(f"{type(command).__name__}: {type(refused).__name__ if refused else 'recorded'}")

    if expected:
        assert isinstance(refused, expected), (command, refused, expected)
        assert ledger.head_position() == head, "a refused command recorded something"
    else:
        assert refused is None, (command, refused)
        assert ledger.head_position() == head + 1


@settings(
    max_examples=40,
    deadline=None,
    # Explaining a failure replays it hundreds of times on a real file; the shrunk history
    # says enough.
    phases=[phase for phase in Phase if phase is not Phase.explain],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(history=st.lists(steps, min_size=10, max_size=20), probes=st.sets(a_day, max_size=3))
def test_the_ledger_refuses_and_answers_as_of_any_day_as_the_reference_model_does(
    history: list[Step], probes: set[date]
) -> None:
    with tempfile.TemporaryDirectory(dir=SCRATCH) as directory:
        ledger = open_ledger(Path(directory) / "asp.db")
        model = Reference()
        try:
            for step in history:
                command = step.resolve(model) if isinstance(step, EndARecordedOne) else step
                if command is None:
                    continue
                record_and_compare(ledger, model, command)
                # What a command changes shows on its own days and the days before them.
                assert_reads_agree(
                    ledger, model, {d - timedelta(n) for d in command.days() for n in (0, 1)}
                )
            assert_reads_agree(ledger, model, model.boundaries() | probes)
        finally:
            ledger.close()
