"""How governance events become rows of the governance view (one handler an event type).

Rows are never rewritten in place: a later fact closes the row known until then
(`known_until`) and writes its successor, so reads at an old position stay exact.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

import msgspec
from eventsourcing.persistence import IntegrityError
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from domain.bodies import Body
from domain.holders import Holder
from domain.offices import Office
from projections.governance import GovernanceView, _one
from projections.readmodel import Batch, EventOutOfPlace

if TYPE_CHECKING:
    from eventsourcing.persistence import Tracking


class GovernanceProjection(Projection[GovernanceView]):
    """Turns governance events into rows of the governance view."""

    name = "governance"
    topics: tuple[str, ...] = tuple(
        get_topic(cls)
        for cls in (
            Holder.Registered,
            Body.Created,
            Body.MemberAdded,
            Body.MemberRemoved,
            Office.Created,
            Office.MandateStarted,
            Office.MandateEnded,
            Office.MandateCorrected,
            Office.MandateRetracted,
            Body.MembershipCorrected,
            Body.MembershipRetracted,
            Office.RulesChanged,
            Body.RulesChanged,
            Office.Abolished,
        )
    )

    def __init__(self, view: GovernanceView) -> None:
        super().__init__(view)
        self._handles: dict[str, str] = {}

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """eventsourcing's one-event interface: one event, one transaction."""
        with self.view.writing(tracking.application_name) as batch:
            if tracking.notification_id <= batch.start:
                msg = (
                    f"position {tracking.notification_id} is not after the position this view"
                    f" has reached ({batch.start})"
                )
                raise IntegrityError(msg)
            batch.position = tracking.notification_id
            self.apply(domain_event, batch)

    @singledispatchmethod
    def apply(self, domain_event: Any, batch: Batch) -> None:
        """Events this view does not show change nothing."""

    @apply.register
    def _holder(self, e: Holder.Registered, batch: Batch) -> None:
        self._insert(batch, "holders", e, kind=e.holder_kind.value, name=e.name, country=e.country)

    @apply.register
    def _body(self, e: Body.Created, batch: Batch) -> None:
        self._insert(
            batch, "bodies", e, name=e.name, max_members=e.max_members, term_years=e.term_years
        )

    @apply.register
    def _office(self, e: Office.Created, batch: Batch) -> None:
        self._insert(
            batch, "offices", e, name=e.name, body=e.body, term_years=e.term_years, seats=e.seats
        )

    @apply.register
    def _mandate_started(self, e: Office.MandateStarted, batch: Batch) -> None:
        batch.db.table("mandates").insert(
            {
                "office": self._handle(batch, "offices", e.originator_id.hex),
                "number": e.number,
                "holder": e.holder,
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "acting": e.acting,
                "basis": e.basis,
                "reason": None,
                "known_from": batch.position,
                "known_until": None,
            }
        )

    @apply.register
    def _mandate_ended(self, e: Office.MandateEnded, batch: Batch) -> None:
        office = self._handle(batch, "offices", e.originator_id.hex)
        self._supersede(
            batch, "mandates", "office", office, e.number, end=e.end.isoformat(), reason=e.reason
        )

    @apply.register
    def _member_added(self, e: Body.MemberAdded, batch: Batch) -> None:
        batch.db.table("memberships").insert(
            {
                "body": self._handle(batch, "bodies", e.originator_id.hex),
                "number": e.number,
                "member": e.member,
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "reason": None,
                "known_from": batch.position,
                "known_until": None,
            }
        )

    @apply.register
    def _member_removed(self, e: Body.MemberRemoved, batch: Batch) -> None:
        body = self._handle(batch, "bodies", e.originator_id.hex)
        self._supersede(
            batch, "memberships", "body", body, e.number, end=e.end.isoformat(), reason=e.reason
        )

    @apply.register
    def _mandate_corrected(self, e: Office.MandateCorrected, batch: Batch) -> None:
        office = self._handle(batch, "offices", e.originator_id.hex)
        self._supersede(
            batch,
            "mandates",
            "office",
            office,
            e.number,
            start=e.start.isoformat(),
            end=e.end.isoformat() if e.end else None,
            acting=e.acting,
            correction=e.reason,
        )

    @apply.register
    def _mandate_retracted(self, e: Office.MandateRetracted, batch: Batch) -> None:
        office = self._handle(batch, "offices", e.originator_id.hex)
        self._supersede(batch, "mandates", "office", office, e.number, retract=True)

    @apply.register
    def _membership_corrected(self, e: Body.MembershipCorrected, batch: Batch) -> None:
        body = self._handle(batch, "bodies", e.originator_id.hex)
        self._supersede(
            batch,
            "memberships",
            "body",
            body,
            e.number,
            start=e.start.isoformat(),
            end=e.end.isoformat() if e.end else None,
            correction=e.reason,
        )

    @apply.register
    def _membership_retracted(self, e: Body.MembershipRetracted, batch: Batch) -> None:
        body = self._handle(batch, "bodies", e.originator_id.hex)
        self._supersede(batch, "memberships", "body", body, e.number, retract=True)

    @apply.register
    def _abolished(self, e: Office.Abolished, batch: Batch) -> None:
        batch.db.table("abolitions").insert(
            {
                "office": self._handle(batch, "offices", e.originator_id.hex),
                "day": e.day.isoformat(),
                "basis": e.basis,
                "known_from": batch.position,
            }
        )

    @apply.register
    def _office_rules(self, e: Office.RulesChanged, batch: Batch) -> None:
        office = self._handle(batch, "offices", e.originator_id.hex)
        self._replace_rules(
            batch,
            "office_rules",
            "office",
            office,
            {
                "term_years": e.term_years,
                "seats": e.seats,
                "role": e.role,
                "eligible_role": e.eligible_role,
                "successor_from": e.successor_from,
                "alumni_body": e.alumni_body,
                "alumni_years": e.alumni_years,
                "acting_from": e.acting_from,
                "basis": e.basis,
            },
        )

    @apply.register
    def _body_rules(self, e: Body.RulesChanged, batch: Batch) -> None:
        body = self._handle(batch, "bodies", e.originator_id.hex)
        self._replace_rules(
            batch,
            "body_rules",
            "body",
            body,
            {
                "max_members": e.max_members,
                "term_years": e.term_years,
                "cadence_months": e.cadence_months,
                "ex_officio": msgspec.json.encode(list(e.ex_officio)).decode(),
                "basis": e.basis,
            },
        )
        db = batch.db
        db.execute(
            "UPDATE ex_officio_seats SET known_until = ? WHERE body = ? AND known_until IS NULL",
            (batch.position, body),
        )
        for office in e.ex_officio:
            db.table("ex_officio_seats").insert(
                {"body": body, "office": office, "known_from": batch.position, "known_until": None}
            )

    def _replace_rules(
        self, batch: Batch, table: str, owner: str, handle: str, rules: dict[str, Any]
    ) -> None:
        batch.db.execute(
            f"UPDATE {table} SET known_until = ? WHERE {owner} = ? AND known_until IS NULL",
            (batch.position, handle),
        )
        batch.db.table(table).insert(
            {owner: handle, **rules, "known_from": batch.position, "known_until": None}
        )

    def _insert(self, batch: Batch, table: str, e: Any, **row: Any) -> None:
        self._handles[e.originator_id.hex] = e.handle
        batch.db.table(table).insert(
            {"handle": e.handle, "id": e.originator_id.hex, **row, "known_from": batch.position}
        )

    def _handle(self, batch: Batch, table: str, entity_id: str) -> str:
        handle = self._handles.get(entity_id)
        if handle is None:
            row = _one(batch.db, f"SELECT handle FROM {table} WHERE id = ?", (entity_id,))
            if row is None:
                raise EventOutOfPlace(f"{table} {entity_id} has events before its creation")
            handle = self._handles[entity_id] = row["handle"]
        return handle

    def _supersede(
        self,
        batch: Batch,
        table: str,
        owner: str,
        handle: str,
        number: int,
        *,
        retract: bool = False,
        **changes: Any,
    ) -> None:
        """Close the row known until now and write its successor from this position on (none
        for a retraction: from here on the entry is no longer the ledger's knowledge)."""
        db = batch.db
        current = _one(
            db,
            f"SELECT * FROM {table} WHERE {owner} = ? AND number = ? AND known_until IS NULL",
            (handle, number),
        )
        if current is None:
            raise EventOutOfPlace(f"{table} {handle}#{number} changed before it began")
        db.execute(
            f"UPDATE {table} SET known_until = ? WHERE {owner} = ? AND number = ?"
            " AND known_until IS NULL",
            (batch.position, handle, number),
        )
        if not retract:
            db.table(table).insert(
                {**current, **changes, "known_from": batch.position, "known_until": None}
            )
