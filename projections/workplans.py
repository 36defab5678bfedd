"""The work-plan read model: plans, action items and every change to them, so the plan can
be read as it stood on any day (what stood where at the last plenary), as known at any log
position; with overdue items, progress rolled up per plan and per owner, and full-text
search over action items."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

from projections.governance import LATEST, _day, _one
from projections.readmodel import NamedSource, ReadModel, told

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator

CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class ItemChange:
    day: date
    what: str
    status: str | None
    progress: int | None
    owners: tuple[str, ...] | None
    due: date | None
    note: str | None
    position: int


@dataclass(frozen=True)
class ItemState:
    item: str
    title: str
    plan: str | None
    parent: str | None
    source: str | None
    created: date
    status: str
    progress: int
    owners: tuple[str, ...]
    due: date | None
    overdue: bool
    last_change: date


@dataclass(frozen=True)
class PlanInfo:
    plan: str
    name: str
    start: date
    end: date
    adopted_by: str | None


@dataclass(frozen=True)
class Rollup:
    """Counts by status and mean progress, for a plan or an owner."""

    key: str
    items: int
    by_status: dict[str, int] = field(default_factory=dict)
    progress: float = 0.0
    overdue: int = 0


@dataclass(frozen=True)
class Hit:
    kind: str
    handle: str
    title: str
    snippet: str


class WorkPlanView(ReadModel):
    named_sources: ClassVar = (
        NamedSource("plans", frozenset({"plan"}), "'plan'", "name"),
        NamedSource("action_items", frozenset({"action"}), "'action'", "title"),
    )
    migrations: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE plans (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT"
        " NULL, start TEXT NOT NULL, end TEXT NOT NULL, adopted_by TEXT, known_from INTEGER"
        " NOT NULL)",
        "CREATE TABLE action_items (handle TEXT PRIMARY KEY, id TEXT UNIQUE NOT NULL, title"
        " TEXT NOT NULL, plan TEXT, parent TEXT, source TEXT, created TEXT NOT NULL,"
        " known_from INTEGER NOT NULL)",
        "CREATE INDEX action_items_by_plan ON action_items (plan)",
        "CREATE TABLE item_changes (item TEXT NOT NULL, what TEXT NOT NULL, status TEXT,"
        " progress INTEGER, owners TEXT, due TEXT, due_set INTEGER NOT NULL DEFAULT 0, day TEXT"
        " NOT NULL, note TEXT, known_from INTEGER NOT NULL)",
        "CREATE INDEX item_changes_by_item ON item_changes (item, known_from)",
        "CREATE VIRTUAL TABLE action_items_fts USING fts5(handle UNINDEXED, title, notes)",
    )

    def id_handles(self, ids: Collection[str] | None = None) -> dict[str, str]:
        """Entities' handles by their ids (hex), for naming the entities of the audit log:
        of `ids` only, if given (a window of the log names a few, not every entity)."""
        return self.handles_by_id(("plans", "action_items"), ids)

    def plans(self, known_at: int | None = None) -> list[PlanInfo]:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            return [
                PlanInfo(
                    r["handle"],
                    r["name"],
                    date.fromisoformat(r["start"]),
                    date.fromisoformat(r["end"]),
                    r["adopted_by"],
                )
                for r in db.query("SELECT * FROM plans WHERE known_from <= ? ORDER BY start", (k,))
            ]

    def plan(self, handle: str, known_at: int | None = None) -> PlanInfo | None:
        return next((p for p in self.plans(known_at) if p.plan == handle), None)

    def items(
        self,
        *,
        plan: str | None = None,
        as_of: date,
        known_at: int | None = None,
        status: str | None = None,
        owner: str | None = None,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[ItemState]:
        """Every item created by `as_of`, as it stood that day; with `limit`, the latest
        `limit` of them (still in the order they were recorded). `progress` is told how many
        of how many were read."""
        k = LATEST if known_at is None else known_at
        where = " AND plan = :p" if plan else ""
        order = "known_from" if limit is None else "known_from DESC"
        params = {"k": k, "d": as_of.isoformat(), "p": plan}
        with self.reading() as db:
            rows: Iterator[dict[str, Any]] = db.query(
                f"SELECT * FROM action_items WHERE known_from <= :k AND created <= :d{where}"
                f" ORDER BY {order}",
                params,
            )
            if progress is not None:
                total = db.execute(
                    "SELECT COUNT(*) FROM action_items WHERE known_from <= :k"
                    f" AND created <= :d{where}",
                    params,
                ).fetchone()[0]
                rows = told(rows, total, progress)
            states = (self._state(db, r, as_of, k) for r in rows)
            kept = (
                s
                for s in states
                if (status is None or s.status == status) and (owner is None or owner in s.owners)
            )
            if limit is None:
                return list(kept)
            return list(itertools.islice(kept, limit))[::-1]

    def _changes(self, db: Any, item: str, k: int, as_of: date | None) -> list[dict[str, Any]]:
        when = " AND day <= :d" if as_of else ""
        return list(
            db.query(
                f"SELECT * FROM item_changes WHERE item = :i AND known_from <= :k{when}"
                " ORDER BY known_from",
                {"i": item, "k": k, "d": as_of.isoformat() if as_of else None},
            )
        )

    def _state(self, db: Any, r: dict[str, Any], as_of: date, k: int) -> ItemState:
        status, progress, owners, due = "planned", 0, (), None
        last = date.fromisoformat(r["created"])
        for c in self._changes(db, r["handle"], k, as_of):
            status = c["status"] or status
            progress = c["progress"] if c["progress"] is not None else progress
            owners = tuple(msgspec.json.decode(c["owners"])) if c["owners"] else owners
            due = _day(c["due"]) if c["due_set"] else due
            last = date.fromisoformat(c["day"])
        return ItemState(
            r["handle"],
            r["title"],
            r["plan"],
            r["parent"],
            r["source"],
            date.fromisoformat(r["created"]),
            status,
            progress,
            owners,
            due,
            due is not None and due < as_of and status not in CLOSED,
            last,
        )

    def history(self, item: str, known_at: int | None = None) -> list[ItemChange]:
        k = LATEST if known_at is None else known_at
        with self.reading() as db:
            return [
                ItemChange(
                    date.fromisoformat(c["day"]),
                    c["what"],
                    c["status"],
                    c["progress"],
                    tuple(msgspec.json.decode(c["owners"])) if c["owners"] else None,
                    _day(c["due"]),
                    c["note"],
                    c["known_from"],
                )
                for c in self._changes(db, item, k, None)
            ]

    def item(self, handle: str, known_at: int | None = None) -> dict[str, Any] | None:
        with self.reading() as db:
            return _one(
                db,
                "SELECT * FROM action_items WHERE handle = ? AND known_from <= ?",
                (handle, LATEST if known_at is None else known_at),
            )

    def rollup(self, states: list[ItemState], by: str) -> list[Rollup]:
        groups: dict[str, list[ItemState]] = defaultdict(list)
        for s in states:
            keys = s.owners if by == "owner" else (s.plan or "(no plan)",)
            for key in keys:
                groups[key].append(s)
        out = []
        for key, members in sorted(groups.items()):
            counts: dict[str, int] = defaultdict(int)
            for s in members:
                counts[s.status] += 1
            live = [s for s in members if s.status != "dropped"]
            mean = sum(s.progress for s in live) / len(live) if live else 0.0
            out.append(
                Rollup(
                    key,
                    len(members),
                    dict(counts),
                    round(mean, 1),
                    sum(1 for s in members if s.overdue),
                )
            )
        return out

    def search(self, text: str, limit: int = 50, known_at: int | None = None) -> list[Hit]:
        with self.reading() as db:
            return search_fts(db, ACTION_ITEMS_TEXT, "action item", text, limit, known_at)


@dataclass(frozen=True)
class IndexedText:
    """A full-text table and where its text comes from: each row of `base` (same rowid) is
    indexed with its title and, in `notes`, a space and the note of each of its rows in
    `changes` (`key` names the row of `base`), in the order they were recorded."""

    fts: str
    base: str
    changes: str
    key: str


ACTION_ITEMS_TEXT = IndexedText("action_items_fts", "action_items", "item_changes", "item")


def search_fts(
    db: Any, source: IndexedText, kind: str, text: str, limit: int, known_at: int | None
) -> list[Hit]:
    """The rows of `source` whose words match `text`, best first, as the full-text index
    answered at `known_at` (now if None).

    The index is updated in place (a note is appended to its row), so it holds only what is
    known now. If nothing it holds was recorded after `known_at`, it is the index as it was
    then; otherwise the index as it was then is built, in this read's transaction (rolled
    back with it), from the rows and notes known then: the same text under the same rowids,
    so the same matches, ranks (bm25 over the same documents) and snippets.
    """
    fts = source.fts
    if known_at is not None and _text_recorded_after(db, source, known_at):
        fts = _index_as_known(db, source, known_at)
    return [
        Hit(kind, r["handle"], r["title"], r["snip"])
        for r in db.query(
            f"SELECT handle, title, snippet({fts}, -1, '[', ']', '…', 8) AS snip"
            f" FROM {fts} WHERE {fts} MATCH ? ORDER BY rank LIMIT ?",
            (fts_query(text), limit),
        )
    ]


def _noted(source: IndexedText) -> str:
    return f"{source.changes} WHERE note IS NOT NULL AND note != ''"


def _text_recorded_after(db: Any, source: IndexedText, k: int) -> bool:
    row = db.execute(
        f"SELECT EXISTS (SELECT 1 FROM {source.base} WHERE known_from > :k)"
        f" OR EXISTS (SELECT 1 FROM {_noted(source)} AND known_from > :k)",
        {"k": k},
    ).fetchone()
    return bool(row[0])


def _index_as_known(db: Any, source: IndexedText, k: int) -> str:
    then = f"{source.fts}_then"
    db.execute(f"DROP TABLE IF EXISTS temp.{then}")
    db.execute(f"CREATE VIRTUAL TABLE temp.{then} USING fts5(handle UNINDEXED, title, notes)")
    # Notes in the order they were appended (the subquery's order is kept: an aggregate
    # query does not flatten a subquery with ORDER BY).
    db.execute(
        f"INSERT INTO temp.{then} (rowid, handle, title, notes)"
        " SELECT b.rowid, b.handle, b.title, coalesce((SELECT group_concat(' ' || n.note, '')"
        f" FROM (SELECT note FROM {_noted(source)} AND {source.key} = b.handle"
        " AND known_from <= :k ORDER BY known_from, rowid) n), '')"
        f" FROM {source.base} b WHERE b.known_from <= :k ORDER BY b.rowid",
        {"k": k},
    )
    return then  # unqualified, as snippet() and MATCH name it: temp is searched first


def fts_query(text: str) -> str:
    """Words a user typed, as an FTS5 query that cannot be a syntax error: each word a
    quoted prefix term, all of them required."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words) or '""'
