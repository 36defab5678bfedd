"""The proceedings read model: meetings with their agenda and attendance, decisions with
every step of their life, and elections with candidates, tallies and results.

Like the governance view, each row carries the log position it became known at, and rows a
later event withdraws carry the position that withdrew them, so any read can be asked as
known at an earlier position.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from projections.governance import LATEST, _day, _known, _one
from projections.readmodel import NamedSource, ReadModel, told
from projections.workplans import Hit, IndexedText, search_fts

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator


@dataclass(frozen=True)
class AgendaLine:
    key: str
    title: str
    time: str | None
    presenters: tuple[str, ...]
    moderator: str | None


@dataclass(frozen=True)
class Present:
    holder: str
    name: str
    capacity: str
    affiliation: str | None
    country: str | None


@dataclass(frozen=True)
class DecisionStep:
    what: str
    venue: str
    day: date | None
    note: str | None
    position: int


@dataclass(frozen=True)
class DecisionLife:
    decision: str
    title: str
    meeting: str
    item: str | None
    status: str
    deadline: date | None
    steps: list[DecisionStep]


@dataclass(frozen=True)
class MeetingRecord:
    meeting: str
    name: str
    body: str | None
    number: int | None
    day: date
    mode: str
    venue: str | None
    hours: str | None
    registered: int | None
    attending: int | None
    agenda: list[AgendaLine]
    attendance: list[Present]
    decisions: list[DecisionLife]


@dataclass(frozen=True)
class Candidate:
    candidate: str
    name: str
    nominated: date
    withdrawn: bool
    votes: int | None
    override: str | None


@dataclass(frozen=True)
class ElectionRecord:
    election: str
    name: str
    office: str
    opens: date
    closes: date
    candidates: list[Candidate]
    winner: str | None
    closed: date | None
    method: str | None


DECISIONS_TEXT = IndexedText("decisions_fts", "decisions", "decision_steps", "decision")

# A decision belongs to a meeting's business if it was tabled there or taken up there later
# (decided after a deferral, or noted).
_AT_MEETING = (
    "(meeting = :m OR handle IN (SELECT decision FROM decision_steps WHERE venue = :m"
    " AND known_from <= :k))"
)


class ProceedingsView(ReadModel):
    named_sources: ClassVar = (
        NamedSource("meetings", frozenset({"meeting"}), "'meeting'", "name"),
        NamedSource("decisions", frozenset({"decision"}), "'decision'", "title"),
        NamedSource("elections", frozenset({"election"}), "'election'", "name"),
    )
    migrations: ClassVar[tuple[str, ...]] = (
        # Names of people and institutions, kept here too so this file answers on its own.
        "CREATE TABLE holders (handle TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT)",
        "CREATE TABLE meetings (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT"
        " NOT NULL, body TEXT, number INTEGER, day TEXT NOT NULL, mode TEXT NOT NULL, venue"
        " TEXT, hours TEXT, registered INTEGER, attending INTEGER, known_from INTEGER NOT NULL)",
        "CREATE TABLE agenda_items (meeting TEXT NOT NULL, key TEXT NOT NULL, title TEXT NOT"
        " NULL, time TEXT, presenters TEXT NOT NULL, moderator TEXT, known_from INTEGER NOT"
        " NULL, PRIMARY KEY (meeting, key))",
        "CREATE TABLE attendance (meeting TEXT NOT NULL, holder TEXT NOT NULL, capacity TEXT"
        " NOT NULL, affiliation TEXT, known_from INTEGER NOT NULL, known_until INTEGER,"
        " reason TEXT)",
        "CREATE INDEX attendance_by_meeting ON attendance (meeting)",
        "CREATE TABLE decisions (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT"
        " NOT NULL, meeting TEXT NOT NULL, item TEXT, known_from INTEGER NOT NULL)",
        "CREATE INDEX decisions_by_meeting ON decisions (meeting)",
        "CREATE TABLE decision_steps (decision TEXT NOT NULL, what TEXT NOT NULL, status TEXT,"
        " venue TEXT NOT NULL, day TEXT, deadline TEXT, note TEXT, known_from INTEGER NOT"
        " NULL)",
        "CREATE INDEX decision_steps_by_decision ON decision_steps (decision, known_from)",
        "CREATE TABLE elections (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT"
        " NOT NULL, office TEXT NOT NULL, opens TEXT NOT NULL, closes TEXT NOT NULL, known_from"
        " INTEGER NOT NULL)",
        "CREATE TABLE candidacies (election TEXT NOT NULL, candidate TEXT NOT NULL, day TEXT NOT"
        " NULL, override TEXT, known_from INTEGER NOT NULL, withdrawn_at INTEGER)",
        "CREATE TABLE tallies (election TEXT NOT NULL, candidate TEXT NOT NULL, votes INTEGER"
        " NOT NULL, known_from INTEGER NOT NULL)",
        "CREATE TABLE results (election TEXT PRIMARY KEY, winner TEXT, day TEXT NOT NULL,"
        " method TEXT NOT NULL, override TEXT, known_from INTEGER NOT NULL)",
        "CREATE VIRTUAL TABLE decisions_fts USING fts5(handle UNINDEXED, title, notes)",
        # A meeting's business includes the decisions taken up there after being tabled.
        "CREATE INDEX decision_steps_by_venue ON decision_steps (venue, decision)",
    )

    def id_handles(self, ids: Collection[str] | None = None) -> dict[str, str]:
        """Entities' handles by their ids (hex), for naming the entities of the audit log:
        of `ids` only, if given (a window of the log names a few, not every entity)."""
        return self.handles_by_id(("meetings", "decisions", "elections"), ids)

    def meeting_handles(self, known_at: int | None = None, limit: int | None = None) -> list[str]:
        """Meetings by day; with `limit`, the latest `limit` of them (still oldest first)."""
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            if limit is None:
                rows = db.query(
                    "SELECT handle FROM meetings WHERE known_from <= ? ORDER BY day, handle", (k,)
                )
                return [r["handle"] for r in rows]
            rows = db.query(
                "SELECT handle FROM meetings WHERE known_from <= ?"
                " ORDER BY day DESC, handle DESC LIMIT ?",
                (k, limit),
            )
            return [r["handle"] for r in rows][::-1]

    def meetings_count(self, known_at: int | None = None) -> int:
        with self.reading() as db:
            return db["meetings"].count_where("known_from <= ?", [_k(known_at)])

    def meeting(self, handle: str, known_at: int | None = None) -> MeetingRecord | None:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            m = _one(db, "SELECT * FROM meetings WHERE handle = ? AND known_from <= ?", (handle, k))
            if m is None:
                return None
            agenda = [
                AgendaLine(
                    r["key"],
                    r["title"],
                    r["time"],
                    tuple(msgspec.json.decode(r["presenters"])),
                    r["moderator"],
                )
                for r in db.query(
                    "SELECT * FROM agenda_items WHERE meeting = ? AND known_from <= ?"
                    " ORDER BY known_from",
                    (handle, k),
                )
            ]
            attendance = [
                Present(
                    r["holder"],
                    r["name"] or r["holder"],
                    r["capacity"],
                    r["affiliation"],
                    r["country"],
                )
                for r in db.query(
                    "SELECT a.*, h.name, h.country FROM attendance a LEFT JOIN holders h"
                    f" ON h.handle = a.holder WHERE a.meeting = :m AND {_known('a')}"
                    " ORDER BY a.known_from",
                    {"m": handle, "k": k},
                )
            ]
            decisions = [
                self._life(db, r, k, None)
                for r in db.query(
                    f"SELECT * FROM decisions WHERE known_from <= :k AND {_AT_MEETING}"
                    " ORDER BY known_from",
                    {"m": handle, "k": k},
                )
            ]
        return MeetingRecord(
            m["handle"],
            m["name"],
            m["body"],
            m["number"],
            date.fromisoformat(m["day"]),
            m["mode"],
            m["venue"],
            m["hours"],
            m["registered"],
            m["attending"],
            agenda,
            attendance,
            decisions,
        )

    def decisions(
        self,
        *,
        meeting: str | None = None,
        as_of: date | None = None,
        known_at: int | None = None,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[DecisionLife]:
        """Decisions in the order tabled; `progress` is told how many of how many were read."""
        k = LATEST if known_at is None else known_at
        where = f" AND {_AT_MEETING}" if meeting else ""
        order = "known_from" if limit is None else "known_from DESC"
        with self.reading() as db:
            rows: Iterator[dict[str, Any]] = db.query(
                f"SELECT * FROM decisions WHERE known_from <= :k{where} ORDER BY {order}",
                {"k": k, "m": meeting},
            )
            if progress is not None:
                total = db.execute(
                    f"SELECT COUNT(*) FROM decisions WHERE known_from <= :k{where}",
                    {"k": k, "m": meeting},
                ).fetchone()[0]
                rows = told(rows, total, progress)
            tabled = (
                r for r in rows if as_of is None or self._tabled_by(db, r["handle"], k, as_of)
            )
            if limit is None:
                return [self._life(db, r, k, as_of) for r in tabled]
            # The latest `limit`, read newest first and stopped there: the cost follows the
            # window, not the register.
            return [self._life(db, r, k, as_of) for r in itertools.islice(tabled, limit)][::-1]

    def decision(
        self, handle: str, known_at: int | None = None, as_of: date | None = None
    ) -> DecisionLife | None:
        """One decision's life (up to `as_of`), or None if not known, or not tabled by then."""
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            r = _one(
                db, "SELECT * FROM decisions WHERE handle = ? AND known_from <= ?", (handle, k)
            )
            if r is None or (as_of is not None and not self._tabled_by(db, handle, k, as_of)):
                return None
            return self._life(db, r, k, as_of)

    def _tabled_by(self, db: Any, decision: str, k: int, as_of: date) -> bool:
        row = _one(
            db,
            "SELECT day FROM decision_steps WHERE decision = ? AND known_from <= ?"
            " ORDER BY known_from LIMIT 1",
            (decision, k),
        )
        return row is not None and row["day"] <= as_of.isoformat()

    def _life(self, db: Any, r: dict[str, Any], k: int, as_of: date | None) -> DecisionLife:
        when = " AND (day IS NULL OR day <= :d)" if as_of else ""
        steps = list(
            db.query(
                f"SELECT * FROM decision_steps WHERE decision = :h AND known_from <= :k{when}"
                " ORDER BY known_from",
                {"h": r["handle"], "k": k, "d": as_of.isoformat() if as_of else None},
            )
        )
        status, deadline = "tabled", None
        for s in steps:
            status = s["status"] or status
            deadline = _day(s["deadline"]) or deadline
        return DecisionLife(
            r["handle"],
            r["title"],
            r["meeting"],
            r["item"],
            status,
            deadline,
            [
                DecisionStep(s["what"], s["venue"], _day(s["day"]), s["note"], s["known_from"])
                for s in steps
            ],
        )

    def elections(
        self,
        known_at: int | None = None,
        *,
        opened_by: date | None = None,
        limit: int | None = None,
    ) -> list[ElectionRecord]:
        """Elections by the day their call opened; those opened by `opened_by`, and with
        `limit` the latest `limit` of them (still oldest first)."""
        k = LATEST if known_at is None else known_at
        by = "" if opened_by is None else " AND opens <= :d"
        order = "opens, handle" if limit is None else f"opens DESC, handle DESC LIMIT {int(limit)}"
        with self.reading() as db:
            rows = db.query(
                f"SELECT * FROM elections WHERE known_from <= :k{by} ORDER BY {order}",
                {"k": k, "d": opened_by.isoformat() if opened_by else None},
            )
            found = [self._election(db, r, k) for r in rows]
        return found if limit is None else found[::-1]

    def elections_count(self, known_at: int | None = None, opened_by: date | None = None) -> int:
        by = "" if opened_by is None else " AND opens <= :d"
        params = {"k": _k(known_at), "d": opened_by.isoformat() if opened_by else None}
        with self.reading() as db:
            return db["elections"].count_where(f"known_from <= :k{by}", params)

    def election(self, handle: str, known_at: int | None = None) -> ElectionRecord | None:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            r = _one(
                db, "SELECT * FROM elections WHERE handle = ? AND known_from <= ?", (handle, k)
            )
            return None if r is None else self._election(db, r, k)

    def _election(self, db: Any, r: dict[str, Any], k: int) -> ElectionRecord:
        votes = {
            t["candidate"]: t["votes"]
            for t in db.query(
                "SELECT candidate, votes FROM tallies WHERE election = ? AND known_from <= ?"
                " ORDER BY known_from",
                (r["handle"], k),
            )
        }
        candidates = [
            Candidate(
                c["candidate"],
                c["name"] or c["candidate"],
                date.fromisoformat(c["day"]),
                c["withdrawn_at"] is not None and c["withdrawn_at"] <= k,
                votes.get(c["candidate"]),
                c["override"],
            )
            for c in db.query(
                "SELECT c.*, h.name FROM candidacies c LEFT JOIN holders h"
                " ON h.handle = c.candidate WHERE c.election = ? AND c.known_from <= ?"
                " ORDER BY c.known_from",
                (r["handle"], k),
            )
        ]
        result = _one(
            db, "SELECT * FROM results WHERE election = ? AND known_from <= ?", (r["handle"], k)
        )
        return ElectionRecord(
            r["handle"],
            r["name"],
            r["office"],
            date.fromisoformat(r["opens"]),
            date.fromisoformat(r["closes"]),
            candidates,
            result["winner"] if result else None,
            date.fromisoformat(result["day"]) if result else None,
            result["method"] if result else None,
        )

    def search(self, text: str, limit: int = 50, known_at: int | None = None) -> list[Hit]:
        with self.reading() as db:
            return search_fts(db, DECISIONS_TEXT, "decision", text, limit, known_at)

    def meeting_days(self, start: date, known_at: int | None = None) -> dict[str, list[date]]:
        """Each body's meeting days as known at `known_at`, in order and once a day: the last
        on or before `start`, then every one after it (what a cadence is counted from)."""
        params = {"k": _k(known_at), "s": start.isoformat()}
        days: dict[str, list[date]] = {}
        with self.reading() as db:
            for r in db.query(
                "SELECT body, MAX(day) AS day FROM meetings WHERE known_from <= :k"
                " AND day <= :s AND body IS NOT NULL GROUP BY body",
                params,
            ):
                days[r["body"]] = [date.fromisoformat(r["day"])]
            for r in db.query(
                "SELECT DISTINCT body, day FROM meetings WHERE known_from <= :k AND day > :s"
                " AND body IS NOT NULL ORDER BY body, day",
                params,
            ):
                days.setdefault(r["body"], []).append(date.fromisoformat(r["day"]))
        return days

    def procedures_due(
        self, start: date, end: date, known_at: int | None = None
    ) -> list[tuple[str, str, date]]:
        """Decisions in written procedure whose deadline falls in `[start, end)`, as known at
        `known_at`: the steps of those that ever had a deadline in the window, in one query."""
        params = {"k": _k(known_at), "s": start.isoformat(), "e": end.isoformat()}
        out = []
        with self.reading() as db:
            rows = db.query(
                "SELECT d.handle, d.title, s.status, s.deadline FROM decisions d"
                " JOIN decision_steps s ON s.decision = d.handle AND s.known_from <= :k"
                " WHERE d.known_from <= :k AND d.handle IN (SELECT decision FROM"
                " decision_steps WHERE known_from <= :k AND deadline >= :s AND deadline < :e)"
                " ORDER BY d.known_from, d.handle, s.known_from, s.rowid",
                params,
            )
            for handle, steps in itertools.groupby(rows, key=lambda r: r["handle"]):
                status, deadline, title = "tabled", None, ""
                for step in steps:
                    title = step["title"]
                    status = step["status"] or status
                    deadline = _day(step["deadline"]) or deadline
                if status == "in written procedure" and deadline and start <= deadline < end:
                    out.append((handle, title, deadline))
        return out

    def calls_closing(
        self, start: date, end: date, known_at: int | None = None
    ) -> list[tuple[str, str, date]]:
        """Elections without a result whose call for candidates closes in `[start, end)`."""
        params = {"k": _k(known_at), "s": start.isoformat(), "e": end.isoformat()}
        with self.reading() as db:
            return [
                (r["handle"], r["name"], date.fromisoformat(r["closes"]))
                for r in db.query(
                    "SELECT handle, name, closes FROM elections e WHERE known_from <= :k"
                    " AND closes >= :s AND closes < :e AND NOT EXISTS (SELECT 1 FROM results"
                    " r WHERE r.election = e.handle AND r.known_from <= :k)"
                    " ORDER BY opens, handle",
                    params,
                )
            ]


def _k(known_at: int | None) -> int:
    return LATEST if known_at is None else known_at
