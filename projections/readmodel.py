"""A read model in its own SQLite file: its tables (created by numbered migrations) and the
position in the log it has reached, kept in eventsourcing's tracking table.

Rows and the position commit in one transaction, so a crash never leaves a view half a step
ahead, and a batch of events shares that transaction so rebuilds are not one fsync an event.

Handlers write with plain prepared statements (`Batch.insert`): sqlite-utils' `Table.insert`
costs a savepoint and a schema lookup a row, most of a rebuild's time. Reads keep sqlite-utils.
"""

from __future__ import annotations

import inspect
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from eventsourcing.persistence import IntegrityError, InterfaceError, Tracking
from eventsourcing.projection import Projection
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Set
    from pathlib import Path

    import sqlite_utils


# Python's default; every handler's statements of every read model fit.
STATEMENT_CACHE = 128

R = TypeVar("R")


def told(rows: Iterable[R], total: int, progress: Callable[[int, int], None] | None) -> Iterator[R]:
    """`rows` as they are read, telling `progress` how many of `total` were read after each:
    how a long query shows its progress (a report's bar) without changing what it returns."""
    for done, row in enumerate(rows, 1):
        yield row
        if progress is not None:
            progress(done, total)


class NamedSource(NamedTuple):
    """A table of named entities: `kind` and `label` are SQL expressions over its row;
    `kinds` are the values `kind` can take."""

    table: str
    kinds: frozenset[str]
    kind: str
    label: str


class Named(NamedTuple):
    """An entity as the command palette offers it."""

    kind: str
    handle: str
    label: str


class EventOutOfPlace(Exception):
    """An event that cannot follow what the view holds: the log is not what it was."""


class _ReadModelPool(SQLiteConnectionPool):
    """Connections that commit without waiting for the disk (WAL, synchronous=NORMAL), and
    keep their handlers' statements compiled.

    A read model can always be rebuilt from the log, and its rows and position commit in one
    transaction, so a power cut can only lose a last few batches, which are applied again
    on the next catch-up. The event store keeps eventsourcing's full durability.

    eventsourcing opens its connections with `cached_statements=True`, a cache of one
    statement, so each of a handler's statements would be compiled again for every event
    (a quarter of a rebuild). This is its `_create_connection` with a real cache.
    """

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                cached_statements=STATEMENT_CACHE,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as e:
            raise InterfaceError(e) from e
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class ReadModelDatastore(SQLiteDatastore):
    def __init__(self, db_name: str, *, lock_timeout: int | None = None) -> None:
        super().__init__(db_name, lock_timeout=lock_timeout)
        self.pool.close()
        self.pool = _ReadModelPool(db_name=db_name, lock_timeout=lock_timeout)


