"""Fixtures shared by the whole suite: where a test ledger lives, on each storage backend.

The PostgreSQL half runs against the server on 127.0.0.1:5432 (override with
LEDGER_TEST_POSTGRES). Each test gets its own schema, dropped afterwards. Where the server is
not reachable the PostgreSQL tests skip, except in CI (CI=true, as .ci/run sets it), where
they fail loudly.

The storage tests outside tests/shared take `backend` ("sqlite" or "postgres") and ask a
`Places` for each new ledger they need: a file under a folder, or a `test_<uuid>` schema of
its own that is dropped when the fixture that made it ends.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

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


BACKENDS = ["sqlite", "postgres"]


def new_schema_url(server: str) -> str:
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}schema=test_{uuid.uuid4().hex[:12]}"


def drop_schema(url: str) -> None:
    from urllib.parse import parse_qs, urlsplit

    schema = parse_qs(urlsplit(url).query)["schema"][0]
    with _connect() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def is_postgres_url(db: str | Path) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


class Places:
    """New, empty places for ledgers on one backend: `new("name")` is a file `name.db` in
    `folder`, or the URL of a schema no other test uses; `close()` drops every schema made."""

    def __init__(self, backend: str, folder: Path, server: str | None = None) -> None:
        self.backend = backend
        self.folder = folder
        self.server = server
        self.schemas: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def postgres(self) -> bool:
        return self.backend == "postgres"

    def new(self, name: str = "ledger") -> str:
        if self.server is None:
            return str(self.folder / f"{name}.db")
        url = new_schema_url(self.server)
        self.schemas.append(url)
        return url

    def copy(self, source: str, name: str = "copy") -> str:
        """A new ledger holding the very events (positions, links, recorded times) of the
        ledger at `source`, on this backend, its read models caught up."""
        from ledger.app import Ledger
        from ledger.location import Location
        from ledger.transfer import export_lines

        target = self.new(name)
        src = Ledger(Location.parse(source), actor="copier", follow=False)
        try:
            lines = [line.encode("utf-8") for line in export_lines(src)]
        finally:
            src.close()
        dst = Ledger(Location.parse(target), actor="copier", create=True)
        try:
            dst.import_log(lines)
        finally:
            dst.close()
        return target

    def close(self) -> None:
        while self.schemas:
            drop_schema(self.schemas.pop())


@pytest.fixture(scope="session")
def _session_views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The read models of every shared ledger made by a `Places`, never in the user's cache
    (each file is named after its ledger's URL, and every schema is new). A test that sets
    LEDGER_VIEWS_DIR itself (monkeypatch) still has its own."""
    folder = tmp_path_factory.mktemp("pg-views")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LEDGER_VIEWS_DIR", str(folder))
        yield folder


def only_on(*backends: str) -> pytest.MarkDecorator:
    """For a test about one backend alone (the bytes of a SQLite file, a PostgreSQL table):
    `backend` is that one, at the scope the `backend` fixture has."""
    return pytest.mark.parametrize("backend", backends, scope="session")


def on_backends(
    argnames: str, sqlite: list[object], postgres: list[object]
) -> pytest.MarkDecorator:
    """Cases of a test on each backend, where the PostgreSQL half runs fewer of them (those
    about parsing rather than storing, say): `argnames` without "backend", the values given
    as for `pytest.mark.parametrize`."""
    names = ["backend", *(n.strip() for n in argnames.split(","))]

    def rows(backend: str, values: list[object]) -> list[object]:
        single = len(names) == 2
        return [
            pytest.param(backend, *([v] if single else v), id=f"{backend}-{v}" if single else None)
            for v in values
        ]

    return pytest.mark.parametrize(
        names, rows("sqlite", sqlite) + rows("postgres", postgres), scope="session"
    )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend under test; the PostgreSQL half needs the server (see above)."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_server")
        request.getfixturevalue("_session_views")
    return str(request.param)


@pytest.fixture
def places(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Places]:
    """New ledgers on `backend` for one test (also where a test names its backend itself,
    with `@pytest.mark.parametrize("backend", ["postgres"])`)."""
    server = None
    if backend == "postgres":
        server = request.getfixturevalue("postgres_server")
        request.getfixturevalue("_session_views")
    made = Places(backend, tmp_path, server)
    yield made
    made.close()


def module_places(
    backend: str, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[Places]:
    """The same, for a module- or session-scoped fixture that takes `backend` (which has made
    sure of the server): `yield from module_places(…)`."""
    server = POSTGRES if backend == "postgres" else None
    made = Places(backend, tmp_path_factory.mktemp(name), server)
    yield made
    made.close()
