"""Commands and queries for meetings, decisions and elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.decisions import Decision, Outcome
from domain.elections import Election
from domain.errors import UnknownHandle
from domain.holders import Holder
from domain.meetings import Capacity, Meeting, Mode
from domain.offices import Office
from ledger.core import LedgerCore, Receipt

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from domain.recorded import Entity
    from projections.proceedings import DecisionLife, ElectionRecord, MeetingRecord
    from projections.proceedings_events import ProceedingsProjection


class ProceedingsCommands(LedgerCore):
    # --- meetings -----------------------------------------------------------------------

    def add_meeting(
        self,
        handle: str,
        name: str,
        day: date,
        *,
        mode: Mode = Mode.IN_PERSON,
        body: str | None = None,
        number: int | None = None,
        venue: str | None = None,
        hours: str | None = None,
        registered: int | None = None,
        attending: int | None = None,
    ) -> Receipt:
        def make() -> Entity:
            if body is not None:
                from domain.bodies import Body

                self._get(body, Body)
            return Meeting.create(
                handle,
                name,
                day,
                mode=mode,
                body=body,
                number=number,
                venue=venue,
                hours=hours,
                registered=registered,
                attending=attending,
            )

        return self._create("meeting add", handle, make)

    def add_agenda_item(
        self,
        meeting: str,
        key: str,
        title: str,
        *,
        time: str | None = None,
        presenters: tuple[str, ...] = (),
        moderator: str | None = None,
    ) -> Receipt:
        def decide() -> list[Entity]:
            m = self._get(meeting, Meeting)
            for who in (*presenters, *([moderator] if moderator else [])):
                self._get(who, Holder)
            m.add_agenda_item(key, title, time=time, presenters=presenters, moderator=moderator)
            return [m]

        return self._decide("meeting agenda", meeting, decide)

    def attend(
        self,
        meeting: str,
        holder: str,
        capacity: Capacity = Capacity.PARTICIPANT,
        *,
        affiliation: str | None = None,
    ) -> Receipt:
        def decide() -> list[Entity]:
            m = self._get(meeting, Meeting)
            self._get(holder, Holder)
            m.attend(holder, capacity, affiliation=affiliation)
            return [m]

        return self._decide("meeting attend", meeting, decide)

    def retract_attendance(self, meeting: str, holder: str, *, reason: str) -> Receipt:
        def decide() -> list[Entity]:
            m = self._get(meeting, Meeting)
            m.retract_attendance(holder, reason=reason)
            return [m]

        return self._decide("retract attendance", meeting, decide)

    # --- decisions ----------------------------------------------------------------------

    def _tabled(
        self,
        handle: str,
        title: str | None,
        meeting: str | None,
        item: str | None,
        day: date | None,
        text: str | None,
    ) -> tuple[Decision, date]:
        """The decision if it exists, else a new one tabled at `meeting` on its day."""
        existing = self._find(handle)
        if existing is not None:
            if not isinstance(existing, Decision):
                raise UnknownHandle(handle, "decision", existing.kind)
            if day is None and meeting is not None:
                day = self._get(meeting, Meeting).day
            return existing, day or existing.last_day
        if meeting is None or title is None:
            raise UnknownHandle(handle, "decision (give --title and --meeting to table it)")
        m = self._get(meeting, Meeting)
        if item is not None and not m.has_item(item):
            raise UnknownHandle(item, f"agenda item of {meeting}")
        on = day or m.day
        return Decision.table(handle, title, meeting=meeting, day=on, item=item, text=text), on

    def record_decision(
        self,
        handle: str,
        outcome: Outcome,
        *,
        title: str | None = None,
        meeting: str | None = None,
        item: str | None = None,
        day: date | None = None,
        text: str | None = None,
        note: str | None = None,
    ) -> Receipt:
        """Table a decision (if new) and record its outcome at a meeting, in one save."""

        def decide() -> list[Entity]:
            d, on = self._tabled(handle, title, meeting, item, day, text)
            where = meeting or d.meeting
            self._get(where, Meeting)
            d.decide(outcome, meeting=where, day=on, note=note)
            return [d]

        # Named as the user typed it: `decision defer` records the outcome "deferred".
        command = "decision defer" if outcome.value == "deferred" else "decision record"
        return self._decide(command, handle, decide)

    def refer_decision(
        self,
        handle: str,
        *,
        title: str | None = None,
        meeting: str | None = None,
        item: str | None = None,
        day: date | None = None,
        deadline: date | None = None,
        text: str | None = None,
        note: str | None = None,
    ) -> Receipt:
        def decide() -> list[Entity]:
            d, on = self._tabled(handle, title, meeting, item, day, text)
            d.refer(day=on, deadline=deadline, note=note)
            return [d]

        return self._decide("decision refer", handle, decide)

    def endorse_decision(
        self, handle: str, *, day: date, endorsed: bool = True, note: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            d = self._get(handle, Decision)
            d.close_procedure(endorsed=endorsed, day=day, note=note)
            return [d]

        return self._decide("decision endorse", handle, decide)

    def note_decision(
        self, handle: str, *, meeting: str, day: date | None = None, note: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            d = self._get(handle, Decision)
            m = self._get(meeting, Meeting)
            d.note_at(meeting=meeting, day=day or m.day, note=note)
            return [d]

        return self._decide("decision note", handle, decide)

    def correct_decision(self, handle: str, outcome: Outcome, *, reason: str) -> Receipt:
        def decide() -> list[Entity]:
            d = self._get(handle, Decision)
            d.correct_outcome(outcome, reason=reason)
            return [d]

        return self._decide("correct decision", handle, decide)

    # --- elections ----------------------------------------------------------------------

    def open_election(
        self, handle: str, *, office: str, opens: date, closes: date, name: str | None = None
    ) -> Receipt:
        def make() -> Entity:
            self._get(office, Office)
            return Election.open(handle, office=office, opens=opens, closes=closes, name=name)

        return self._create("election open", handle, make)

    def nominate(
        self, election: str, candidate: str, *, day: date, override: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            e = self._get(election, Election)
            self._get(candidate, Holder)
            office = self._get(e.office, Office)
            role = office.eligible_role
            holds = bool(role and self.governance.view.holds_role(candidate, role, day))
            e.nominate(candidate, day=day, eligible_role=role, holds_role=holds, override=override)
            return [e]

        return self._decide("election nominate", election, decide)

    def withdraw(
        self, election: str, candidate: str, *, day: date, reason: str | None = None
    ) -> Receipt:
        def decide() -> list[Entity]:
            e = self._get(election, Election)
            e.withdraw(candidate, day=day, reason=reason)
            return [e]

        return self._decide("election withdraw", election, decide)

    def tally(self, election: str, votes: dict[str, int], *, day: date) -> Receipt:
        def decide() -> list[Entity]:
            e = self._get(election, Election)
            e.tally(votes, day=day)
            return [e]

        return self._decide("election tally", election, decide)

    def close_election(
        self,
        election: str,
        *,
        day: date,
        start: date | None = None,
        winner: str | None = None,
        override: str | None = None,
    ) -> Receipt:
        """Close the election and start the winner's mandate, in one atomic save."""

        def decide() -> list[Entity]:
            e = self._get(election, Election)
            office = self._get(e.office, Office)
            elected = e.close(day=day, winner=winner, override=override)
            office.start_mandate(elected, start or day, basis=f"elected ({election})")
            return [e, office]

        return self._decide("election close", election, decide)

    # --- queries ------------------------------------------------------------------------

    @property
    def proceedings(self) -> ProceedingsProjection:
        projection: ProceedingsProjection = self.projections["proceedings"]
        return projection

    def meeting(self, handle: str, *, known_at: int | datetime | None = None) -> MeetingRecord:
        k = self._known(known_at)
        record = self.proceedings.view.meeting(handle, k)
        if record is None:
            raise UnknownHandle(handle, "meeting", self.kind_of_any(handle), k)
        return record

    def meetings(
        self, *, known_at: int | datetime | None = None, limit: int | None = None
    ) -> list[MeetingRecord]:
        """Meetings by day; with `limit`, the latest `limit` (see `meetings_count`)."""
        k = self._known(known_at)
        view = self.proceedings.view
        return [r for h in view.meeting_handles(k, limit) if (r := view.meeting(h, k)) is not None]

    def meetings_count(self, *, known_at: int | datetime | None = None) -> int:
        return self.proceedings.view.meetings_count(self._known(known_at))

    def decisions(
        self,
        *,
        meeting: str | None = None,
        as_of: date | None = None,
        known_at: int | datetime | None = None,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[DecisionLife]:
        """Decisions in the order tabled; with `limit`, the latest `limit` of them;
        `progress` is told how many of how many were read."""
        k = self._known(known_at)
        if meeting is not None and self.proceedings.view.meeting(meeting, k) is None:
            raise UnknownHandle(meeting, "meeting", self.kind_of_any(meeting), k)
        return self.proceedings.view.decisions(
            meeting=meeting, as_of=as_of, known_at=k, limit=limit, progress=progress
        )

    def decision(
        self, handle: str, *, as_of: date | None = None, known_at: int | datetime | None = None
    ) -> DecisionLife | None:
        """One decision's life up to `as_of`, or None if it was not known at `known_at` or
        not tabled by `as_of`."""
        return self.proceedings.view.decision(handle, self._known(known_at), as_of)

    def elections(
        self,
        *,
        known_at: int | datetime | None = None,
        opened_by: date | None = None,
        limit: int | None = None,
    ) -> list[ElectionRecord]:
        """Elections by the day their call opened; with `limit`, the latest `limit` of them."""
        return self.proceedings.view.elections(
            self._known(known_at), opened_by=opened_by, limit=limit
        )

    def elections_count(
        self, *, known_at: int | datetime | None = None, opened_by: date | None = None
    ) -> int:
        return self.proceedings.view.elections_count(self._known(known_at), opened_by)

    def kind_of_any(self, handle: str) -> str | None:
        found = self._find(handle)
        return None if found is None else found.kind
