"""The hash chain on PostgreSQL: the same links as on SQLite, written in the event's own
transaction while eventsourcing holds the events table's EXCLUSIVE lock, so concurrent writers
from several processes still make one chain in notification order.

eventsourcing commits the transaction even when this hook raises a plain Python error after
the insert. A deferred foreign key from every event to its link closes that gap: a commit of
an event without its link fails in the database, and the whole insert is rolled back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier, Literal

from ledger.chain import GENESIS, LINKS_TABLE, StoredRow, as_bytes, as_text, chain_links, hex_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from eventsourcing.persistence import StoredEvent
    from eventsourcing.postgres import PostgresDatastore
    from psycopg import Cursor
    from psycopg.rows import DictRow


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        ids = {
            "schema": Identifier(self.datastore.schema),
            "events": Identifier(self.events_table_name),
            "links": Identifier(LINKS_TABLE),
            "linked": Identifier(f"{self.events_table_name}_linked"),
        }
        self._sql = ids
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{links} ("
                "notification_id bigint PRIMARY KEY, link bytea NOT NULL)"
            ).format(**ids)
        )
        self.sql_create_statements.append(
            SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = {name}"
                " AND conrelid = {table}::regclass)"
                " THEN ALTER TABLE {schema}.{events} ADD CONSTRAINT {linked} FOREIGN KEY"
                " (notification_id) REFERENCES {schema}.{links} (notification_id)"
                " DEFERRABLE INITIALLY DEFERRED; END IF; END $$"
            ).format(
                name=f"{self.events_table_name}_linked",
                # Constraint names are per table: look in this schema's table, not anywhere.
                table=Literal(
                    '"{}"."{}"'.format(
                        self.datastore.schema.replace('"', '""'),
                        self.events_table_name.replace('"', '""'),
                    )
                ),
                **ids,
            )
        )

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The insert has taken the table lock: the last link read now is the latest.
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids is not None
        curs.execute(
            SQL("SELECT link FROM {schema}.{links} ORDER BY notification_id DESC LIMIT 1").format(
                **self._sql
            )
        )
        row = curs.fetchone()
        previous = GENESIS if row is None else bytes(row["link"])
        chained = chain_links(previous, ids, stored_events)
        curs.execute(
            SQL(
                "INSERT INTO {schema}.{links} (notification_id, link)"
                " SELECT * FROM unnest(%s::bigint[], %s::bytea[]) RETURNING notification_id"
            ).format(**self._sql),
            ([p for p, _ in chained], [lk for _, lk in chained]),
        )
        curs.fetchall()  # surfaces an error here rather than at the pipeline's next sync
        return ids

    def head(self) -> tuple[int, bytes]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT notification_id, link FROM {schema}.{links}"
                    " ORDER BY notification_id DESC LIMIT 1"
                ).format(**self._sql)
            )
            row = curs.fetchone()
        return (0, GENESIS) if row is None else (row["notification_id"], bytes(row["link"]))

    def links(self, start: int, stop: int) -> dict[int, bytes]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT notification_id, link FROM {schema}.{links}"
                    " WHERE notification_id >= %s AND notification_id <= %s"
                ).format(**self._sql),
                (start, stop),
            )
            return {r["notification_id"]: bytes(r["link"]) for r in curs.fetchall()}

    def stored_rows(self, page: int = 5000) -> Iterator[StoredRow]:
        after = -1
        while True:
            with self.datastore.transaction(commit=False) as curs:
                curs.execute(
                    SQL(
                        "SELECT e.notification_id, e.originator_id, e.originator_version,"
                        " e.topic, e.state, l.link FROM {schema}.{events} e"
                        " LEFT JOIN {schema}.{links} l USING (notification_id)"
                        " WHERE e.notification_id > %s ORDER BY e.notification_id LIMIT %s"
                    ).format(**self._sql),
                    (after, page),
                )
                rows = curs.fetchall()
            for r in rows:
                yield StoredRow(
                    r["notification_id"],
                    hex_id(r["originator_id"]),
                    r["originator_version"],
                    # A topic set to NULL by hand (the column allows it) is hashed as "", as
                    # on SQLite, so verify names its position rather than failing to read on.
                    as_text(r["topic"]),
                    as_bytes(r["state"]),
                    None if r["link"] is None else bytes(r["link"]),
                )
            if len(rows) < page:
                return
            after = rows[-1]["notification_id"]

    def storage_damage(self) -> str | None:
        """PostgreSQL checks its own pages; a damaged one fails the query that reads it."""
        return None

    def first_link_without_event(self) -> int | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT MIN(l.notification_id) AS orphan FROM {schema}.{links} l"
                    " LEFT JOIN {schema}.{events} e USING (notification_id)"
                    " WHERE e.notification_id IS NULL"
                ).format(**self._sql)
            )
            row = curs.fetchone()
        return None if row is None else row["orphan"]

    def insert_exact(self, rows: Iterable[StoredRow], batch: int = 1000) -> int:
        """The import path: events at their original positions, with their links, in one
        transaction under the table lock; the sequence then continues after the last one."""
        count = 0
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            chunk: list[StoredRow] = []
            for r in rows:
                chunk.append(r)
                if len(chunk) == batch:
                    self._insert_chunk(curs, chunk)
                    count += len(chunk)
                    chunk = []
            self._insert_chunk(curs, chunk)
            count += len(chunk)
            curs.execute(
                SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'),"
                    " GREATEST((SELECT MAX(notification_id) FROM {schema}.{events}), 1))"
                ).format(**self._sql),
                (f'"{self.datastore.schema}"."{self.events_table_name}"',),
            )
        return count

    def _insert_chunk(self, curs: Cursor[DictRow], chunk: list[StoredRow]) -> None:
        if not chunk:
            return
        curs.execute(
            SQL(
                "INSERT INTO {schema}.{events}"
                " (notification_id, originator_id, originator_version, topic, state)"
                " SELECT * FROM unnest(%s::bigint[], %s::uuid[], %s::bigint[], %s::text[],"
                " %s::bytea[])"
            ).format(**self._sql),
            (
                [r.position for r in chunk],
                [r.originator_id for r in chunk],
                [r.version for r in chunk],
                [r.topic for r in chunk],
                [r.state for r in chunk],
            ),
        )
        curs.execute(
            SQL(
                "INSERT INTO {schema}.{links} (notification_id, link)"
                " SELECT * FROM unnest(%s::bigint[], %s::bytea[])"
            ).format(**self._sql),
            ([r.position for r in chunk], [r.link for r in chunk]),
        )
