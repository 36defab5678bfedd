"""The governance read model: people and institutions, bodies, offices, mandates and
memberships, asked as of any day (effective time) and as known at any log position (recorded
time).

Every mandate and membership row carries the positions between which it was the ledger's
knowledge (`known_from`, `known_until`): a later event closes the row and writes its successor,
so a read at an old position sees exactly what the ledger knew then, without replaying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.persistence import IntegrityError
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from domain.bodies import Body
from domain.holders import Holder
from domain.offices import Office
from projections.readmodel import Batch, ReadModel

if TYPE_CHECKING:
    from eventsourcing.persistence import Tracking

LATEST = 2**62

_KNOWN = "known_from <= :k AND (known_until IS NULL OR known_until > :k)"
_HOLDS = "start <= :d AND (end IS NULL OR end > :d)"


@dataclass(frozen=True)
class Tenure:
    """One holder's time in an office: `[start, end)`, `end` None while open."""

    holder: str
    name: str
    start: date
    end: date | None
    acting: bool
    basis: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Seat:
    """One member's time in a body: `[start, end)`, `end` None while open."""

    member: str
    name: str
    start: date
    end: date | None
    ex_officio: bool = False


@dataclass(frozen=True)
class OfficeInfo:
    office: str
    name: str
    body: str | None
    seats: int
    term_years: int | None


@dataclass(frozen=True)
class BodyInfo:
    body: str
    name: str
    max_members: int | None
    term_years: int | None


@dataclass(frozen=True)
class OfficeHolders:
    office: OfficeInfo
    holders: list[Tenure]


@dataclass(frozen=True)
class BodyMembers:
    body: BodyInfo
    members: list[Seat]


@dataclass(frozen=True)
class Governance:
    as_of: date
    offices: list[OfficeHolders]
    bodies: list[BodyMembers]


@dataclass(frozen=True)
class HolderInfo:
    holder: str
    name: str
    kind: str
    country: str | None


