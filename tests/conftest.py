"""Fixtures shared by the whole suite: where a test ledger lives, on each storage backend.

The PostgreSQL half runs against the server on 127.0.0.1:5432 (override with
LEDGER_TEST_POSTGRES). Each test gets its own schema, dropped afterwards. Where the server is
not reachable the PostgreSQL tests skip, except in CI (CI=true, as .ci/run sets it), where
they fail loudly.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POSTGRES = os.environ.get("LEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def in_ci() -> bool:
    """CI=true (GitHub, GitLab and most others), or 1/yes."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _connect() -> object:
    import psycopg

    return psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The base URL of a reachable PostgreSQL server."""
    try:
        with _connect():  # type: ignore[attr-defined]
            pass
    except Exception as e:
        message = f"PostgreSQL is not reachable at {POSTGRES}: {e}"
        if in_ci():
            pytest.fail(message + " (CI must run the PostgreSQL half, not skip it)")
        pytest.skip(message)
    return POSTGRES


@pytest.fixture
def postgres_url(
    postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A ledger URL in a schema of its own, dropped when the test ends; its read models go
    under tmp_path, never into the user's cache."""
    monkeypatch.setenv("LEDGER_VIEWS_DIR", str(tmp_path / "views"))
    schema = f"test_{uuid.uuid4().hex[:12]}"
    separator = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{separator}schema={schema}"
    with _connect() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A place for a new ledger on each backend: a file, or a PostgreSQL schema. Read
    models of a shared ledger go under tmp_path too."""
    monkeypatch.setenv("LEDGER_VIEWS_DIR", str(tmp_path / "views"))
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("postgres_url")
    return url
