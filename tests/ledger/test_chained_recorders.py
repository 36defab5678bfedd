"""The chained recorders pass eventsourcing's own ApplicationRecorderTestCase, on SQLite and
on PostgreSQL, and every event those tests write is linked: the chain verifies afterwards.

The library's test cases write events the way any application would (single inserts,
concurrent threads), so the links written in each insert's own transaction are exercised by
code we did not write.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase

from ledger.chain import ChainedSQLiteRecorder
from ledger.chain_postgres import ChainedPostgresRecorder
from ledger.verify import verify_chain
from tests.conftest import POSTGRES, in_ci


class TestChainedSQLiteRecorder(ApplicationRecorderTestCase[ChainedSQLiteRecorder]):
    def setUp(self) -> None:
        self.path = Path(tempfile.mkdtemp()) / "events.db"
        self.recorders: list[ChainedSQLiteRecorder] = []

    def tearDown(self) -> None:
        for recorder in self.recorders:
            # Whatever the library's test wrote, the chain over it verifies.
            verdict = verify_chain(recorder)
            assert verdict.ok, verdict.problem
            recorder.datastore.close()

    def create_recorder(self) -> ChainedSQLiteRecorder:
        recorder = ChainedSQLiteRecorder(SQLiteDatastore(str(self.path), lock_timeout=30))
        recorder.create_table()
        self.recorders.append(recorder)
        return recorder

    def test_performance(self) -> None:
        pytest.skip("timings belong in bench/, not in the test suite")

    def test_concurrent_throughput(self) -> None:
        pytest.skip("timings belong in bench/, not in the test suite")


def _postgres_reachable() -> bool:
    try:
        with psycopg.connect(POSTGRES, connect_timeout=5):
            return True
    except psycopg.Error:
        return False


class TestChainedPostgresRecorder(ApplicationRecorderTestCase[ChainedPostgresRecorder]):
    EXPECT_CONTIGUOUS_NOTIFICATION_IDS = False  # a rolled-back insert consumes an id

    def setUp(self) -> None:
        if not _postgres_reachable():
            if in_ci():
                pytest.fail(f"PostgreSQL is not reachable at {POSTGRES} (CI must run it)")
            pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}")
        self.schema = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{self.schema}"')
        self.recorders: list[ChainedPostgresRecorder] = []

    def tearDown(self) -> None:
        for recorder in self.recorders:
            verdict = verify_chain(recorder)
            assert verdict.ok, verdict.problem
            recorder.datastore.close()
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def create_recorder(self) -> ChainedPostgresRecorder:
        info = psycopg.conninfo.conninfo_to_dict(POSTGRES)
        datastore = PostgresDatastore(
            dbname=str(info["dbname"]),
            host=str(info.get("host", "127.0.0.1")),
            port=str(info.get("port", 5432)),
            user=str(info.get("user", "postgres")),
            password=str(info.get("password", "")),
            schema=self.schema,
            pool_size=4,
            max_overflow=4,
        )
        recorder = ChainedPostgresRecorder(datastore, events_table_name="ledger_events")
        recorder.create_table()
        self.recorders.append(recorder)
        return recorder

    def test_performance(self) -> None:
        pytest.skip("timings belong in bench/, not in the test suite")

    def test_concurrent_throughput(self) -> None:
        pytest.skip("timings belong in bench/, not in the test suite")


del ApplicationRecorderTestCase  # so that pytest does not collect the abstract base
