"""How meetings, decisions and elections become rows of the proceedings view."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

import msgspec
from eventsourcing.utils import get_topic

from domain.decisions import WRITTEN_PROCEDURE, Decision
from domain.elections import Election
from domain.holders import Holder
from domain.meetings import Meeting
from projections.proceedings import ProceedingsView
from projections.readmodel import Batch, Insert, ReadModelProjection

HOLDERS = Insert("holders", ("handle", "name", "country"))
MEETINGS = Insert(
    "meetings",
    (
        "handle",
        "id",
        "name",
        "body",
        "number",
        "day",
        "mode",
        "venue",
        "hours",
        "registered",
        "attending",
        "known_from",
    ),
)
AGENDA_ITEMS = Insert(
    "agenda_items",
    ("meeting", "key", "title", "time", "presenters", "moderator", "known_from"),
)
ATTENDANCE = Insert(
    "attendance",
    ("meeting", "holder", "capacity", "affiliation", "known_from", "known_until", "reason"),
)
DECISIONS = Insert("decisions", ("handle", "id", "title", "meeting", "item", "known_from"))
DECISION_STEPS = Insert(
    "decision_steps",
    ("decision", "what", "status", "venue", "day", "deadline", "note", "known_from"),
)
DECISIONS_FTS = Insert("decisions_fts", ("rowid", "handle", "title", "notes"))
ELECTIONS = Insert("elections", ("handle", "id", "name", "office", "opens", "closes", "known_from"))
CANDIDACIES = Insert(
    "candidacies", ("election", "candidate", "day", "override", "known_from", "withdrawn_at")
)
TALLIES = Insert("tallies", ("election", "candidate", "votes", "known_from"))
RESULTS = Insert("results", ("election", "winner", "day", "method", "override", "known_from"))

HANDLED = (
    Holder.Registered,
    Meeting.Created,
    Meeting.AgendaItemAdded,
    Meeting.Attended,
    Meeting.AttendanceRetracted,
    Decision.Tabled,
    Decision.Decided,
    Decision.Referred,
    Decision.ProcedureClosed,
    Decision.NotedAt,
    Decision.OutcomeCorrected,
    Election.Opened,
    Election.Nominated,
    Election.Withdrawn,
    Election.Tallied,
    Election.Closed,
)


class ProceedingsProjection(ReadModelProjection[ProceedingsView]):
    name = "proceedings"
    topics: tuple[str, ...] = tuple(get_topic(cls) for cls in HANDLED)

    @singledispatchmethod
    def apply(self, domain_event: Any, batch: Batch) -> None:
        """Events this view does not show change nothing."""

    def _created(self, batch: Batch, into: Insert, e: Any, **row: Any) -> int:
        self._handles[e.originator_id.hex] = e.handle
        return batch.insert(
            into,
            {"handle": e.handle, "id": e.originator_id.hex, **row, "known_from": batch.position},
        )

    @apply.register
    def _holder(self, e: Holder.Registered, batch: Batch) -> None:
        batch.insert(HOLDERS, {"handle": e.handle, "name": e.name, "country": e.country})

    @apply.register
    def _meeting(self, e: Meeting.Created, batch: Batch) -> None:
        self._created(
            batch,
            MEETINGS,
            e,
            name=e.name,
            body=e.body,
            number=e.number,
            day=e.day.isoformat(),
            mode=e.mode.value,
            venue=e.venue,
            hours=e.hours,
            registered=e.registered,
            attending=e.attending,
        )

    @apply.register
    def _agenda(self, e: Meeting.AgendaItemAdded, batch: Batch) -> None:
        batch.insert(
            AGENDA_ITEMS,
            {
                "meeting": self._handle(batch, "meetings", e.originator_id.hex),
                "key": e.key,
                "title": e.title,
                "time": e.time,
                "presenters": msgspec.json.encode(list(e.presenters)).decode(),
                "moderator": e.moderator,
                "known_from": batch.position,
            },
        )

    @apply.register
    def _attended(self, e: Meeting.Attended, batch: Batch) -> None:
        batch.insert(
            ATTENDANCE,
            {
                "meeting": self._handle(batch, "meetings", e.originator_id.hex),
                "holder": e.holder,
                "capacity": e.capacity.value,
                "affiliation": e.affiliation,
                "known_from": batch.position,
                "known_until": None,
                "reason": None,
            },
        )

    @apply.register
    def _attendance_retracted(self, e: Meeting.AttendanceRetracted, batch: Batch) -> None:
        batch.execute(
            "UPDATE attendance SET known_until = ?, reason = ? WHERE meeting = ? AND holder = ?"
            " AND known_until IS NULL",
            (
                batch.position,
                e.reason,
                self._handle(batch, "meetings", e.originator_id.hex),
                e.holder,
            ),
        )

    def _step(
        self, batch: Batch, e: Any, what: str, status: str | None, venue: str, **extra: Any
    ) -> None:
        decision = self._handle(batch, "decisions", e.originator_id.hex)
        if extra.get("note"):
            # By rowid: the handle is not indexed in the full-text table, and a search for it
            # would read every row, for every note.
            batch.execute(
                "UPDATE decisions_fts SET notes = coalesce(notes, '') || ' ' || ?"
                " WHERE rowid = (SELECT rowid FROM decisions WHERE handle = ?)",
                (extra["note"], decision),
            )
        batch.insert(
            DECISION_STEPS,
            {
                "decision": decision,
                "what": what,
                "status": status,
                "venue": venue,
                "day": None,
                "deadline": None,
                "note": None,
                "known_from": batch.position,
                **extra,
            },
        )

    @apply.register
    def _tabled(self, e: Decision.Tabled, batch: Batch) -> None:
        rowid = self._created(batch, DECISIONS, e, title=e.title, meeting=e.meeting, item=e.item)
        batch.insert(
            DECISIONS_FTS, {"rowid": rowid, "handle": e.handle, "title": e.title, "notes": ""}
        )
        self._step(batch, e, "tabled", "tabled", e.meeting, day=e.day.isoformat(), note=e.text)

    @apply.register
    def _decided(self, e: Decision.Decided, batch: Batch) -> None:
        self._step(
            batch,
            e,
            e.outcome.value,
            e.outcome.value,
            e.meeting,
            day=e.day.isoformat(),
            note=e.note,
        )

    @apply.register
    def _referred(self, e: Decision.Referred, batch: Batch) -> None:
        self._step(
            batch,
            e,
            "sent to written procedure",
            "in written procedure",
            WRITTEN_PROCEDURE,
            day=e.day.isoformat(),
            deadline=e.deadline.isoformat() if e.deadline else None,
            note=e.note,
        )

    @apply.register
    def _procedure_closed(self, e: Decision.ProcedureClosed, batch: Batch) -> None:
        status = "endorsed" if e.endorsed else "rejected"
        self._step(
            batch,
            e,
            f"{status} by written procedure",
            status,
            WRITTEN_PROCEDURE,
            day=e.day.isoformat(),
            note=e.note,
        )

    @apply.register
    def _noted(self, e: Decision.NotedAt, batch: Batch) -> None:
        self._step(batch, e, "noted", None, e.meeting, day=e.day.isoformat(), note=e.note)

    @apply.register
    def _corrected(self, e: Decision.OutcomeCorrected, batch: Batch) -> None:
        decision = self._handle(batch, "decisions", e.originator_id.hex)
        corrected = batch.one(
            "SELECT day FROM decision_steps WHERE decision = ? AND status IS NOT NULL AND"
            " what != 'tabled' AND day IS NOT NULL ORDER BY known_from DESC LIMIT 1",
            (decision,),
        )
        # The correction says what the outcome was on the day of the step it corrects.
        self._step(
            batch,
            e,
            f"outcome corrected to {e.outcome.value}",
            e.outcome.value,
            "correction",
            note=e.reason,
            day=corrected["day"] if corrected else None,
        )

    @apply.register
    def _opened(self, e: Election.Opened, batch: Batch) -> None:
        self._created(
            batch,
            ELECTIONS,
            e,
            name=e.name,
            office=e.office,
            opens=e.opens.isoformat(),
            closes=e.closes.isoformat(),
        )

    @apply.register
    def _nominated(self, e: Election.Nominated, batch: Batch) -> None:
        batch.insert(
            CANDIDACIES,
            {
                "election": self._handle(batch, "elections", e.originator_id.hex),
                "candidate": e.candidate,
                "day": e.day.isoformat(),
                "override": e.override,
                "known_from": batch.position,
                "withdrawn_at": None,
            },
        )

    @apply.register
    def _withdrawn(self, e: Election.Withdrawn, batch: Batch) -> None:
        batch.execute(
            "UPDATE candidacies SET withdrawn_at = ? WHERE election = ? AND candidate = ?"
            " AND withdrawn_at IS NULL",
            (batch.position, self._handle(batch, "elections", e.originator_id.hex), e.candidate),
        )

    @apply.register
    def _tallied(self, e: Election.Tallied, batch: Batch) -> None:
        election = self._handle(batch, "elections", e.originator_id.hex)
        batch.insert_all(
            TALLIES,
            (
                {"election": election, "candidate": c, "votes": n, "known_from": batch.position}
                for c, n in e.votes.items()
            ),
        )

    @apply.register
    def _closed(self, e: Election.Closed, batch: Batch) -> None:
        batch.insert(
            RESULTS,
            {
                "election": self._handle(batch, "elections", e.originator_id.hex),
                "winner": e.winner,
                "day": e.day.isoformat(),
                "method": e.method,
                "override": e.override,
                "known_from": batch.position,
            },
        )