class Insert:
    """An INSERT into one table, its SQL built once; a row is a mapping with every column."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = tuple(columns)
        names = ", ".join(f'"{c}"' for c in self.columns)
        values = ", ".join(f":{c}" for c in self.columns)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({values})"


@dataclass
class Batch:
    """Where a batch of events is being written: the view's connection, inside the batch's
    transaction, and the log position of the event at hand (which rows record as the moment
    they became known)."""

    conn: sqlite3.Connection
    start: int
    position: int

    def insert(self, into: Insert, row: Mapping[str, Any]) -> int:
        """Write one row; its rowid, which a full-text row shares with the row it indexes."""
        rowid = self.conn.execute(into.sql, row).lastrowid
        assert rowid is not None
        return rowid

    def insert_all(self, into: Insert, rows: Iterable[Mapping[str, Any]]) -> None:
        self.conn.executemany(into.sql, rows)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def one(self, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else dict(row)


class ReadModel(SQLiteTrackingRecorder):
    """Subclasses list their schema as migrations; each runs once, in order."""

    migrations: ClassVar[tuple[str, ...]] = ()
    # The entities the command palette offers from this read model.
    named_sources: ClassVar[tuple[NamedSource, ...]] = ()

    @classmethod
    def open(cls, path: Path | str, *, lock_timeout: int = 30) -> ReadModel:
        view = cls(ReadModelDatastore(str(path), lock_timeout=lock_timeout))
        view.create_table()
        return view

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA user_version")
            done = c.fetchone()[0]
            for statement in self.migrations[done:]:
                c.execute(statement)
            if len(self.migrations) > done:
                c.execute(f"PRAGMA user_version = {len(self.migrations)}")

    def position(self, application_name: str) -> int:
        return self.max_tracking_id(application_name) or 0

    @contextmanager
    def writing(self, application_name: str) -> Iterator[Batch]:
        """A write transaction that starts from the position the view has reached.

        The first statement is a write so that the lock is taken before the position is read:
        two processes catching up at once then take turns instead of applying an event twice.
        """
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "UPDATE tracking SET notification_id = notification_id WHERE application_name = ?",
                (application_name,),
            )
            start = self._max_tracking_id(application_name, c) or 0
            batch = Batch(c.sqlite_cursor.connection, start, start)
            yield batch
            if batch.position > start:
                self._insert_tracking(c, Tracking(application_name, batch.position))

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        # Imported here, not at the top: a process that only records or verifies never pays
        # its ~90 ms import.
        import sqlite_utils

        with self.datastore.transaction(commit=False) as c:
            yield sqlite_utils.Database(
                c.sqlite_cursor.connection, execute_plugins=False, recursive_triggers=False
            )

    def handles_by_id(
        self, tables: Iterable[str], ids: Collection[str] | None = None
    ) -> dict[str, str]:
        """`tables`' handles by id (hex): every one, or those of `ids`."""
        where, params = "", list(ids or ())
        if ids is not None:
            where = f" WHERE id IN ({', '.join('?' * len(params)) or 'NULL'})"
        with self.reading() as db:
            return {
                row[0]: row[1]
                for table in tables
                for row in db.execute(f"SELECT id, handle FROM {table}{where}", params)
            }

    def named(
        self,
        kinds: Set[str] | None,
        patterns: tuple[str, str],
        known_at: int,
        limit: int,
    ) -> list[Named]:
        """Entities of `kinds` (every kind if None) known at `known_at` whose handle or label
        is LIKE the loose one of `patterns` (`\\` escapes), those LIKE the close one first:
        at most `limit` from each of `named_sources`."""
        close, loose = patterns
        found: list[Named] = []
        with self.reading() as db:
            for source in self.named_sources:
                if kinds is not None and kinds.isdisjoint(source.kinds):
                    continue
                found += (
                    Named(*row)
                    for row in db.execute(
                        f"SELECT {source.kind}, handle, {source.label} FROM {source.table}"
                        f" WHERE known_from <= :k AND (handle LIKE :loose ESCAPE '\\'"
                        f" OR {source.label} LIKE :loose ESCAPE '\\')"
                        f" ORDER BY handle NOT LIKE :close ESCAPE '\\',"
                        f" {source.label} NOT LIKE :close ESCAPE '\\', length(handle), handle"
                        " LIMIT :limit",
                        {"k": known_at, "loose": loose, "close": close, "limit": limit},
                    )
                )
        return found

    def close(self) -> None:
        self.datastore.close()


V = TypeVar("V", bound=ReadModel)


class ReadModelProjection(Projection[V]):
    """A read model's projection. Subclasses declare their handlers on a
    `functools.singledispatchmethod` named `apply`; `write` finds an event class's handler
    there once and keeps it, where calling `apply` would bind a new function every event."""

    _handlers: ClassVar[dict[type, Callable[[Any, Any, Batch], None]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {}

    def __init__(self, view: V) -> None:
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
            self.write(domain_event, batch)

    def write(self, domain_event: Any, batch: Batch) -> None:
        """Apply one event to the batch at hand (`batch.position` is the event's)."""
        event_class = type(domain_event)
        handler = self._handlers.get(event_class)
        if handler is None:
            dispatcher = inspect.getattr_static(type(self), "apply").dispatcher
            handler = self._handlers[event_class] = dispatcher.dispatch(event_class)
        handler(self, domain_event, batch)

    def _handle(self, batch: Batch, table: str, entity_id: str) -> str:
        """The handle of the entity `entity_id` names (handles never change: kept in memory)."""
        handle = self._handles.get(entity_id)
        if handle is None:
            row = batch.one(f"SELECT handle FROM {table} WHERE id = ?", (entity_id,))
            if row is None:
                raise EventOutOfPlace(f"{table} {entity_id} has events before its creation")
            handle = self._handles[entity_id] = row["handle"]
        return handle
