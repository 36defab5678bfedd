"""The hash chain: every event's link is SHA-256 of the previous link and of everything stored
for the event (position, originator, version, topic, state).

The link is written by the recorder in the event's own transaction, after the insert has taken
the write lock, so there is never an event without its link and the chain stays one chain with
several writers at once.
"""

from __future__ import annotations

import hashlib
import struct
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.sqlite import SQLiteApplicationRecorder

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from eventsourcing.persistence import StoredEvent
    from eventsourcing.sqlite import SQLiteCursor

GENESIS = bytes(32)
LINKS_TABLE = "event_links"  # also ledger.location.LINKS_TABLE, which looks for it


_length = struct.Struct(">Q").pack


def link(
    previous: bytes, position: int, originator_id: str, version: int, topic: str, state: bytes
) -> bytes:
    """Each part is length-prefixed, so no two different events can hash the same bytes."""
    # One buffer and one hash call: an import or a verify links every event of the log.
    p, o, v, t = b"%d" % position, originator_id.encode(), b"%d" % version, topic.encode()
    return hashlib.sha256(
        b"".join(
            (
                previous,
                _length(len(p)),
                p,
                _length(len(o)),
                o,
                _length(len(v)),
                v,
                _length(len(t)),
                t,
                _length(len(state)),
                state,
            )
        )
    ).digest()


def as_bytes(value: object) -> bytes:
    """A state as stored; a state rewritten as TEXT is hashed as its UTF-8 bytes. Anything
    else a hand-edited file may hold there (NULL, a number) is hashed as its text, so verify
    names the position it breaks instead of failing on it."""
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value)
    return (value if isinstance(value, str) else "" if value is None else str(value)).encode()


def as_text(value: object) -> str:
    """A topic as stored; NULL or a number put there by hand is hashed as text, see above."""
    return value if isinstance(value, str) else "" if value is None else str(value)


def as_version(value: object) -> int:
    """A version as stored; a value that is no integer was never hashed, so -1 (no event
    has it) makes its link fail to match."""
    return value if isinstance(value, int) else -1


def hex_id(originator_id: UUID | str) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else str(originator_id)


class StoredRow(NamedTuple):
    """An event exactly as the store holds it, with the link stored beside it.

    A named tuple, not a frozen dataclass: export, import and verify make one per event of
    the log, and a tuple is made in a third of the time."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes
    link: bytes | None


@runtime_checkable
class Chain(Protocol):
    """What the ledger asks of a chained recorder, whichever the database."""

    def head(self) -> tuple[int, bytes]: ...
    def links(self, start: int, stop: int) -> dict[int, bytes]: ...
    def stored_rows(self, page: int = 5000) -> Iterator[StoredRow]: ...
    def first_link_without_event(self) -> int | None: ...
    def insert_exact(self, rows: Iterable[StoredRow], batch: int = 1000) -> int: ...
    def storage_damage(self) -> str | None: ...


def chain_links(
    previous: bytes, ids: Sequence[int], stored_events: Sequence[StoredEvent]
) -> list[tuple[int, bytes]]:
    """The links of newly inserted events, in order, continuing from `previous`."""
    out = []
    for position, s in zip(ids, stored_events, strict=True):
        previous = link(
            previous, position, hex_id(s.originator_id), s.originator_version, s.topic, s.state
        )
        out.append((position, previous))
    return out


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {LINKS_TABLE} ("
            "notification_id INTEGER PRIMARY KEY, link BLOB NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The insert takes the write lock; only after it is the last link the latest one.
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        for position, chained in chain_links(self._last_link(c), ids, stored_events):
            c.execute(f"INSERT INTO {LINKS_TABLE} VALUES (?, ?)", (position, chained))
        return ids

    def _last_link(self, c: SQLiteCursor) -> bytes:
        c.execute(f"SELECT link FROM {LINKS_TABLE} ORDER BY notification_id DESC LIMIT 1")
        row = c.fetchone()
        return GENESIS if row is None else bytes(row[0])

    def head(self) -> tuple[int, bytes]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT notification_id, link FROM {LINKS_TABLE}"
                " ORDER BY notification_id DESC LIMIT 1"
            )
            row = c.fetchone()
        return (0, GENESIS) if row is None else (row[0], bytes(row[1]))

    def links(self, start: int, stop: int) -> dict[int, bytes]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT notification_id, link FROM {LINKS_TABLE}"
                " WHERE notification_id >= ? AND notification_id <= ?",
                (start, stop),
            )
            return {row[0]: bytes(row[1]) for row in c.fetchall()}

    def stored_rows(self, page: int = 5000) -> Iterator[StoredRow]:
        """Every event in position order, exactly as stored, with the link stored beside it."""
        after = -1
        while True:
            with self.datastore.transaction(commit=False) as c:
                c.execute(
                    "SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state,"
                    f" l.link FROM {self.events_table_name} e LEFT JOIN {LINKS_TABLE} l"
                    " ON l.notification_id = e.rowid WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?",
                    (after, page),
                )
                rows = c.fetchall()
            for r in rows:
                yield StoredRow(
                    r[0],
                    hex_id(r[1]),
                    as_version(r[2]),
                    as_text(r[3]),
                    as_bytes(r[4]),
                    None if r[5] is None else as_bytes(r[5]),
                )
            if len(rows) < page:
                return
            after = rows[-1][0]

    def first_link_without_event(self) -> int | None:
        """A link whose event is gone: the trace of a deleted event."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT MIN(notification_id) FROM {LINKS_TABLE} WHERE notification_id NOT IN"
                f" (SELECT rowid FROM {self.events_table_name})"
            )
            row = c.fetchone()
        return None if row is None else row[0]

    def storage_damage(self) -> str | None:
        """What SQLite's own check finds wrong with the file (a damaged page), if anything:
        asked by verify only once the chain has failed, to say the file itself is broken."""
        try:
            with self.datastore.transaction(commit=False) as c:
                c.execute("PRAGMA quick_check(3)")
                found = [str(r[0]) for r in c.fetchall()]
        except Exception as e:  # a file too damaged to be checked is damaged
            return str(e)
        return None if found == ["ok"] else "; ".join(found)

    def insert_exact(self, rows: Iterable[StoredRow], batch: int = 1000) -> int:
        """Write events at the positions they had, with their links, in one transaction: the
        import path, which must reproduce the same chain (positions are hashed). Anything
        raised while `rows` is being read rolls the whole import back."""
        count = 0
        with self.datastore.transaction(commit=True) as c:
            chunk: list[StoredRow] = []
            for r in rows:
                chunk.append(r)
                if len(chunk) == batch:
                    self._insert_chunk(c, chunk)
                    count += len(chunk)
                    chunk = []
            self._insert_chunk(c, chunk)
            count += len(chunk)
        return count

    def _insert_chunk(self, c: SQLiteCursor, chunk: list[StoredRow]) -> None:
        if not chunk:
            return
        cursor = c.sqlite_cursor
        cursor.executemany(
            f"INSERT INTO {self.events_table_name}"
            " (rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
            [r[:5] for r in chunk],  # a StoredRow's first five fields, in these columns' order
        )
        cursor.executemany(
            f"INSERT INTO {LINKS_TABLE} VALUES (?, ?)", [(r.position, r.link) for r in chunk]
        )
