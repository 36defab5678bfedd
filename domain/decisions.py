"""A decision and its one life across venues: tabled at a meeting, then agreed, approved,
rejected, noted or deferred; or sent to a written procedure (endorsement by email) that ends
endorsed or rejected; and later noted at another meeting. Every step is its own event with
its venue and its effective day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 (event fields are resolved at runtime)
from enum import StrEnum

from eventsourcing.domain import event

from domain.errors import NotAllowedNow, OutOfOrder, ReasonRequired
from domain.recorded import Entity, check_handle, check_name


class Outcome(StrEnum):
    AGREED = "agreed"
    APPROVED = "approved"
    REJECTED = "rejected"
    NOTED = "noted"
    DEFERRED = "deferred"


class Status(StrEnum):
    TABLED = "tabled"
    AGREED = "agreed"
    APPROVED = "approved"
    REJECTED = "rejected"
    NOTED = "noted"
    DEFERRED = "deferred"
    IN_WRITTEN_PROCEDURE = "in written procedure"
    ENDORSED = "endorsed"


OPEN = {Status.TABLED, Status.DEFERRED}
SETTLED = {Status.AGREED, Status.APPROVED, Status.REJECTED, Status.NOTED, Status.ENDORSED}
WRITTEN_PROCEDURE = "written-procedure"


@dataclass(frozen=True)
class Step:
    what: str
    venue: str
    day: date
    note: str | None


class Decision(Entity):
    class Tabled(Entity.Created):
        title: str
        text: str | None
        meeting: str
        item: str | None
        day: date

        def effective(self) -> date | None:
            return self.day

    class Decided(Entity.Event):
        outcome: Outcome
        meeting: str
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class Referred(Entity.Event):
        """Sent to a written procedure: reviewed and endorsed (or not) by email."""

        day: date
        deadline: date | None
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class ProcedureClosed(Entity.Event):
        endorsed: bool
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class NotedAt(Entity.Event):
        meeting: str
        day: date
        note: str | None

        def effective(self) -> date | None:
            return self.day

    class OutcomeCorrected(Entity.Event):
        outcome: Outcome
        reason: str

    @event(Tabled)
    def __init__(
        self, handle: str, title: str, text: str | None, meeting: str, item: str | None, day: date
    ) -> None:
        self.handle = handle
        self.name = title
        self.title = title
        self.meeting = meeting
        self.status = Status.TABLED
        self.deadline: date | None = None
        self.steps = [Step("tabled", meeting, day, text)]

    @classmethod
    def table(
        cls,
        handle: str,
        title: str,
        *,
        meeting: str,
        day: date,
        item: str | None = None,
        text: str | None = None,
    ) -> Decision:
        return cls(
            handle=check_handle(handle),
            title=check_name("decision", title),
            text=text,
            meeting=meeting,
            item=item,
            day=day,
        )

    @property
    def last_day(self) -> date:
        return self.steps[-1].day

    def _check(self, step: str, day: date, allowed: set[Status], hint: str) -> None:
        if self.status not in allowed:
            raise NotAllowedNow(self.handle, step, self.status.value, hint)
        if day < self.last_day:
            raise OutOfOrder(self.handle, step, day, self.last_day)

    def decide(self, outcome: Outcome, *, meeting: str, day: date, note: str | None = None) -> None:
        self._check(outcome.value, day, OPEN, "only a tabled or deferred decision is decided")
        self._decided(outcome=outcome, meeting=meeting, day=day, note=note)

    @event(Decided)
    def _decided(self, outcome: Outcome, meeting: str, day: date, note: str | None) -> None:
        self.status = Status(outcome.value)
        self.steps.append(Step(outcome.value, meeting, day, note))

    def refer(self, *, day: date, deadline: date | None = None, note: str | None = None) -> None:
        self._check(
            "sent to written procedure",
            day,
            OPEN,
            "only a tabled or deferred decision goes to a written procedure",
        )
        if deadline is not None and deadline < day:
            raise OutOfOrder(self.handle, "given a deadline", deadline, day)
        self._referred(day=day, deadline=deadline, note=note)

    @event(Referred)
    def _referred(self, day: date, deadline: date | None, note: str | None) -> None:
        self.status = Status.IN_WRITTEN_PROCEDURE
        self.deadline = deadline
        self.steps.append(Step("sent to written procedure", WRITTEN_PROCEDURE, day, note))

    def close_procedure(self, *, endorsed: bool, day: date, note: str | None = None) -> None:
        self._check(
            "endorsed" if endorsed else "rejected by written procedure",
            day,
            {Status.IN_WRITTEN_PROCEDURE},
            "send it to a written procedure first (decision refer)",
        )
        self._procedure_closed(endorsed=endorsed, day=day, note=note)

    @event(ProcedureClosed)
    def _procedure_closed(self, endorsed: bool, day: date, note: str | None) -> None:
        self.status = Status.ENDORSED if endorsed else Status.REJECTED
        what = "endorsed by written procedure" if endorsed else "rejected by written procedure"
        self.steps.append(Step(what, WRITTEN_PROCEDURE, day, note))

    def note_at(self, *, meeting: str, day: date, note: str | None = None) -> None:
        self._check(
            f"noted at {meeting}",
            day,
            SETTLED,
            "a decision is noted at a later meeting once it has an outcome",
        )
        self._noted_at(meeting=meeting, day=day, note=note)

    @event(NotedAt)
    def _noted_at(self, meeting: str, day: date, note: str | None) -> None:
        self.steps.append(Step("noted", meeting, day, note))

    def correct_outcome(self, outcome: Outcome, *, reason: str) -> None:
        """The outcome was recorded wrongly: the last decided step is corrected."""
        if not reason.strip():
            raise ReasonRequired(f"the correction of {self.handle}'s outcome")
        if self.status not in SETTLED | {Status.DEFERRED}:
            raise NotAllowedNow(
                self.handle, "corrected", self.status.value, "only an outcome can be corrected"
            )
        self._outcome_corrected(outcome=outcome, reason=reason.strip())

    @event(OutcomeCorrected)
    def _outcome_corrected(self, outcome: Outcome, reason: str) -> None:
        self.status = Status(outcome.value)
