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
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from projections.readmodel import NamedSource, ReadModel

if TYPE_CHECKING:
    from collections.abc import Collection

LATEST = 2**62

_KNOWN = "known_from <= :k AND (known_until IS NULL OR known_until > :k)"


def _known(alias: str) -> str:
    return f"{alias}.known_from <= :k AND ({alias}.known_until IS NULL OR {alias}.known_until > :k)"


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
    basis: str | None = None


@dataclass(frozen=True)
class BodyInfo:
    body: str
    name: str
    max_members: int | None
    term_years: int | None
    part_of: str | None = None  # the body it is part of (the ASP, of the GSP)
    basis: str | None = None


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
    # How many there are in all, when `offices` and `bodies` are a window of them.
    offices_total: int | None = None
    bodies_total: int | None = None


@dataclass(frozen=True)
class OfficeRules:
    """An office's terms of reference as recorded (see `ledger office rules`)."""

    office: str
    term_years: int | None
    seats: int
    role: str | None = None
    eligible_role: str | None = None
    successor_from: str | None = None
    alumni_body: str | None = None
    alumni_years: int | None = None
    acting_from: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class BodyRules:
    body: str
    max_members: int | None
    term_years: int | None
    cadence_months: int | None = None
    ex_officio: tuple[str, ...] = ()
    basis: str | None = None


@dataclass(frozen=True)
class OfficeTerms:
    """An office as the compliance calendar reads it: the term its rules set, and those of
    its mandates that can fall due in a window (ending in it, or still open)."""

    office: str
    name: str
    term_years: int | None
    tenures: list[Tenure]


@dataclass(frozen=True)
class BodyTerms:
    """A body as the compliance calendar reads it: its rules, the seats that can fall due in
    a window (ending in it, or still open), and the days members joined from the window's
    first day on (a seat left early is replaced if someone joined before its renewal)."""

    body: str
    name: str
    max_members: int | None
    term_years: int | None
    cadence_months: int | None
    seats: list[Seat]
    joined: list[date]


@dataclass(frozen=True)
class HolderInfo:
    holder: str
    name: str
    kind: str
    country: str | None


