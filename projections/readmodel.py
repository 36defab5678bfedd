"""A read model in its own SQLite file: its tables (created by numbered migrations) and the
position in the log it has reached, kept in eventsourcing's tracking table.

Rows and the position commit in one transaction, so a crash never leaves a view half a step
ahead, and a batch of events shares that transaction so rebuilds are not one fsync an event.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import sqlite_utils
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class EventOutOfPlace(Exception):
    """An event that cannot follow what the view holds: the log is not what it was."""


class _ReadModelPool(SQLiteConnectionPool):
    """Connections that commit without waiting for the disk (WAL, synchronous=NORMAL).

    A read model can always be rebuilt from the log, and its rows and position commit in one
    transaction, so a power cut can only lose a last few batches, which are applied again
    on the next catch-up. The event store keeps eventsourcing's full durability.
    """

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection.cursor().execute("PRAGMA synchronous = NORMAL")
        return connection


class ReadModelDatastore(SQLiteDatastore):
    def __init__(self, db_name: str, *, lock_timeout: int | None = None) -> None:
        super().__init__(db_name, lock_timeout=lock_timeout)
        self.pool.close()
        self.pool = _ReadModelPool(db_name=db_name, lock_timeout=lock_timeout)


@dataclass
class Batch:
    """Where a batch of events is being written: the view's tables, and the log position of
    the event at hand (which rows record as the moment they became known)."""

    db: sqlite_utils.Database
    start: int
    position: int


class ReadModel(SQLiteTrackingRecorder):
    """Subclasses list their schema as migrations; each runs once, in order."""

    migrations: ClassVar[tuple[str, ...]] = ()

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
            db = sqlite_utils.Database(
                c.sqlite_cursor.connection, execute_plugins=False, recursive_triggers=False
            )
            batch = Batch(db, start, start)
            yield batch
            if batch.position > start:
                self._insert_tracking(c, Tracking(application_name, batch.position))

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        with self.datastore.transaction(commit=False) as c:
            yield sqlite_utils.Database(
                c.sqlite_cursor.connection, execute_plugins=False, recursive_triggers=False
            )

    def close(self) -> None:
        self.datastore.close()
