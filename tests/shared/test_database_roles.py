"""The database roles the README documents for a shared ledger: a writer (a secretariat
officer) who can record but never change or remove what is recorded, and an auditor who can
only read. Run as the superuser after `ledger --db URL init`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from .conftest import (
    Cli,
    assert_refused,
    cli_for,
    opened,
    pg_connect,
    schema_of,
    stored_positions,
    walk_through,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_roles_sql() -> str:
    """The roles exactly as the README's shared-mode page gives them (its one SQL block, for
    a schema `asp`, roles officer1 and auditor1), as a template: {schema}, {writer} and
    {auditor} are identifiers (quote them if they need it)."""
    page = README.read_text("utf-8").split("## Shared mode (PostgreSQL)", 1)[1].split("\n## ")[0]
    (block,) = re.findall(r"```sql\n(.*?)```", page, flags=re.DOTALL)
    block = block.replace("{", "{{").replace("}", "}}")
    for name, field in [("asp", "schema"), ("officer1", "writer"), ("auditor1", "auditor")]:
        block = re.sub(rf"\b{name}\b", f"{{{field}}}", block)
    return block


ROLES_SQL = readme_roles_sql()

# What one would try first, and why it is not enough: without UPDATE, DELETE or TRUNCATE the
# writer cannot take the lock every insert takes.
SELECT_INSERT_ONLY_SQL = """
CREATE ROLE {writer} LOGIN;
GRANT USAGE ON SCHEMA {schema} TO {writer};
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {schema} TO {writer};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {writer};
CREATE ROLE {auditor} LOGIN;
"""


@dataclass
class Roles:
    url: str  # the superuser's
    writer: str
    auditor: str
    tmp: Path

    def as_role(self, role: str) -> str:
        parts = urlsplit(self.url)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(parts._replace(netloc=f"{role}@{host}"))

    def cli(self, role: str) -> Cli:
        return cli_for(self.as_role(role), self.tmp, role)

    def connect(self, role: str) -> psycopg.Connection:
        parts = urlsplit(self.as_role(role))
        return psycopg.connect(urlunsplit(parts._replace(query="")), autocommit=True)


def _create_roles(postgres_url: str, tmp_path: Path, sql: str) -> Iterator[Roles]:
    with opened(postgres_url, create=True) as led:
        walk_through(led)
    tag = uuid.uuid4().hex[:10]
    roles = Roles(postgres_url, f"ledger_writer_{tag}", f"ledger_auditor_{tag}", tmp_path)
    names = {"schema": f'"{schema_of(postgres_url)}"', "writer": roles.writer}
    names["auditor"] = roles.auditor
    try:
        with pg_connect(postgres_url) as conn:
            conn.execute(sql.format(**names))
        yield roles
    finally:
        with pg_connect(postgres_url) as conn:
            for role in (roles.writer, roles.auditor):
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                if exists.fetchone():
                    conn.execute(f'DROP OWNED BY "{role}"')
                    conn.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def roles(postgres_url: str, tmp_path: Path) -> Iterator[Roles]:
    """A shared ledger holding the walk-through, and the two roles the README gives."""
    yield from _create_roles(postgres_url, tmp_path, ROLES_SQL)


def test_the_readme_gives_both_roles_for_one_schema() -> None:
    """What the fixture runs is the README's block, names filled in, and nothing else."""
    for line in [
        "CREATE ROLE {writer} LOGIN PASSWORD '…';",
        "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {schema} TO {writer};",
        "GRANT TRUNCATE ON {schema}.ledger_events TO {writer};",
        "CREATE ROLE {auditor} LOGIN PASSWORD '…';",
        "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {auditor};",
    ]:
        assert line in ROLES_SQL.splitlines(), line
    statements = [x for x in ROLES_SQL.splitlines() if x and not x.startswith("--")]
    assert not [x for x in statements if "officer1" in x or "auditor1" in x or " asp" in x]


def test_the_writer_records(roles: Roles) -> None:
    before = stored_positions(roles.url)
    writer = roles.cli(roles.writer)
    writer("person", "add", "Abe Kebe", "--handle", "abe")
    writer("mandate", "start", "asp-chair", "abe", "--from", "2024-05-04")
    assert len(stored_positions(roles.url)) == len(before) + 2
    events = writer.events()
    assert [e["entity"] for e in events[-2:]] == ["abe", "asp-chair"]
    writer("verify")