class GovernanceView(ReadModel):
    named_sources: ClassVar = (
        NamedSource("offices", frozenset({"office"}), "'office'", "name"),
        NamedSource("bodies", frozenset({"body"}), "'body'", "name"),
        NamedSource("holders", frozenset({"person", "institution"}), "kind", "name"),
    )
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
        "CREATE TABLE office_rules (office TEXT NOT NULL, term_years INTEGER, seats INTEGER NOT"
        " NULL, role TEXT, eligible_role TEXT, successor_from TEXT, alumni_body TEXT,"
        " alumni_years INTEGER, acting_from TEXT, basis TEXT, known_from INTEGER NOT NULL,"
        " known_until INTEGER, PRIMARY KEY (office, known_from))",
        "CREATE TABLE body_rules (body TEXT NOT NULL, max_members INTEGER, term_years INTEGER,"
        " cadence_months INTEGER, ex_officio TEXT NOT NULL, basis TEXT, known_from INTEGER NOT"
        " NULL, known_until INTEGER, PRIMARY KEY (body, known_from))",
        "CREATE TABLE ex_officio_seats (body TEXT NOT NULL, office TEXT NOT NULL, known_from"
        " INTEGER NOT NULL, known_until INTEGER)",
        "CREATE INDEX office_rules_by_role ON office_rules (role) WHERE known_until IS NULL",
        "CREATE TABLE abolitions (office TEXT PRIMARY KEY, day TEXT NOT NULL, basis TEXT,"
        " known_from INTEGER NOT NULL)",
        # A body's parent and the basis of a body or an office, from their creation events.
        "ALTER TABLE bodies ADD COLUMN part_of TEXT",
        "ALTER TABLE bodies ADD COLUMN basis TEXT",
        "ALTER TABLE offices ADD COLUMN basis TEXT",
    )

    # --- queries -------------------------------------------------------------------------

    def handles_of(self, table: str) -> list[str]:
        """Every handle of one kind (`holders`, `bodies`, `offices`), for completion."""
        assert table in ("holders", "bodies", "offices")
        with self.reading() as db:
            return [r["handle"] for r in db.query(f"SELECT handle FROM {table} ORDER BY handle")]

    def id_handles(self, ids: Collection[str] | None = None) -> dict[str, str]:
        """Entities' handles by their ids (hex), for naming the entities of the audit log:
        of `ids` only, if given (a window of the log names a few, not every entity)."""
        return self.handles_by_id(("holders", "bodies", "offices"), ids)

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

    def governance(
        self,
        as_of: date,
        *,
        known_at: int | None = None,
        limit: int | None = None,
        words: str = "",
        bodies_limit: int | None = None,
    ) -> Governance:
        """Every office and body on a day, in four set queries however many there are.

        With `limit`, the first `limit` offices and bodies (`bodies_limit` bodies, if given)
        whose handle or name has every one of `words`, and how many there are in all: what a
        screen shows of a ledger with thousands of offices, at a cost that follows the
        window, not the ledger.
        """
        k = LATEST if known_at is None else known_at
        params: dict[str, Any] = {"k": k, "d": as_of.isoformat()}
        match = ""
        for i, word in enumerate(words.split()):
            params[f"w{i}"] = f"%{word}%"
            match += f" AND (handle LIKE :w{i} OR name LIKE :w{i})"
        offices_where = (
            "known_from <= :k AND NOT EXISTS (SELECT 1 FROM abolitions a WHERE"
            f" a.office = offices.handle AND a.known_from <= :k AND a.day <= :d){match}"
        )
        bodies_where = f"known_from <= :k{match}"
        window = "" if limit is None else f" LIMIT {int(limit)}"
        bodies_window = f" LIMIT {int(bodies_limit)}" if bodies_limit is not None else window
        with self.reading() as db:
            office_rows = list(
                db.query(
                    f"SELECT * FROM offices WHERE {offices_where} ORDER BY known_from{window}",
                    params,
                )
            )
            body_rows = list(
                db.query(
                    f"SELECT * FROM bodies WHERE {bodies_where} ORDER BY known_from{bodies_window}",
                    params,
                )
            )
            if limit is None:
                office_handles = body_handles = None
                offices_total, bodies_total = len(office_rows), len(body_rows)
            else:
                office_handles = [r["handle"] for r in office_rows]
                body_handles = [r["handle"] for r in body_rows]
                offices_total = db["offices"].count_where(offices_where, params)
                bodies_total = db["bodies"].count_where(bodies_where, params)
            tenures = _grouped(self._tenure_rows(db, office_handles, as_of, k), "office", _tenure)
            named = _grouped(self._member_rows(db, body_handles, as_of, k), "body", _seat)
            ex_officio = _grouped(
                self._ex_officio_rows(db, body_handles, as_of, k), "body", _ex_seat
            )
        offices = [OfficeHolders(_office(r), tenures.get(r["handle"], [])) for r in office_rows]
        bodies = [
            BodyMembers(_body(r), named.get(r["handle"], []) + ex_officio.get(r["handle"], []))
            for r in body_rows
        ]
        return Governance(as_of, offices, bodies, offices_total, bodies_total)

    def _tenures(self, db: Any, office: str, as_of: date | None, k: int) -> list[Tenure]:
        return [_tenure(r) for r in self._tenure_rows(db, office, as_of, k)]

    def _tenure_rows(
        self, db: Any, office: str | list[str] | None, as_of: date | None, k: int
    ) -> Any:
        which, params = _among("m.office", office)
        when = f" AND {_HOLDS}" if as_of else ""
        return db.query(
            "SELECT m.*, h.name AS holder_name FROM mandates m JOIN holders h"
            f" ON h.handle = m.holder WHERE {_known('m')}{which}{when}"
            " ORDER BY m.office, m.start, m.number",
            {**params, "k": k, "d": as_of.isoformat() if as_of else None},
        )

    def _seats(self, db: Any, body: str, as_of: date, k: int) -> list[Seat]:
        """Members by name, then ex officio: whoever holds a seat's office on the day."""
        return [_seat(r) for r in self._member_rows(db, body, as_of, k)] + [
            _ex_seat(r) for r in self._ex_officio_rows(db, body, as_of, k)
        ]

    def _member_rows(self, db: Any, body: str | list[str] | None, as_of: date, k: int) -> Any:
        which, params = _among("m.body", body)
        return db.query(
            "SELECT m.*, h.name AS member_name FROM memberships m JOIN holders h"
            f" ON h.handle = m.member WHERE {_known('m')} AND {_HOLDS}{which}"
            " ORDER BY m.body, m.start, m.member",
            {**params, "k": k, "d": as_of.isoformat()},
        )

    def _ex_officio_rows(self, db: Any, body: str | list[str] | None, as_of: date, k: int) -> Any:
        which, params = _among("x.body", body)
        return db.query(
            "SELECT x.body, m.holder, h.name, m.start, m.end FROM ex_officio_seats x"
            " JOIN mandates m ON m.office = x.office AND m.acting = 0"
            " AND m.known_from <= :k AND (m.known_until IS NULL OR m.known_until > :k)"
            " AND m.start <= :d AND (m.end IS NULL OR m.end > :d)"
            " JOIN holders h ON h.handle = m.holder"
            f" WHERE {_known('x')}{which} ORDER BY x.body, m.start, m.holder",
            {**params, "k": k, "d": as_of.isoformat()},
        )

    def terms_due(
        self, start: date, end: date, known_at: int | None = None
    ) -> tuple[list[OfficeTerms], list[BodyTerms]]:
        """What the compliance calendar of `[start, end)` reads, as known at `known_at`: the
        offices not abolished by `start` and every body, with their rules, and the mandates
        and named seats that end in the window or are open (an open one's term may complete
        in it). Five set queries however many offices and bodies there are; the mandates and
        seats are read by a scan of their tables (a few of their rows fall due), not through
        the (office, start) and (body, start) indexes, which would visit every row again.
        """
        params: dict[str, Any] = {"k": LATEST if known_at is None else known_at}
        params |= {"s": start.isoformat(), "e": end.isoformat()}
        due = "(m.end IS NULL OR (m.end >= :s AND m.end < :e))"
        with self.reading() as db:
            office_rows = db.query(
                "SELECT o.handle, o.name, CASE WHEN r.office IS NULL THEN o.term_years"
                " ELSE r.term_years END AS term FROM offices o LEFT JOIN office_rules r"
                f" ON r.office = o.handle AND {_known('r')} WHERE o.known_from <= :k"
                " AND NOT EXISTS (SELECT 1 FROM abolitions a WHERE a.office = o.handle"
                " AND a.known_from <= :k AND a.day <= :s) ORDER BY o.known_from",
                params,
            )
            offices = [(r["handle"], r["name"], r["term"]) for r in office_rows]
            tenures = _grouped(
                db.query(
                    "SELECT m.*, h.name AS holder_name FROM mandates m NOT INDEXED JOIN holders h"
                    f" ON h.handle = m.holder WHERE {_known('m')} AND {due}"
                    " ORDER BY m.office, m.start, m.number",
                    params,
                ),
                "office",
                _tenure,
            )
            body_rows = list(
                db.query(
                    "SELECT b.handle, b.name, CASE WHEN r.body IS NULL THEN b.max_members"
                    " ELSE r.max_members END AS most, CASE WHEN r.body IS NULL THEN"
                    " b.term_years ELSE r.term_years END AS term, r.cadence_months"
                    f" FROM bodies b LEFT JOIN body_rules r ON r.body = b.handle AND {_known('r')}"
                    " WHERE b.known_from <= :k ORDER BY b.known_from",
                    params,
                )
            )
            seats = _grouped(
                db.query(
                    "SELECT m.*, h.name AS member_name FROM memberships m NOT INDEXED"
                    f" JOIN holders h ON h.handle = m.member WHERE {_known('m')} AND {due}"
                    " ORDER BY m.body, m.start, m.member",
                    params,
                ),
                "body",
                _seat,
            )
            joined = _grouped(
                db.query(
                    "SELECT m.body, m.start FROM memberships m JOIN holders h"
                    f" ON h.handle = m.member WHERE {_known('m')} AND m.start >= :s"
                    " ORDER BY m.body, m.start",
                    params,
                ),
                "body",
                lambda r: date.fromisoformat(r["start"]),
            )
        return (
            [OfficeTerms(o, name, term, tenures.get(o, [])) for o, name, term in offices],
            [
                BodyTerms(
                    r["handle"],
                    r["name"],
                    r["most"],
                    r["term"],
                    r["cadence_months"],
                    seats.get(r["handle"], []),
                    joined.get(r["handle"], []),
                )
                for r in body_rows
            ],
        )

    def office_rules(self, office: str, known_at: int | None = None) -> OfficeRules | None:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            info = _one(
                db, "SELECT * FROM offices WHERE handle = ? AND known_from <= ?", (office, k)
            )
            if info is None:
                return None
            row = _one(
                db,
                f"SELECT * FROM office_rules WHERE office = :o AND {_KNOWN}",
                {"o": office, "k": k},
            )
        if row is None:
            return OfficeRules(office, info["term_years"], info["seats"])
        fields = {f: row[f] for f in OfficeRules.__dataclass_fields__}
        return OfficeRules(**fields)

    def body_rules(self, body: str, known_at: int | None = None) -> BodyRules | None:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            info = _one(db, "SELECT * FROM bodies WHERE handle = ? AND known_from <= ?", (body, k))
            if info is None:
                return None
            row = _one(
                db, f"SELECT * FROM body_rules WHERE body = :b AND {_KNOWN}", {"b": body, "k": k}
            )
        if row is None:
            return BodyRules(body, info["max_members"], info["term_years"])
        return BodyRules(
            body,
            row["max_members"],
            row["term_years"],
            row["cadence_months"],
            tuple(msgspec.json.decode(row["ex_officio"])),
            row["basis"],
        )

    def holds_role(self, holder: str, role: str, day: date) -> list[str]:
        """The offices of `role` that `holder` holds on `day` (as the ledger knows it now)."""
        with self.reading() as db:
            rows = db.query(
                "SELECT DISTINCT m.office FROM office_rules r JOIN mandates m"
                " ON m.office = r.office AND m.known_until IS NULL"
                " AND m.start <= :d AND (m.end IS NULL OR m.end > :d)"
                " WHERE r.role = :r AND r.known_until IS NULL AND m.holder = :h",
                {"r": role, "h": holder, "d": day.isoformat()},
            )
            return [r["office"] for r in rows]