class GovernanceView(ReadModel):
    migrations: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE holders (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, kind TEXT NOT"
        " NULL, name TEXT NOT NULL, country TEXT, known_from INTEGER NOT NULL)",
        "CREATE TABLE bodies (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT"
        " NULL, max_members INTEGER, term_years INTEGER, known_from INTEGER NOT NULL)",
        "CREATE TABLE offices (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT"
        " NULL, body TEXT, term_years INTEGER, seats INTEGER NOT NULL, known_from INTEGER NOT"
        " NULL)",
        "CREATE TABLE mandates (office TEXT NOT NULL, number INTEGER NOT NULL, holder TEXT NOT"
        " NULL, start TEXT NOT NULL, end TEXT, acting INTEGER NOT NULL, basis TEXT, reason"
        " TEXT, correction TEXT, known_from INTEGER NOT NULL, known_until INTEGER,"
        " PRIMARY KEY (office, number, known_from))",
        "CREATE INDEX mandates_by_office_start ON mandates (office, start)",
        "CREATE INDEX mandates_current ON mandates (office, start) WHERE known_until IS NULL",
        "CREATE TABLE memberships (body TEXT NOT NULL, number INTEGER NOT NULL, member TEXT NOT"
        " NULL, start TEXT NOT NULL, end TEXT, reason TEXT, correction TEXT,"
        " known_from INTEGER NOT NULL,"
        " known_until INTEGER, PRIMARY KEY (body, number, known_from))",
        "CREATE INDEX memberships_by_body_start ON memberships (body, start)",
    )

    # --- queries -------------------------------------------------------------------------

    def handles(self) -> dict[str, str]:
        """Every entity's handle by its id (hex), for naming the entities of the audit log."""
        with self.reading() as db:
            return {
                row["id"]: row["handle"]
                for table in ("holders", "bodies", "offices")
                for row in db.query(f"SELECT id, handle FROM {table}")
            }

    def holder(self, handle: str, known_at: int | None = None) -> HolderInfo | None:
        with self.reading() as db:
            row = _one(
                db,
                "SELECT * FROM holders WHERE handle = ? AND known_from <= ?",
                (handle, LATEST if known_at is None else known_at),
            )
        if row is None:
            return None
        return HolderInfo(row["handle"], row["name"], row["kind"], row["country"])

    def office(self, handle: str, known_at: int | None = None) -> OfficeInfo | None:
        with self.reading() as db:
            row = _one(
                db,
                "SELECT * FROM offices WHERE handle = ? AND known_from <= ?",
                (handle, LATEST if known_at is None else known_at),
            )
        return None if row is None else _office(row)

    def body(self, handle: str, known_at: int | None = None) -> BodyInfo | None:
        with self.reading() as db:
            row = _one(
                db,
                "SELECT * FROM bodies WHERE handle = ? AND known_from <= ?",
                (handle, LATEST if known_at is None else known_at),
            )
        return None if row is None else _body(row)

    def holders(
        self, office: str, *, as_of: date | None = None, known_at: int | None = None
    ) -> list[Tenure]:
        with self.reading() as db:
            return self._tenures(db, office, as_of, LATEST if known_at is None else known_at)

    def governance(self, as_of: date, *, known_at: int | None = None) -> Governance:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            offices = [
                OfficeHolders(_office(row), self._tenures(db, row["handle"], as_of, k))
                for row in db.query(
                    "SELECT * FROM offices WHERE known_from <= :k ORDER BY known_from", {"k": k}
                )
            ]
            bodies = [
                BodyMembers(_body(row), self._seats(db, row["handle"], as_of, k))
                for row in db.query(
                    "SELECT * FROM bodies WHERE known_from <= :k ORDER BY known_from", {"k": k}
                )
            ]
        return Governance(as_of, offices, bodies)

    def _tenures(self, db: Any, office: str, as_of: date | None, k: int) -> list[Tenure]:
        when = f" AND {_HOLDS}" if as_of else ""
        rows = db.query(
            "SELECT m.*, h.name AS holder_name FROM mandates m JOIN holders h"
            f" ON h.handle = m.holder WHERE m.office = :o AND m.{_KNOWN}{when}"
            " ORDER BY m.start, m.number",
            {"o": office, "k": k, "d": as_of.isoformat() if as_of else None},
        )
        return [
            Tenure(
                holder=r["holder"],
                name=r["holder_name"],
                start=date.fromisoformat(r["start"]),
                end=_day(r["end"]),
                acting=bool(r["acting"]),
                basis=r["basis"],
                reason=r["reason"],
            )
            for r in rows
        ]

    def _seats(self, db: Any, body: str, as_of: date, k: int) -> list[Seat]:
        rows = db.query(
            "SELECT m.*, h.name AS member_name FROM memberships m JOIN holders h"
            f" ON h.handle = m.member WHERE m.body = :b AND m.{_KNOWN} AND {_HOLDS}"
            " ORDER BY m.start, m.member",
            {"b": body, "k": k, "d": as_of.isoformat()},
        )
        return [
            Seat(r["member"], r["member_name"], date.fromisoformat(r["start"]), _day(r["end"]))
            for r in rows
        ]


def _one(db: Any, sql: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
    return next(iter(db.query(sql, params)), None)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _office(row: dict[str, Any]) -> OfficeInfo:
    return OfficeInfo(row["handle"], row["name"], row["body"], row["seats"], row["term_years"])


def _body(row: dict[str, Any]) -> BodyInfo:
    return BodyInfo(row["handle"], row["name"], row["max_members"], row["term_years"])


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

    def _insert(self, batch: Batch, table: str, e: Any, **row: Any) -> None:
        self._handles[e.originator_id.hex] = e.handle
        batch.db.table(table).insert(
            {"handle": e.handle, "id": e.originator_id.hex, **row, "known_from": batch.position}
        )

    def _handle(self, batch: Batch, table: str, entity_id: str) -> str:
        handle = self._handles.get(entity_id)
        if handle is None:
            row = _one(batch.db, f"SELECT handle FROM {table} WHERE id = ?", (entity_id,))
            assert row is not None, f"{table} {entity_id} has events before its creation"
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
        assert current is not None, f"{table} {handle}#{number} changed before it began"
        db.execute(
            f"UPDATE {table} SET known_until = ? WHERE {owner} = ? AND number = ?"
            " AND known_until IS NULL",
            (batch.position, handle, number),
        )
        if not retract:
            db.table(table).insert(
                {**current, **changes, "known_from": batch.position, "known_until": None}
            )
