"""An election to an office: the call for candidates (opens, closes), nominations checked
against the office's eligibility rule, withdrawals, the tally, and the result.

The method is a simple majority of the votes cast among the candidates still standing: the one
with the most votes wins; a tie is reported, never decided by the software. Closing with a
winner is what starts the winner's mandate (the ledger saves both in one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)

from eventsourcing.domain import event

from domain.errors import (
    DuplicateEntry,
    ElectionClosed,
    EndsBeforeStart,
    IneligibleCandidate,
    InvalidNumber,
    NoSuchEntry,
    NoWinner,
    OutOfOrder,
)
from domain.recorded import Entity, check_handle, check_name


@dataclass
class Candidacy:
    candidate: str
    day: date
    override: str | None
    withdrawn: bool = False


class Election(Entity):
    class Opened(Entity.Created):
        name: str
        office: str
        opens: date
        closes: date

        def effective(self) -> date | None:
            return self.opens

    class Nominated(Entity.Event):
        candidate: str
        day: date
        override: str | None

        def effective(self) -> date | None:
            return self.day

    class Withdrawn(Entity.Event):
        candidate: str
        day: date
        reason: str | None

        def effective(self) -> date | None:
            return self.day

    class Tallied(Entity.Event):
        votes: dict[str, int]
        day: date

        def effective(self) -> date | None:
            return self.day

    class Closed(Entity.Event):
        winner: str | None
        day: date
        method: str
        override: str | None

        def effective(self) -> date | None:
            return self.day

    @event(Opened)
    def __init__(self, handle: str, name: str, office: str, opens: date, closes: date) -> None:
        self.handle = handle
        self.name = name
        self.office = office
        self.opens = opens
        self.closes = closes
        self.candidacies: list[Candidacy] = []
        self.votes: dict[str, int] = {}
        self.closed_on: date | None = None
        self.winner: str | None = None

    @classmethod
    def open(
        cls, handle: str, *, office: str, opens: date, closes: date, name: str | None = None
    ) -> Election:
        if closes <= opens:
            raise EndsBeforeStart(f"the call for candidates of {handle}", opens, closes)
        return cls(
            handle=check_handle(handle),
            name=check_name("election", name or f"Election of {office}"),
            office=office,
            opens=opens,
            closes=closes,
        )

    @property
    def standing(self) -> list[str]:
        return [c.candidate for c in self.candidacies if not c.withdrawn]

    def _check_open(self, day: date, what: str) -> None:
        if self.closed_on is not None:
            raise ElectionClosed(self.handle, f"was closed on {self.closed_on.isoformat()}")
        if day < self.opens:
            raise OutOfOrder(self.handle, what, day, self.opens)

    def nominate(
        self,
        candidate: str,
        *,
        day: date,
        eligible_role: str | None = None,
        holds_role: bool = True,
        override: str | None = None,
    ) -> None:
        """`holds_role` is whether the candidate holds an office of the office's eligible role
        on `day`: the ledger finds it out, the election decides what follows from it."""
        self._check_open(day, f"given {candidate} as a candidate")
        if day >= self.closes:
            raise ElectionClosed(
                self.handle, f"closed its call for candidates on {self.closes.isoformat()}"
            )
        if candidate in self.standing:
            raise DuplicateEntry(self.handle, f"{candidate} as a candidate")
        if eligible_role and not holds_role and not (override and override.strip()):
            raise IneligibleCandidate(self.handle, candidate, eligible_role, day)
        self._nominated(candidate=candidate, day=day, override=override)

    @event(Nominated)
    def _nominated(self, candidate: str, day: date, override: str | None) -> None:
        self.candidacies.append(Candidacy(candidate, day, override))

    def withdraw(self, candidate: str, *, day: date, reason: str | None = None) -> None:
        self._check_open(day, f"told of {candidate}'s withdrawal")
        if candidate not in self.standing:
            raise NoSuchEntry(f"candidacy of {candidate} in {self.handle}", None)
        self._withdrawn(candidate=candidate, day=day, reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, candidate: str, day: date, reason: str | None) -> None:
        for c in self.candidacies:
            if c.candidate == candidate and not c.withdrawn:
                c.withdrawn = True

    def tally(self, votes: dict[str, int], *, day: date) -> None:
        self._check_open(day, "tallied")
        for candidate, count in votes.items():
            if candidate not in self.standing:
                raise NoSuchEntry(f"candidacy of {candidate} in {self.handle}", None)
            if count < 0:
                raise InvalidNumber(self.handle, f"votes for {candidate}", count, minimum=0)
        self._tallied(votes=dict(votes), day=day)

    @event(Tallied)
    def _tallied(self, votes: dict[str, int], day: date) -> None:
        self.votes.update(votes)

    def result(self) -> str:
        """The winner by simple majority, or NoWinner saying why (a tie, no candidate)."""
        standing = self.standing
        if not standing:
            raise NoWinner(self.handle, "no candidate is standing")
        if not self.votes:
            if len(standing) == 1:
                return standing[0]
            raise NoWinner(self.handle, "no votes are tallied yet (election tally)")
        counts = sorted(((self.votes.get(c, 0), c) for c in standing), reverse=True)
        if len(counts) > 1 and counts[0][0] == counts[1][0]:
            tied = [c for n, c in counts if n == counts[0][0]]
            raise NoWinner(
                self.handle,
                f"a tie between {', '.join(sorted(tied))} ({counts[0][0]} votes each); the "
                "software does not break ties: record the deciding body's choice with "
                "--winner H and --override REASON",
            )
        return counts[0][1]

    def close(self, *, day: date, winner: str | None = None, override: str | None = None) -> str:
        """Close the election and return its winner."""
        self._check_open(day, "closed")
        if winner is None:
            winner = self.result()
            method = "simple majority" if self.votes else "unopposed"
        else:
            if winner not in self.standing:
                raise NoSuchEntry(f"candidacy of {winner} in {self.handle}", None)
            try:
                natural = self.result()
            except NoWinner:
                natural = None
            if natural != winner and not (override and override.strip()):
                raise NoWinner(
                    self.handle,
                    f"{winner} is not the winner by simple majority; pass --override REASON "
                    "to record another result",
                )
            method = "simple majority" if natural == winner else "override"
        self._closed(winner=winner, day=day, method=method, override=override)
        return winner

    @event(Closed)
    def _closed(self, winner: str | None, day: date, method: str, override: str | None) -> None:
        self.closed_on = day
        self.winner = winner
