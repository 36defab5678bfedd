"""Reads answered from the governance read model's file with plain sqlite3, without opening
the ledger, when the answer is sure to be the one the ledger would give.

Opening the ledger costs most of a short command's time: importing the eventsourcing
application, the domain and the read models, then bringing every view up to the log. A read
needs none of that when the governance view already holds everything the log says about
governance: its tracked position is at or below the store's head and no event after that
position is one the view follows (views are left behind by events that do not concern them).
Anything else — a view that is behind, ahead, missing or of an older schema, an embedded
ledger that is not one, a PostgreSQL store, a position or an instant asked (`--known-at`), an
unknown office, any SQLite error — returns None, and the command opens the ledger as before,
which catches the view up, answers, or refuses with its usual message.

The queries are those of `projections.governance.GovernanceView`; the tests hold them to
the same answers, `GOVERNANCE_TOPICS` to the projection's own list and `SCHEMA_VERSION` to
its migrations.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.location import LINKS_TABLE, FileLocation, Location

if TYPE_CHECKING:
    from collections.abc import Iterator

APPLICATION = "Ledger"  # the name the ledger tracks its views under (`Ledger.name`)
# What `projections.governance_events.GovernanceProjection.topics` lists.
GOVERNANCE_TOPICS = (
    "domain.holders:Holder.Registered",
    "domain.bodies:Body.Created",
    "domain.bodies:Body.MemberAdded",
    "domain.bodies:Body.MemberRemoved",
    "domain.offices:Office.Created",
    "domain.offices:Office.MandateStarted",
    "domain.offices:Office.MandateEnded",
    "domain.offices:Office.MandateCorrected",
    "domain.offices:Office.MandateRetracted",
    "domain.bodies:Body.MembershipCorrected",
    "domain.bodies:Body.MembershipRetracted",
    "domain.offices:Office.RulesChanged",
    "domain.bodies:Body.RulesChanged",
    "domain.offices:Office.Abolished",
)
# `len(GovernanceView.migrations)`: a view whose schema is older is migrated by the ledger
# before it is read, so it is not read here.
SCHEMA_VERSION = 16
LATEST = 2**62  # projections.governance.LATEST: "as known now"
# Past this many events behind, the ledger is opened instead: it records the view's new
# position, so the next read does not scan the same events again.
MAX_SCAN = 10_000


@dataclass(frozen=True)
class Tenure:
    """What `ledger.output` prints of a `projections.governance.Tenure`."""

    holder: str
    name: str
    start: date
    end: date | None
    acting: bool
    basis: str | None


def holders(db: str, office: str, as_of: date | None) -> list[Tenure] | None:
    """OFFICE's holders as `Ledger.holders` gives them, or None if the ledger must answer."""
    try:
        with _caught_up_governance(Location.parse(db)) as view:
            if view is None:
                return None
            known = view.execute(
                "SELECT 1 FROM offices WHERE handle = ? AND known_from <= ?", (office, LATEST)
            ).fetchone()
            if known is None:
                return None  # the ledger says what the handle is instead, if anything
            when = " AND m.start <= :d AND (m.end IS NULL OR m.end > :d)" if as_of else ""
            rows = view.execute(
                "SELECT m.holder, h.name, m.start, m.end, m.acting, m.basis FROM mandates m"
                " JOIN holders h ON h.handle = m.holder WHERE m.known_from <= :k AND"
                f" (m.known_until IS NULL OR m.known_until > :k) AND m.office = :o{when}"
                " ORDER BY m.office, m.start, m.number",
                {"o": office, "k": LATEST, "d": as_of.isoformat() if as_of else None},
            ).fetchall()
            return [_tenure(*row) for row in rows]
    except (sqlite3.Error, ValueError, TypeError):
        return None


def _tenure(holder: str, name: str, start: str, end: Any, acting: Any, basis: Any) -> Tenure:
    return Tenure(
        holder,
        name,
        date.fromisoformat(start),
        None if end is None else date.fromisoformat(end),
        bool(acting),
        basis,
    )


@contextlib.contextmanager
def _caught_up_governance(location: Location) -> Iterator[sqlite3.Connection | None]:
    """The governance view, in a read transaction, if it holds all the log says; else None."""
    if not isinstance(location, FileLocation):
        yield None
        return
    view_path = location.view("governance")
    if not (location.events.is_file() and view_path.is_file()):
        yield None
        return
    with _read_only(location.events) as store, _read_only(view_path) as view:
        # The view's snapshot is taken first: whatever a writer adds after it, the store
        # check below then finds it, and the ledger is opened.
        view.execute("BEGIN")
        if view.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            yield None
            return
        row = view.execute(
            "SELECT notification_id FROM tracking WHERE application_name = ?", (APPLICATION,)
        ).fetchone()
        position = 0 if row is None else row[0]
        tables = {r[0] for r in store.execute("SELECT name FROM sqlite_master")}
        if not {"stored_events", LINKS_TABLE} <= tables:
            yield None
            return
        head = store.execute("SELECT max(rowid) FROM stored_events").fetchone()[0] or 0
        if not position <= head <= position + MAX_SCAN:
            yield None
            return
        marks = ", ".join("?" * len(GOVERNANCE_TOPICS))
        later = store.execute(
            "SELECT 1 FROM stored_events WHERE rowid > ? AND rowid <= ?"
            f" AND topic IN ({marks}) LIMIT 1",
            (position, head, *GOVERNANCE_TOPICS),
        ).fetchone()
        yield None if later else view


@contextlib.contextmanager
def _read_only(path: Any) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()
