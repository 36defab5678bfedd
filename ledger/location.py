"""Where a ledger lives: one SQLite file (embedded), or a PostgreSQL database shared by several
officers; and where its read models live, always local SQLite files.

A location knows how to configure eventsourcing's persistence for itself and how to tell,
before opening anything, whether a ledger is there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

import platformdirs
from eventsourcing.utils import get_topic

from ledger.errors import CannotConnect, NoAccess, NoLedger, NotALedger, UnsupportedLocation

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

APP_NAME = "partnership-ledger"
LINKS_TABLE = "event_links"
PG_EVENTS_TABLE = "ledger_events"


def default_db() -> str:
    """`$LEDGER_DB`, else `ledger.db` in the user's data directory."""
    configured = os.environ.get("LEDGER_DB")
    if configured:
        return configured
    return str(platformdirs.user_data_path(APP_NAME) / "ledger.db")


def demo_db() -> str:
    """The demo's own file: the demo never writes into the user's default ledger."""
    return str(platformdirs.user_data_path(APP_NAME) / "demo-asp-viii.db")


class Location:
    """Base of the two kinds of place a ledger can live."""

    @staticmethod
    def parse(db: str) -> Location:
        if db.startswith(("postgresql://", "postgres://")):
            return PostgresLocation.from_url(db)
        if "://" in db:
            raise UnsupportedLocation(db)
        return FileLocation(Path(db).expanduser())

    def env(self, *, create: bool) -> dict[str, str]:
        raise NotImplementedError

    def view(self, name: str) -> Path:
        raise NotImplementedError

    def check_is_ledger(self) -> None:
        raise NotImplementedError

    def prepare(self) -> None:
        """Make room for a new ledger (a directory, a schema)."""


@dataclass(frozen=True)
class FileLocation(Location):
    """An embedded ledger: `asp.db` holds the events, `asp.governance.db` the governance view."""

    events: Path

    def env(self, *, create: bool) -> dict[str, str]:
        from ledger.chain import ChainedSQLiteRecorder

        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(self.events),
            # A busy ledger makes a writer wait rather than fail.
            "SQLITE_LOCK_TIMEOUT": "30",
            "CREATE_TABLE": "yes" if create else "no",
            "APPLICATION_RECORDER_TOPIC": get_topic(ChainedSQLiteRecorder),
        }

    def view(self, name: str) -> Path:
        suffix = self.events.suffix or ".db"
        return self.events.with_name(f"{self.events.stem}.{name}{suffix}")

    def prepare(self) -> None:
        self.events.parent.mkdir(parents=True, exist_ok=True)

    def check_is_ledger(self) -> None:
        """Look read-only first: eventsourcing's pool would switch any SQLite file to WAL,
        and a file that is not a database fails outside its error translation."""
        if not self.events.exists():
            raise NoLedger(str(self))
        try:
            with contextlib.closing(
                sqlite3.connect(f"{self.events.resolve().as_uri()}?mode=ro", uri=True)
            ) as db:
                tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as e:
            raise NotALedger(str(self), str(e)) from e
        missing = {"stored_events", LINKS_TABLE} - tables
        if missing:
            raise NotALedger(str(self), f"no {', '.join(sorted(missing))} table")

    def __str__(self) -> str:
        return str(self.events)


@dataclass(frozen=True)
class PostgresLocation(Location):
    """A shared ledger in PostgreSQL (`postgresql://user@host:port/db?schema=s`), through
    eventsourcing's own PostgreSQL persistence. Each user's read models are local SQLite
    files (in `$LEDGER_VIEWS_DIR`, else the user's cache directory) that follow the shared
    log exactly once."""

    host: str
    port: int
    dbname: str
    user: str
    password: str
    schema: str

    @classmethod
    def from_url(cls, url: str) -> PostgresLocation:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            # No database named: say so without echoing a password given in the URL.
            shown = (
                parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]) if parts.password else parts
            )
            raise UnsupportedLocation(shown.geturl())
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            dbname=dbname,
            user=unquote(parts.username or os.environ.get("PGUSER", "") or _os_user()),
            password=unquote(parts.password or os.environ.get("PGPASSWORD", "")),
            schema=query.get("schema", ["public"])[0],
        )

    def env(self, *, create: bool) -> dict[str, str]:
        from ledger.chain_postgres import ChainedPostgresRecorder

        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "4",
            # Writers queue for the events table's lock rather than fail at once.
            "POSTGRES_LOCK_TIMEOUT": "30",
            "CREATE_TABLE": "yes" if create else "no",
            "APPLICATION_RECORDER_TOPIC": get_topic(ChainedPostgresRecorder),
        }

    def view(self, name: str) -> Path:
        folder = Path(os.environ.get("LEDGER_VIEWS_DIR") or platformdirs.user_cache_path(APP_NAME))
        folder.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256(str(self).encode()).hexdigest()[:16]
        return folder / f"pg-{key}.{name}.db"

    def connect(self) -> Any:
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            dbname=self.dbname,
            user=self.user,
            password=self.password or None,
            connect_timeout=10,
            autocommit=True,
        )

    def prepare(self) -> None:
        import psycopg
        from psycopg import sql

        with self._connection() as conn:
            try:
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
                )
            except psycopg.errors.InsufficientPrivilege as e:
                raise NoAccess(str(self), self.user, create=True) from e
            except psycopg.Error as e:
                raise NotALedger(str(self), _first_line(e), kind="ledger") from e

    def check_is_ledger(self) -> None:
        """Look in the catalog, which every role may read: a schema or tables this role may
        not use are a matter of rights, not a missing ledger."""
        with self._connection() as conn:
            schema = conn.execute(
                "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = %s",
                (self.schema,),
            ).fetchone()
            rows = conn.execute(
                "SELECT c.relname, has_table_privilege(c.oid, 'SELECT') FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
                (self.schema,),
            ).fetchall()
        tables = {r[0]: r[1] for r in rows}
        if schema is None or PG_EVENTS_TABLE not in tables:
            raise NoLedger(str(self))
        if LINKS_TABLE not in tables:
            raise NotALedger(str(self), f"no {LINKS_TABLE} table", kind="ledger")
        if not (schema[0] and tables[PG_EVENTS_TABLE] and tables[LINKS_TABLE]):
            raise NoAccess(str(self), self.user)

    @contextlib.contextmanager
    def _connection(self) -> Iterator[Any]:
        """A connection, or one `cannot connect` refusal saying why there is none."""
        import psycopg

        try:
            conn = self.connect()
        except psycopg.Error as e:
            raise CannotConnect(str(self), _first_line(e)) from e
        with conn:
            try:
                yield conn
            except psycopg.OperationalError as e:  # the server went away meanwhile
                raise CannotConnect(str(self), _first_line(e)) from e

    def __str__(self) -> str:
        """The URL without its password, safe to print and to key local files by."""
        user = f"{self.user}@" if self.user else ""
        schema = "" if self.schema == "public" else f"?schema={self.schema}"
        return f"postgresql://{user}{self.host}:{self.port}/{self.dbname}{schema}"


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):
        return ""
