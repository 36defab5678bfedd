"""How governance events become rows of the governance view (one handler an event type).

Rows are never rewritten in place: a later fact closes the row known until then
(`known_until`) and writes its successor, so reads at an old position stay exact.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

import msgspec
from eventsourcing.utils import get_topic

from domain.bodies import Body
from domain.holders import Holder
from domain.offices import Office
from projections.governance import GovernanceView
from projections.readmodel import Batch, EventOutOfPlace, Insert, ReadModelProjection

_ENTITY = ("handle", "id", "known_from")
HOLDERS = Insert("holders", (*_ENTITY, "kind", "name", "country"))
BODIES = Insert("bodies", (*_ENTITY, "name", "max_members", "term_years", "part_of", "basis"))
OFFICES = Insert("offices", (*_ENTITY, "name", "body", "term_years", "seats", "basis"))
_SPAN = ("number", "start", "end", "reason", "correction", "known_from", "known_until")
MANDATES = Insert("mandates", ("office", "holder", "acting", "basis", *_SPAN))
MEMBERSHIPS = Insert("memberships", ("body", "member", *_SPAN))
OFFICE_RULES = Insert(
    "office_rules",
    (
        "office",
        "term_years",
        "seats",
        "role",
        "eligible_role",
        "successor_from",
        "alumni_body",
        "alumni_years",
        "acting_from",
        "basis",
        "known_from",
        "known_until",
    ),
)
BODY_RULES = Insert(
    "body_rules",
    (
        "body",
        "max_members",
        "term_years",
        "cadence_months",
        "ex_officio",
        "basis",
        "known_from",
        "known_until",
    ),
)
EX_OFFICIO_SEATS = Insert("ex_officio_seats", ("body", "office", "known_from", "known_until"))
ABOLITIONS = Insert("abolitions", ("office", "day", "basis", "known_from"))
_SPANS = {"mandates": MANDATES, "memberships": MEMBERSHIPS}
_RULES = {"office_rules": OFFICE_RULES, "body_rules": BODY_RULES}


class GovernanceProjection(ReadModelProjection[GovernanceView]):
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

    @singledispatchmethod
    def apply(self, domain_event: Any, batch: Batch) -> None:
        """Events this view does not show change nothing."""

    @apply.register
    def _holder(self, e: Holder.Registered, batch: Batch) -> None:
        self._insert(batch, HOLDERS, e, kind=e.holder_kind.value, name=e.name, country=e.country)

    @apply.register
    def _body(self, e: Body.Created, batch: Batch) -> None:
        self._insert(
            batch,
            BODIES,
            e,
            name=e.name,
            max_members=e.max_members,
            term_years=e.term_years,
            part_of=e.part_of,
            basis=e.basis,
        )

    @apply.register
    def _office(self, e: Office.Created, batch: Batch) -> None:
        self._insert(
            batch,
            OFFICES,
            e,
            name=e.name,
            body=e.body,
            term_years=e.term_years,
            seats=e.seats,
            basis=e.basis,
        )

    @apply.register
    def _mandate_started(self, e: Office.MandateStarted, batch: Batch) -> None:
        batch.insert(
            MANDATES,
            {
                "office": self._handle(batch, "offices", e.originator_id.hex),
                "number": e.number,
                "holder": e.holder,
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "acting": e.acting,
                "basis": _with_override(e.basis, e.override),
                "reason": None,
                "correction": None,
                "known_from": batch.position,
                "known_until": None,
            },
        )

    @apply.register
    def _mandate_ended(self, e: Office.MandateEnded, batch: Batch) -> None:
        office = self._handle(batch, "offices", e.originator_id.hex)
        self._supersede(
            batch, "mandates", "office", office, e.number, end=e.end.isoformat(), reason=e.reason
        )

    @apply.register
    def _member_added(self, e: Body.MemberAdded, batch: Batch) -> None:
        batch.insert(
            MEMBERSHIPS,
            {
                "body": self._handle(batch, "bodies", e.originator_id.hex),
                "number": e.number,
                "member": e.member,
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "reason": None,
                "correction": None,
                "known_from": batch.position,
                "known_until": None,
            },
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
        batch.insert(
            ABOLITIONS,
            {
                "office": self._handle(batch, "offices", e.originator_id.hex),
                "day": e.day.isoformat(),
                "basis": e.basis,
                "known_from": batch.position,
            },
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
        batch.execute(
            "UPDATE ex_officio_seats SET known_until = ? WHERE body = ? AND known_until IS NULL",
            (batch.position, body),
        )
        batch.insert_all(
            EX_OFFICIO_SEATS,
            (
                {"body": body, "office": office, "known_from": batch.position, "known_until": None}
                for office in e.ex_officio
            ),
        )

    def _replace_rules(
        self, batch: Batch, table: str, owner: str, handle: str, rules: dict[str, Any]
    ) -> None:
        batch.execute(
            f"UPDATE {table} SET known_until = ? WHERE {owner} = ? AND known_until IS NULL",
            (batch.position, handle),
        )
        batch.insert(
            _RULES[table],
            {owner: handle, **rules, "known_from": batch.position, "known_until": None},
        )

    def _insert(self, batch: Batch, into: Insert, e: Any, **row: Any) -> None:
        self._handles[e.originator_id.hex] = e.handle
        batch.insert(
            into,
            {"handle": e.handle, "id": e.originator_id.hex, **row, "known_from": batch.position},
        )

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
        current = batch.one(
            f"SELECT * FROM {table} WHERE {owner} = ? AND number = ? AND known_until IS NULL",
            (handle, number),
        )
        if current is None:
            raise EventOutOfPlace(f"{table} {handle}#{number} changed before it began")
        batch.execute(
            f"UPDATE {table} SET known_until = ? WHERE {owner} = ? AND number = ?"
            " AND known_until IS NULL",
            (batch.position, handle, number),
        )
        if not retract:
            batch.insert(
                _SPANS[table],
                {**current, **changes, "known_from": batch.position, "known_until": None},
            )


def _with_override(basis: str | None, override: str | None) -> str | None:
    """A basis as the holders table shows it, with the reason for a deviation, if any."""
    if not override:
        return basis
    return f"{basis} (override: {override})" if basis else f"override: {override}"
