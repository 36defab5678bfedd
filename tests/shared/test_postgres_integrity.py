"""Tampering with a shared ledger behind the ledger's back, with plain SQL as the database's
superuser, and what `ledger verify` makes of it; and the guard that keeps an event from being
committed without its link (eventsourcing commits when a hook raises a plain Python error after
the insert: pitfall 1 of notes/hash-chain.md)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

import ledger.chain
import ledger.chain_postgres
from domain.holders import HolderKind

from .conftest import (
    Cli,
    assert_refused,
    cli_for,
    is_postgres,
    opened,
    pg_connect,
    pg_rows,
    schema_of,
    server_of,
    stored_positions,
    walk_through,
)

EVENTS = 8


@pytest.fixture
def shared(postgres_url: str, tmp_path: Path) -> Cli:
    """A shared ledger of EVENTS events: the walk-through and two more people."""
    with opened(postgres_url, create=True) as led:
        walk_through(led)
        led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        led.add_holder("Rosa Vargas", HolderKind.PERSON, handle="rosa")
        assert led.head_position() == EVENTS
    return cli_for(postgres_url, tmp_path)


def execute(url: str, *statements: str) -> list[int]:
    """Run `statements` (with `{s}` the ledger's schema) in ONE transaction; their rowcounts."""
    counts = []
    with pg_connect(url, autocommit=False) as conn:
        for statement in statements:
            counts.append(conn.execute(statement.format(s=f'"{schema_of(url)}"')).rowcount)
    return counts


def links(url: str) -> list[int]:
    return [r[0] for r in pg_rows(url, "SELECT notification_id FROM {s}.event_links ORDER BY 1")]


def test_an_edited_event_is_caught_at_its_position(shared: Cli) -> None:
    shared("verify")
    edited = execute(
        shared.url,
        "UPDATE {s}.ledger_events SET state = convert_to(replace(convert_from(state, 'UTF8'),"
        " '2021-05-04', '2021-05-05'), 'UTF8') WHERE notification_id = 4",
    )
    assert edited == [1]
    assert_refused(shared("verify", ok=False), "chain broken", "position 4")


def test_an_edited_link_is_caught_at_its_position(shared: Cli) -> None:
    forged = hashlib.sha256(b"forged").hexdigest()
    edited = execute(
        shared.url,
        f"UPDATE {{s}}.event_links SET link = '\\x{forged}'::bytea WHERE notification_id = 5",
    )
    assert edited == [1]
    assert_refused(shared("verify", ok=False), "chain broken", "position 5")


@pytest.mark.parametrize("deleted", [4, EVENTS], ids=["in-the-middle", "the-last"])
def test_a_deleted_event_is_named_by_verify(shared: Cli, deleted: int) -> None:
    """Deleting an event leaves its link (nothing stops it: the foreign key runs from the
    events to the links), and that link names the position that was deleted."""
    assert execute(shared.url, f"DELETE FROM {{s}}.ledger_events WHERE notification_id = {deleted}")
    assert deleted not in stored_positions(shared.url)
    assert deleted in links(shared.url)
    assert_refused(shared("verify", ok=False), "chain broken", f"position {deleted} ")


def test_a_link_cannot_be_deleted_while_its_event_stands(shared: Cli) -> None:
    """The deferred foreign key from every event to its link refuses the commit."""
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        execute(shared.url, "DELETE FROM {s}.event_links WHERE notification_id = 4")
    assert links(shared.url) == list(range(1, EVENTS + 1))
    shared("verify")


def test_a_cut_tail_passes_alone_but_not_against_the_kept_head(shared: Cli) -> None:
    kept_position, kept = shared.head()
    assert kept_position == EVENTS
    # Events first, then their links, in one transaction: the deferred key is checked at
    # the commit, when neither is left.
    deleted = execute(
        shared.url,
        "DELETE FROM {s}.ledger_events WHERE notification_id > 6",
        "DELETE FROM {s}.event_links WHERE notification_id > 6",
    )
    assert deleted == [2, 2]
    # What is left is a consistent, shorter chain: only a head kept elsewhere shows the cut.
    assert "verified 6 events" in shared("verify").out
    refused = shared("verify", "--head", kept, ok=False)
    assert_refused(refused, "chain broken", kept, "position 6", "cut")
    assert shared.head()[0] == 6


def test_a_head_kept_earlier_still_verifies_after_more_events(shared: Cli) -> None:
    earlier = shared.events()[4]["link"]
    shared("verify", "--head", earlier)


# --- the guard ---------------------------------------------------------------------------------


def _raise(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("injected: the link could not be computed")


def break_link_writes(patched: pytest.MonkeyPatch) -> None:
    """From now on the recorders raise a plain Python error after the events' insert, where
    the links are computed (both recorders call `chain_links` there)."""
    patched.setattr(ledger.chain_postgres, "chain_links", _raise)
    patched.setattr(ledger.chain, "chain_links", _raise)


def assert_every_event_has_its_link(url: str) -> None:
    if is_postgres(url):
        unlinked = pg_rows(
            url,
            "SELECT e.notification_id FROM {s}.ledger_events e"
            " LEFT JOIN {s}.event_links l USING (notification_id) WHERE l.link IS NULL",
        )
        assert unlinked == [], f"events committed without their link: {unlinked}"


def test_an_event_is_never_committed_without_its_link(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with opened(ledger_url, create=True) as led:
        led.add_holder("Gina Nilo", HolderKind.PERSON, handle="gina-nilo")
        before = (led.head(), stored_positions(ledger_url))
        with monkeypatch.context() as patched:
            break_link_writes(patched)
            with pytest.raises(Exception):  # noqa: B017 - any failure, as long as it fails
                led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        assert_every_event_has_its_link(ledger_url)
        assert (led.head(), stored_positions(ledger_url)) == before
        assert led.verify().ok

        # Nothing was recorded, so the same command now goes through, on the same chain.
        led.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
        assert led.verify().ok
        assert [e.entity for e in led.audit_log()] == ["gina-nilo", "abe"]


def _guards(url: str, schema: str) -> list[tuple[Any, ...]]:
    return pg_rows(
        url,
        "SELECT c.condeferrable, c.condeferred, c.confrelid::regclass::text"
        " FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = %s::regclass",
        f'"{schema}".ledger_events',
    )


@pytest.fixture
def another_ledger(postgres_url: str) -> Iterator[str]:
    """A second, initialised ledger in the same database as `postgres_url` (another schema)."""
    other = f"test_{uuid.uuid4().hex[:12]}"
    other_url = f"{server_of(postgres_url)}?schema={other}"
    try:
        with opened(other_url, create=True):
            pass
        yield other_url
    finally:
        with pg_connect(postgres_url) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{other}" CASCADE')


def test_every_ledger_schema_gets_its_own_guard(postgres_url: str, another_ledger: str) -> None:
    """Two ledgers in one database (two schemas): each has the deferred foreign key from its
    events to its own links, whichever was made first."""
    with opened(postgres_url, create=True):
        pass
    for url in (another_ledger, postgres_url):
        schema = schema_of(url)
        assert _guards(url, schema) == [(True, True, f"{schema}.event_links")], schema


def test_the_guard_holds_in_the_second_ledger_of_a_database(
    postgres_url: str, another_ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above, as the failure it prevents."""
    with opened(postgres_url, create=True) as led:
        with monkeypatch.context() as patched:
            break_link_writes(patched)
            with pytest.raises(Exception):  # noqa: B017
                led.add_holder("Gina Nilo", HolderKind.PERSON, handle="gina-nilo")
        assert_every_event_has_its_link(postgres_url)
        assert stored_positions(postgres_url) == []


def test_after_a_failed_link_the_chain_goes_on_over_the_gap(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A rolled-back insert consumes sequence numbers: the next event links over the gap."""
    with opened(postgres_url, create=True) as led:
        led.add_holder("Gina Nilo", HolderKind.PERSON, handle="gina-nilo")
        with monkeypatch.context() as patched:
            break_link_writes(patched)
            with pytest.raises(Exception):  # noqa: B017
                led.add_body("Plenary", handle="plenary")
        assert_every_event_has_its_link(postgres_url)
        led.add_body("Plenary", handle="plenary")
        positions = stored_positions(postgres_url)
        assert len(positions) == 2 and positions[1] > 2, positions
        assert led.verify().ok
        assert [e.entity for e in led.audit_log()] == ["gina-nilo", "plenary"]
        assert [b.body.body for b in led.governance_on(date(2024, 1, 1)).bodies] == ["plenary"]
    # `verify` counts the events it verified, not the positions up to the head.
    verified = cli_for(postgres_url, tmp_path)("verify").out
    assert verified.startswith(f"verified 2 events; head {positions[1]} "), verified
