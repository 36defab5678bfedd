"""Random runs of elections and successions, recorded through the ledger on a real SQLite file,
against a reference model simple enough to check by eye.

The model keeps plain intervals and lists and shares no code with the domain. Its rules are
those of issue 4 and the docstrings: a call for candidates `[opens, closes)`, nominations
checked against the national-focal-point role, withdrawals, tallies for standing candidates
only, a result by simple majority where a tie is reported and never decided, and closing
with a winner starting the winner's mandate in the same save. A succession of the Chair on a
day ends the Chair's mandate (once its one-year term completed, or with an override), makes
the Vice-Chair Chair, and puts the former Chair in the governance group for a year.

After every step: the ledger refused exactly when the model did (with the rule the model
names), nothing was recorded by a refusal, and neither one-seat office ever had two holders
on the same day.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from domain.errors import (
    DuplicateEntry,
    ElectionClosed,
    EndsBeforeStart,
    IneligibleCandidate,
    InvalidNumber,
    MandateNotOpen,
    NoSuchEntry,
    NoWinner,
    OutOfOrder,
    OverlappingMandate,
    OverlappingMembership,
    RuleBroken,
    SeatsFull,
    SuccessionImpossible,
    TermNotComplete,
)
from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location

FIRST_DAY = date(2020, 1, 1)
MID = date(2021, 1, 1)  # ben hands Bangladesh's focal point over to dina
PEOPLE = ["ana", "ben", "chen", "dina"]
ROLE = "national-focal-point"
TERM_YEARS = 1
ALUMNI_YEARS = 1

Refusal = tuple[type[RuleBroken], ...]
ACCEPTED: Refusal = ()


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    if (day.month, day.day) == (2, 29):
        return date(day.year + years, 2, 28)
    return date(day.year + years, day.month, day.day)


def holds_role(who: str, day: date) -> bool:
    """Ana is a focal point throughout, Ben until MID, Dina from MID, Chen never."""
    return who == "ana" or (who == "ben" and day < MID) or (who == "dina" and day >= MID)


# --- the reference model ----------------------------------------------------------------------


@dataclass
class Term:
    who: str
    start: date
    end: date | None = None

    def holds(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps_from(self, day: date, until: date | None = None) -> bool:
        return (self.end is None or day < self.end) and (until is None or self.start < until)


@dataclass
class Race:
    office: str
    opens: date
    closes: date
    candidacies: list[list[Any]] = field(default_factory=list)  # [who, withdrawn]
    votes: dict[str, int] = field(default_factory=dict)
    closed_on: date | None = None

    @property
    def standing(self) -> list[str]:
        return [who for who, withdrawn in self.candidacies if not withdrawn]

    def still_open(self, day: date) -> Refusal:
        if self.closed_on is not None:
            return (ElectionClosed,)
        if day < self.opens:
            return (OutOfOrder,)
        return ACCEPTED

    def majority(self) -> str | Refusal:
        standing = self.standing
        if not standing:
            return (NoWinner,)
        if not self.votes:
            return standing[0] if len(standing) == 1 else (NoWinner,)
        counts = {who: self.votes.get(who, 0) for who in standing}
        most = max(counts.values())
        leaders = [who for who, n in counts.items() if n == most]
        return leaders[0] if len(leaders) == 1 else (NoWinner,)


class Reference:
    def __init__(self) -> None:
        self.mandates: dict[str, list[Term]] = {"chair": [], "vice": []}
        self.group: list[Term] = []
        self.races: dict[str, Race] = {}

    def open(self, handle: str, office: str, opens: date, closes: date) -> Refusal:
        if closes <= opens:
            return (EndsBeforeStart,)
        self.races[handle] = Race(office, opens, closes)
        return ACCEPTED

    def nominate(self, race: Race, who: str, day: date, override: bool) -> Refusal:
        refused = race.still_open(day)
        if refused:
            return refused
        if day >= race.closes:
            return (ElectionClosed,)
        if who in race.standing:
            return (DuplicateEntry,)
        if not holds_role(who, day) and not override:
            return (IneligibleCandidate,)
        race.candidacies.append([who, False])
        return ACCEPTED

    def withdraw(self, race: Race, who: str, day: date) -> Refusal:
        refused = race.still_open(day)
        if refused:
            return refused
        if who not in race.standing:
            return (NoSuchEntry,)
        for candidacy in race.candidacies:
            if candidacy[0] == who:
                candidacy[1] = True
        return ACCEPTED

    def tally(self, race: Race, votes: dict[str, int], day: date) -> Refusal:
        refused = race.still_open(day)
        if refused:
            return refused
        for who, n in votes.items():
            if who not in race.standing:
                return (NoSuchEntry,)
            if n < 0:
                return (InvalidNumber,)
        race.votes.update(votes)
        return ACCEPTED

    def close(self, race: Race, day: date, winner: str | None, override: bool) -> Refusal:
        refused = race.still_open(day)
        if refused:
            return refused
        majority = race.majority()
        if winner is None:
            if isinstance(majority, tuple):
                return majority
            winner = majority
        elif winner not in race.standing:
            return (NoSuchEntry,)
        elif majority != winner and not override:
            return (NoWinner,)
        refused = self._seat(race.office, winner, day)
        if refused:
            return refused
        race.closed_on = day
        self.mandates[race.office].append(Term(winner, day))
        return ACCEPTED

    def _seat(self, office: str, who: str, day: date, ending: Term | None = None) -> Refusal:
        """Whether `who` can hold the one-seat `office` from `day` on, open-ended; `ending` is
        a mandate the same save ends on `day`."""
        others = [t for t in self.mandates[office] if t is not ending]
        if any(t.who == who and t.overlaps_from(day) for t in others):
            return (OverlappingMandate,)
        if any(t.overlaps_from(day) for t in others):
            return (SeatsFull,)
        return ACCEPTED

    def succession(self, on: date, override: bool) -> tuple[Refusal, int]:
        """The refusal, or how many events the handover records."""
        before = on - timedelta(days=1)
        [incumbent] = [t for t in self.mandates["chair"] if t.holds(before)] or [None]
        if incumbent is None:
            return (SuccessionImpossible,), 0
        if years_after(incumbent.start, TERM_YEARS) > on and not override:
            return (TermNotComplete,), 0
        if incumbent.end is not None and incumbent.end > on:
            return (MandateNotOpen, EndsBeforeStart), 0  # ended already: never twice
        [successor] = [t for t in self.mandates["vice"] if t.holds(before)] or [None]
        if successor is None:
            return (SuccessionImpossible,), 0
        if successor.end is not None and successor.end > on:
            return (MandateNotOpen, EndsBeforeStart), 0
        refused = self._seat("chair", successor.who, on, ending=incumbent)
        if refused == (SeatsFull,):
            # Held from `on` by someone else: the Chair re-elected, which Annex IV says
            # stops the succession, or a Chair elected for a later day.
            return (SeatsFull, SuccessionImpossible), 0
        if refused:
            return refused, 0
        alumni_until = years_after(on, ALUMNI_YEARS)
        if any(
            t.who == incumbent.who and t.start < alumni_until and t.overlaps_from(on)
            for t in self.group
        ):
            return (OverlappingMembership,), 0
        events = 2  # the new Chair's mandate, the former Chair's seat in the group
        for ending in (incumbent, successor):
            if ending.end is None:
                ending.end = on
                events += 1
        self.mandates["chair"].append(Term(successor.who, on))
        self.group.append(Term(incumbent.who, on, alumni_until))
        return ACCEPTED, events


# --- the ledger against the model -------------------------------------------------------------


def build_template(path: Path) -> None:
    ledger = Ledger(Location.parse(str(path)), actor="test", create=True)
    try:
        for who in PEOPLE:
            ledger.add_holder(who.title(), HolderKind.PERSON, handle=who)
        ledger.add_body("Governance group", handle="group")
        for nfp in ("nfp-a", "nfp-b"):
            ledger.add_office(nfp, handle=nfp)
            ledger.set_office_rules(nfp, role=ROLE)
        ledger.start_mandate("nfp-a", "ana", FIRST_DAY)
        ledger.start_mandate("nfp-b", "ben", FIRST_DAY, end=MID)
        ledger.start_mandate("nfp-b", "dina", MID)
        ledger.add_office("Vice-Chair", handle="vice")
        ledger.add_office("Chair", handle="chair")
        ledger.set_office_rules("vice", term_years=TERM_YEARS, eligible_role=ROLE)
        ledger.set_office_rules(
            "chair",
            term_years=TERM_YEARS,
            eligible_role=ROLE,
            successor_from="vice",
            alumni_body="group",
            alumni_years=ALUMNI_YEARS,
        )
    finally:
        ledger.close()


a_day = st.integers(0, 36).map(lambda n: FIRST_DAY + timedelta(days=30 * n))
# Calls of a month mostly; the refused ones (empty, backwards) now and then.
call_lengths = st.sampled_from([30, 60, 10, 1, 0, -1])
# Days counted from the call's opening: inside the call, on its edges, after it.
in_the_call = st.sampled_from([0, 5, 15, 29, 30, 45, -1])
after_the_call = st.sampled_from([30, 31, 45, 60, 0, 29, 90, -1])
people = st.sampled_from(PEOPLE)
picks = st.integers(0, 50)
first_months = st.integers(0, 6).map(lambda n: FIRST_DAY + timedelta(days=30 * n))
some_votes = st.lists(st.integers(0, 4), min_size=3, max_size=3)


class ElectionsAndSuccessions(RuleBasedStateMachine):
    """Subclassed by the test with `make_ledger`, which opens a fresh copy of the template."""

    def make_ledger(self) -> Ledger:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.ledger = self.make_ledger()
        self.model = Reference()
        self.handles = itertools.count(1)

    def teardown(self) -> None:
        self.ledger.close()

    def check(self, what: str, record: Any, expected: Refusal, events: int = 1) -> None:
        head = self.ledger.head_position()
        try:
            record()
            refused: RuleBroken | None = None
        except RuleBroken as e:
            refused = e
        event(f"{what}: {type(refused).__name__ if refused else 'recorded'}")
        if expected:
            assert isinstance(refused, expected), (refused, expected)
            assert self.ledger.head_position() == head, "a refused command recorded something"
        else:
            assert refused is None, refused
            assert self.ledger.head_position() == head + events

    def race(self, pick: int) -> tuple[str, Race]:
        handle = sorted(self.model.races)[pick % len(self.model.races)]
        return handle, self.model.races[handle]

    @rule(office=st.sampled_from(["chair", "vice"]), opens=a_day, length=call_lengths)
    def open_election(self, office: str, opens: date, length: int) -> None:
        handle = f"e{next(self.handles)}"
        closes = opens + timedelta(days=length)
        expected = self.model.open(handle, office, opens, closes)
        self.check(
            "open",
            lambda: self.ledger.open_election(handle, office=office, opens=opens, closes=closes),
            expected,
        )

    @precondition(lambda self: self.model.races)
    @rule(pick=picks, who=people, offset=in_the_call, override=st.booleans())
    def nominate(self, pick: int, who: str, offset: int, override: bool) -> None:
        handle, race = self.race(pick)
        day = race.opens + timedelta(days=offset)
        reason = "admitted by the plenary" if override else None
        expected = self.model.nominate(race, who, day, override)
        self.check(
            "nominate",
            lambda: self.ledger.nominate(handle, who, day=day, override=reason),
            expected,
        )

    @precondition(lambda self: self.model.races)
    @rule(pick=picks, who=people, offset=in_the_call)
    def withdraw(self, pick: int, who: str, offset: int) -> None:
        handle, race = self.race(pick)
        day = race.opens + timedelta(days=offset)
        expected = self.model.withdraw(race, who, day)
        self.check("withdraw", lambda: self.ledger.withdraw(handle, who, day=day), expected)

    @precondition(lambda self: self.model.races)
    @rule(
        pick=picks,
        votes=st.dictionaries(people, st.integers(-1, 4), min_size=1, max_size=3),
        offset=after_the_call,
    )
    def tally(self, pick: int, votes: dict[str, int], offset: int) -> None:
        handle, race = self.race(pick)
        day = race.opens + timedelta(days=offset)
        expected = self.model.tally(race, votes, day)
        self.check("tally", lambda: self.ledger.tally(handle, dict(votes), day=day), expected)

    @precondition(lambda self: self.model.races)
    @rule(
        pick=picks,
        offset=after_the_call,
        winner=st.none() | people,
        override=st.booleans(),
    )
    def close(self, pick: int, offset: int, winner: str | None, override: bool) -> None:
        handle, race = self.race(pick)
        day = race.opens + timedelta(days=offset)
        reason = "the plenary's choice" if override else None
        expected = self.model.close(race, day, winner, override)
        self.check(
            "close",
            lambda: self.ledger.close_election(handle, day=day, winner=winner, override=reason),
            expected,
            events=2,  # the result and the winner's mandate, in one save
        )

    def elect(self, office: str, opens: date, candidates: list[str], votes: list[int]) -> None:
        """A month's call, nominations on its first day, the tally and the result: the way
        to an office, each step checked as the single-step rules check it."""
        handle = f"e{next(self.handles)}"
        closes = opens + timedelta(days=30)
        self.check(
            "open",
            lambda: self.ledger.open_election(handle, office=office, opens=opens, closes=closes),
            self.model.open(handle, office, opens, closes),
        )
        race = self.model.races[handle]
        for who in candidates:
            expected = self.model.nominate(race, who, opens, False)
            self.check(
                "nominate", lambda who=who: self.ledger.nominate(handle, who, day=opens), expected
            )
        if len(race.standing) > 1:
            counted = dict(zip(race.standing, votes, strict=False))
            expected = self.model.tally(race, counted, closes)
            self.check("tally", lambda: self.ledger.tally(handle, counted, day=closes), expected)
        expected = self.model.close(race, closes, None, False)
        self.check(
            "close", lambda: self.ledger.close_election(handle, day=closes), expected, events=2
        )

    @initialize(
        chair_opens=first_months,
        vice_opens=first_months,
        chair_first=st.booleans(),
        votes=some_votes,
    )
    def elect_a_first_chair_and_vice_chair(
        self, chair_opens: date, vice_opens: date, chair_first: bool, votes: list[int]
    ) -> None:
        """Ana and Ben, the focal points of the first year, unopposed."""
        chair, vice = ("ana", "ben") if chair_first else ("ben", "ana")
        self.elect("chair", chair_opens, [chair], votes)
        self.elect("vice", vice_opens, [vice], votes)

    @rule(
        office=st.sampled_from(["chair", "vice"]),
        opens=a_day,
        candidates=st.lists(people, min_size=1, max_size=3, unique=True),
        votes=some_votes,
    )
    def run_a_whole_election(
        self, office: str, opens: date, candidates: list[str], votes: list[int]
    ) -> None:
        self.elect(office, opens, candidates, votes)

    def succeed(self, day: date, override: bool) -> None:
        reason = "the Chair resigned" if override else None
        expected, events = self.model.succession(day, override)
        self.check(
            "succession",
            lambda: self.ledger.apply_succession("chair", day, reason),
            expected,
            events,
        )

    @rule(day=a_day, override=st.booleans())
    def apply_succession_on_any_day(self, day: date, override: bool) -> None:
        self.succeed(day, override)

    @precondition(lambda self: self.model.mandates["chair"])
    @rule(offset=st.sampled_from([0, -1, 1]), override=st.booleans())
    def apply_succession_when_the_term_completes(self, offset: int, override: bool) -> None:
        """The days where the rule bites: the latest Chair's term end and either side of it."""
        latest = self.model.mandates["chair"][-1]
        self.succeed(years_after(latest.start, TERM_YEARS) + timedelta(days=offset), override)

    @invariant()
    def the_ledger_holds_the_mandates_the_model_holds(self) -> None:
        for office, terms in self.model.mandates.items():
            held = sorted((t.holder, t.start, t.end) for t in self.ledger.holders(office))
            assert held == sorted((t.who, t.start, t.end) for t in terms), office

    @invariant()
    def the_governance_group_seats_the_former_chairs_the_model_seats(self) -> None:
        days = {d for t in self.model.group for d in (t.start, t.end - timedelta(days=1))}
        for day in sorted(days | {t.end for t in self.model.group}):
            [group] = [b for b in self.ledger.governance_on(day).bodies if b.body.body == "group"]
            seated = sorted((s.member, s.start, s.end) for s in group.members)
            assert seated == sorted(
                (t.who, t.start, t.end) for t in self.model.group if t.holds(day)
            ), day

    @invariant()
    def a_one_seat_office_never_has_two_holders_on_a_day(self) -> None:
        for office in self.model.mandates:
            tenures = [t for t in self.ledger.holders(office) if not t.acting]
            for a, b in itertools.combinations(tenures, 2):
                assert (a.end is not None and a.end <= b.start) or (
                    b.end is not None and b.end <= a.start
                ), (office, a, b)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("elections-template")
    build_template(folder / "asp.db")
    return folder


def test_elections_and_successions_refuse_and_record_as_the_reference_model_does(
    template: Path, tmp_path: Path
) -> None:
    runs = itertools.count()

    class Run(ElectionsAndSuccessions):
        def make_ledger(self) -> Ledger:
            where = tmp_path / f"run-{next(runs)}"
            shutil.copytree(template, where)
            return Ledger(Location.parse(str(where / "asp.db")), actor="test")

    run_state_machine_as_test(
        Run,
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