def _among(column: str, handles: str | list[str] | None) -> tuple[str, dict[str, str]]:
    """A condition on `column`: one handle, any of a list of them, or (None) no condition."""
    if handles is None:
        return "", {}
    if isinstance(handles, str):
        return f" AND {column} = :h0", {"h0": handles}
    names = [f":h{i}" for i in range(len(handles))]
    return (
        f" AND {column} IN ({', '.join(names) or 'NULL'})",
        {f"h{i}": h for i, h in enumerate(handles)},
    )


def _grouped(rows: Any, key: str, make: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(make(r))
    return out


def _tenure(r: dict[str, Any]) -> Tenure:
    return Tenure(
        holder=r["holder"],
        name=r["holder_name"],
        start=date.fromisoformat(r["start"]),
        end=_day(r["end"]),
        acting=bool(r["acting"]),
        basis=r["basis"],
        reason=r["reason"],
    )


def _seat(r: dict[str, Any]) -> Seat:
    return Seat(r["member"], r["member_name"], date.fromisoformat(r["start"]), _day(r["end"]))


def _ex_seat(r: dict[str, Any]) -> Seat:
    return Seat(r["holder"], r["name"], date.fromisoformat(r["start"]), _day(r["end"]), True)


def _one(db: Any, sql: str, params: Any) -> dict[str, Any] | None:
    return next(iter(db.query(sql, params)), None)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _office(row: dict[str, Any]) -> OfficeInfo:
    return OfficeInfo(
        row["handle"], row["name"], row["body"], row["seats"], row["term_years"], row["basis"]
    )


def _body(row: dict[str, Any]) -> BodyInfo:
    return BodyInfo(
        row["handle"],
        row["name"],
        row["max_members"],
        row["term_years"],
        row["part_of"],
        row["basis"],
    )