@pytest.mark.parametrize("role", ["writer", "auditor"])
def test_init_by_an_officer_on_the_shared_ledger_says_it_is_there(roles: Roles, role: str) -> None:
    """`ledger init` on a ledger that exists only says so, for the superuser who made it
    (tests/acceptance) and for anyone allowed to use it, who may create nothing."""
    before = stored_positions(roles.url)
    out = roles.cli(getattr(roles, role))("init").out
    assert "already exists" in out and f"({len(before)} events)" in out
    assert stored_positions(roles.url) == before


def test_the_writer_can_neither_change_nor_remove_what_is_recorded(roles: Roles) -> None:
    before = stored_positions(roles.url)
    forbidden = [
        ("UPDATE {s}.ledger_events SET state = state", psycopg.errors.InsufficientPrivilege),
        ("DELETE FROM {s}.ledger_events", psycopg.errors.InsufficientPrivilege),
        ("UPDATE {s}.event_links SET link = link", psycopg.errors.InsufficientPrivilege),
        ("DELETE FROM {s}.event_links", psycopg.errors.InsufficientPrivilege),
        ("TRUNCATE {s}.event_links", psycopg.errors.InsufficientPrivilege),
        ("TRUNCATE {s}.ledger_events", psycopg.errors.RaiseException),
        (
            "ALTER TABLE {s}.ledger_events DISABLE TRIGGER ledger_events_append_only",
            psycopg.errors.InsufficientPrivilege,
        ),
        ("DROP TABLE {s}.ledger_events", psycopg.errors.InsufficientPrivilege),
    ]
    with roles.connect(roles.writer) as conn:
        for statement, error in forbidden:
            with pytest.raises(error):
                conn.execute(statement.format(s=f'"{schema_of(roles.url)}"'))
    assert stored_positions(roles.url) == before
    roles.cli(roles.writer)("verify")


def test_the_auditor_reads(roles: Roles) -> None:
    auditor = roles.cli(roles.auditor)
    held = auditor.json("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json")
    assert [h["holder"] for h in held] == ["gina-nilo"]
    assert len(auditor.events()) == len(stored_positions(roles.url))
    assert "verified" in auditor("verify").out
    auditor("verify", "--head", auditor.head()[1])
    auditor.json("governance", "--as-of", "2024-05-04", "--format", "json")


@pytest.mark.parametrize(
    "command",
    [
        ("person", "add", "Abe Kebe", "--handle", "abe"),
        ("mandate", "start", "asp-chair", "gina-nilo", "--from", "2025-01-01"),
        ("correct", "mandate", "asp-chair", "gina-nilo", "--from", "2021-06-01", "--reason", "x"),
    ],
    ids=["new-entity", "existing-entity", "correction"],
)
def test_an_auditor_write_is_one_error_line_and_records_nothing(
    roles: Roles, command: tuple[str, ...]
) -> None:
    before = stored_positions(roles.url)
    auditor = roles.cli(roles.auditor)
    head = auditor.head()
    assert_refused(auditor(*command, ok=False), "permission denied")
    assert stored_positions(roles.url) == before
    assert auditor.head() == head


def test_the_auditor_can_neither_add_change_nor_remove(roles: Roles) -> None:
    before = stored_positions(roles.url)
    s = f'"{schema_of(roles.url)}"'
    with roles.connect(roles.auditor) as conn:
        for statement in [
            f"UPDATE {s}.ledger_events SET state = state",
            f"DELETE FROM {s}.ledger_events",
            f"UPDATE {s}.event_links SET link = link",
            f"DELETE FROM {s}.event_links",
            f"TRUNCATE {s}.ledger_events",
            f"INSERT INTO {s}.event_links VALUES (1000, '\\x00')",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert stored_positions(roles.url) == before


def test_select_and_insert_alone_cannot_record_and_say_so_in_one_line(
    postgres_url: str, tmp_path: Path
) -> None:
    """Why ROLES_SQL grants TRUNCATE: without it the writer's insert cannot take its lock."""
    for roles in _create_roles(postgres_url, tmp_path, SELECT_INSERT_ONLY_SQL):
        before = stored_positions(roles.url)
        refused = roles.cli(roles.writer)("person", "add", "Abe Kebe", "--handle", "abe", ok=False)
        assert_refused(refused, "permission denied", "ledger_events")
        assert stored_positions(roles.url) == before
