"""The Ledger application on a real store, a SQLite file or a PostgreSQL schema (`backend`):
where events and the read model live, how a ledger is opened (or refused), what a refused
command leaves behind, rebuilding the read model, several instances on one ledger, and retries
on a concurrent change. What is about the SQLite file itself (its tables, its journal mode, a
file that is not a ledger) runs on SQLite alone, with its PostgreSQL counterpart beside it."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

import ledger.core
from domain.errors import DuplicateHandle, RuleBroken, SeatsFull, UnknownHandle
from domain.holders import HolderKind
from domain.offices import Office
from domain.recorded import entity_id
from ledger.app import Ledger
from ledger.errors import NoLedger, NotALedger, ReadOnly, TooManyConflicts
from ledger.events import LoggedEvent
from ledger.location import Location
from ledger.mapper import MapperValidationError
from tests.conftest import Places, only_on

D2020 = date(2020, 1, 1)
D2021 = date(2021, 1, 1)
D2022 = date(2022, 1, 1)

OpenLedger = Callable[..., Ledger]
# About one backend's own storage (the SQLite file, the PostgreSQL schema): that backend only.
SQLITE_ONLY = only_on("sqlite")
POSTGRES_ONLY = only_on("postgres")


@pytest.fixture
def where(places: Places) -> str:
    """The place of the test's ledger: `l.db` in tmp_path, or a schema of its own."""
    return places.new("l")


@pytest.fixture
def path(where: str, backend: str) -> Path:
    """The ledger's file, for the tests about the SQLite file."""
    assert backend == "sqlite"
    return Path(where)


@pytest.fixture
def open_ledger(where: str) -> Iterator[OpenLedger]:
    """Opens ledgers at `where` (or elsewhere) and closes them all after the test."""
    opened: list[Ledger] = []

    def opener(other: Path | str | None = None, **kw: Any) -> Ledger:
        kw.setdefault("actor", "tester")
        instance = Ledger(Location.parse(str(other or where)), **kw)
        opened.append(instance)
        return instance

    yield opener
    for instance in reversed(opened):
        instance.close()


@pytest.fixture
def led(open_ledger: OpenLedger) -> Ledger:
    """A ledger with two people, a plenary, a one-seat chair held by Gina from 2020 to 2022,
    and Gina a member of the plenary from 2020."""
    instance = open_ledger(create=True)
    instance.add_holder("Gina Nilo", HolderKind.PERSON, handle="gina", country="TH")
    instance.add_holder("Abe Kebe", HolderKind.PERSON, handle="abe")
    instance.add_body("Plenary", handle="plenary")
    instance.add_office("Chair", handle="chair", body="plenary")
    instance.start_mandate("chair", "gina", D2020, basis="elected")
    instance.add_member("plenary", "gina", D2020)
    instance.end_mandate("chair", "gina", D2022, reason="resigned")
    return instance


HISTORY = 7  # events recorded by `led`


def everything(instance: Ledger) -> Any:
    """All the read model tells, to compare before and after."""
    return (
        instance.governance.view.position(instance.name),
        [instance.governance_on(day) for day in (D2020, D2021, D2022)],
        [instance.holders("chair", known_at=k) for k in range(4, HISTORY + 1)],
    )


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0]


# --- where things are stored -----------------------------------------------------------------


def test_events_land_in_the_file_and_a_second_ledger_on_it_sees_them(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    assert led.head_position() == HISTORY
    other = open_ledger()
    assert other.head_position() == HISTORY
    assert other.holders("chair") == led.holders("chair")


def test_a_ledger_closed_and_reopened_keeps_its_events_and_read_model(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    before = everything(led)
    led.close()
    reopened = open_ledger()
    assert reopened.head_position() == HISTORY
    assert everything(reopened) == before


def test_creating_over_an_existing_ledger_keeps_it(led: Ledger, open_ledger: OpenLedger) -> None:
    again = open_ledger(create=True)
    assert again.head_position() == HISTORY
    assert again.holders("chair") == led.holders("chair")


def pg_tables(url: str) -> set[str]:
    import psycopg

    schema = Location.parse(url).schema  # type: ignore[attr-defined]
    with psycopg.connect(url.split("?", 1)[0], autocommit=True) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
    return {name for (name,) in rows}


@SQLITE_ONLY
def test_the_read_model_is_its_own_file_beside_the_events(led: Ledger, path: Path) -> None:
    view_path = path.with_name("l.governance.db")
    assert view_path.is_file()
    assert led.location.view("governance") == view_path
    # Table names are fixed in eventsourcing's SQLite schema, so the view must not share the
    # events' file: the events file holds the event store (and its hash-chain links) only.
    assert tables(path) == {"stored_events", "event_links"}
    view_tables = tables(view_path)
    assert {"tracking", "holders", "bodies", "offices", "mandates", "memberships"} <= view_tables
    assert "stored_events" not in view_tables


@POSTGRES_ONLY
def test_the_shared_schema_holds_the_events_and_the_read_model_is_a_local_file(
    led: Ledger, where: str
) -> None:
    view_path = led.location.view("governance")
    assert view_path.is_file()
    assert view_path.suffix == ".db"
    assert pg_tables(where) == {"ledger_events", "event_links"}
    view_tables = tables(view_path)
    assert {"tracking", "holders", "bodies", "offices", "mandates", "memberships"} <= view_tables


@SQLITE_ONLY
def test_the_event_store_and_the_read_model_are_in_wal_mode(led: Ledger, path: Path) -> None:
    assert journal_mode(path) == "wal"
    assert journal_mode(path.with_name("l.governance.db")) == "wal"


def test_persistence_is_the_backend_asked_for_not_the_silent_in_memory_default(
    led: Ledger, where: str, backend: str
) -> None:
    # The recorder is the ledger's own hash-chaining subclass (ledger.chain, chain_postgres)
    # of eventsourcing's recorder, so its module is no longer eventsourcing's; its factory's is.
    assert "popo" not in type(led.recorder).__module__
    if backend == "sqlite":
        assert isinstance(led.recorder, SQLiteApplicationRecorder)
        assert type(led.factory).__module__ == "eventsourcing.sqlite"
        assert led.recorder.datastore.pool.db_name == where
    else:
        assert isinstance(led.recorder, PostgresApplicationRecorder)
        assert type(led.factory).__module__ == "eventsourcing.postgres"
        assert led.recorder.datastore.schema == Location.parse(where).schema  # type: ignore[attr-defined]


# --- opening ---------------------------------------------------------------------------------


@SQLITE_ONLY
def test_opening_a_path_with_no_ledger_is_refused_and_creates_nothing(
    open_ledger: OpenLedger, tmp_path: Path
) -> None:
    missing = tmp_path / "missing" / "l.db"
    with pytest.raises(NoLedger):
        open_ledger(missing)
    assert not missing.parent.exists()


@POSTGRES_ONLY
def test_opening_a_schema_with_no_ledger_is_refused_and_creates_nothing(
    open_ledger: OpenLedger, where: str
) -> None:
    with pytest.raises(NoLedger):
        open_ledger(where)
    assert pg_tables(where) == set()
    assert not Location.parse(where).view("governance").exists()


@SQLITE_ONLY
def test_opening_a_text_file_is_refused_as_not_a_ledger(
    open_ledger: OpenLedger, tmp_path: Path
) -> None:
    text = tmp_path / "notes.db"
    text.write_text("minutes of the plenary\n")
    with pytest.raises(NotALedger):
        open_ledger(text)
    assert text.read_text() == "minutes of the plenary\n"
    assert not text.with_name("notes.governance.db").exists()


def make_sqlite_file(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()


@SQLITE_ONLY
@pytest.mark.parametrize(
    "statements",
    [(), ("CREATE TABLE minutes (body TEXT)", "INSERT INTO minutes VALUES ('quorum')")],
    ids=["empty", "another application's"],
)
def test_opening_a_sqlite_file_that_is_not_a_ledger_is_refused_and_creates_no_tables_in_it(
    open_ledger: OpenLedger, tmp_path: Path, statements: tuple[str, ...]
) -> None:
    other = tmp_path / "other.db"
    make_sqlite_file(other, *statements)
    before = tables(other)
    with pytest.raises(NotALedger):
        open_ledger(other)
    assert tables(other) == before
    assert not other.with_name("other.governance.db").exists()


@POSTGRES_ONLY
@pytest.mark.parametrize(
    "statements",
    [
        (),
        ("CREATE TABLE {s}.minutes (body TEXT)", "INSERT INTO {s}.minutes VALUES ('quorum')"),
        ("CREATE TABLE {s}.ledger_events (a TEXT)",),
    ],
    ids=["empty", "another application's", "an events table of another shape"],
)
def test_opening_a_schema_that_is_not_a_ledger_is_refused_and_creates_no_tables_in_it(
    open_ledger: OpenLedger, where: str, statements: tuple[str, ...]
) -> None:
    import psycopg

    schema = Location.parse(where).schema  # type: ignore[attr-defined]
    with psycopg.connect(where.split("?", 1)[0], autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        for statement in statements:
            conn.execute(statement.format(s=f'"{schema}"'))
    before = pg_tables(where)
    with pytest.raises((NoLedger, NotALedger)):
        open_ledger(where)
    assert pg_tables(where) == before
    assert not Location.parse(where).view("governance").exists()


@SQLITE_ONLY
def test_opening_a_sqlite_file_that_is_not_a_ledger_leaves_its_journal_mode_alone(
    open_ledger: OpenLedger, tmp_path: Path
) -> None:
    # WAL mode is persistent and changes how other programs may open the file (not on
    # read-only media or network shares): a file refused as not a ledger should not keep it.
    other = tmp_path / "other.db"
    make_sqlite_file(other, "CREATE TABLE minutes (body TEXT)")
    assert journal_mode(other) == "delete"
    with pytest.raises(NotALedger):
        open_ledger(other)
    assert journal_mode(other) == "delete"


# --- refusals ----------------------------------------------------------------------------------

WRITES: dict[str, Callable[[Ledger], Any]] = {
    "holder add": lambda x: x.add_holder("Cleo Dara", HolderKind.PERSON),
    "body add": lambda x: x.add_body("Steering Committee"),
    "office add": lambda x: x.add_office("Secretariat"),
    "mandate start": lambda x: x.start_mandate("chair", "abe", D2022),
    # Gina's mandate has already ended (an end is not moved; it is corrected): end Abe's.
    "mandate end": lambda x: (
        x.start_mandate("chair", "abe", date(2023, 1, 1)),
        x.end_mandate("chair", "abe", date(2024, 1, 1)),
    ),
    "member add": lambda x: x.add_member("plenary", "abe", D2021),
    "member remove": lambda x: x.remove_member("plenary", "gina", D2022),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_read_only_ledger_refuses_every_command_and_records_nothing(
    led: Ledger, open_ledger: OpenLedger, write: Callable[[Ledger], Any]
) -> None:
    write(open_ledger())  # each command is one the ledger accepts when writable
    head = led.head_position()
    reader = open_ledger(read_only=True)
    before = everything(reader)
    with pytest.raises(ReadOnly):
        write(reader)
    assert led.head_position() == head
    assert everything(reader) == before


REFUSED: dict[str, tuple[Callable[[Ledger], Any], type[RuleBroken]]] = {
    "a second holder of a one-seat office": (
        lambda x: x.start_mandate("chair", "abe", D2021),
        SeatsFull,
    ),
    "an unknown holder": (lambda x: x.start_mandate("chair", "nobody", D2022), UnknownHandle),
    "an office that is a body": (
        lambda x: x.start_mandate("plenary", "abe", D2022),
        UnknownHandle,
    ),
    "a handle already taken": (
        lambda x: x.add_office("Chair", handle="gina"),
        DuplicateHandle,
    ),
}


@pytest.mark.parametrize(("write", "rule"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_command_records_nothing(
    led: Ledger, write: Callable[[Ledger], Any], rule: type[RuleBroken]
) -> None:
    before = everything(led)
    with pytest.raises(rule):
        write(led)
    assert led.head_position() == HISTORY
    assert everything(led) == before


def test_an_event_with_a_value_of_the_wrong_type_is_not_stored(led: Ledger) -> None:
    chair = led.repository.get(entity_id("chair"))
    assert isinstance(chair, Office)
    chair._mandate_started(  # bypasses the rules, as a buggy command would
        number="three", holder="abe", start=D2022, end=None, acting=False, basis=None
    )
    with pytest.raises(MapperValidationError):
        led.save(chair)
    assert led.head_position() == HISTORY
    assert led.repository.get(entity_id("chair")).version == 3


# --- rebuilding and catching up ----------------------------------------------------------------


def test_rebuild_gives_the_same_governance_and_removes_no_events(led: Ledger) -> None:
    before = everything(led)
    log = list(led.audit_log())
    assert led.rebuild() == HISTORY
    assert led.head_position() == HISTORY
    assert list(led.audit_log()) == log
    assert everything(led) == before
    view = led.location.view("governance")
    assert view.is_file()
    assert not view.with_name(view.name + ".rebuilding").exists()
    # And the rebuilt view goes on being kept up.
    led.start_mandate("chair", "abe", D2022)
    assert [t.holder for t in led.holders("chair", as_of=D2022)] == ["abe"]


def test_a_ledger_catches_up_with_what_another_instance_recorded(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    other = open_ledger()
    other.start_mandate("chair", "abe", D2022)
    led.catch_up()
    assert [t.holder for t in led.holders("chair", as_of=D2022)] == ["abe"]
    assert led.head_position() == HISTORY + 1


def test_catch_up_applies_events_saved_without_bringing_the_view_up(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    other = open_ledger()
    # Application.save records without catching up: as a writer that stopped right after it.
    other.save(Office.create("secretariat", "Secretariat", seats=2))
    assert [o.office.office for o in led.governance_on(D2022).offices] == ["chair"]
    assert led.catch_up() == 1
    assert [o.office.office for o in led.governance_on(D2022).offices] == ["chair", "secretariat"]
    assert led.catch_up() == 0
    assert other.governance_on(D2022) == led.governance_on(D2022)


def test_opening_a_ledger_brings_its_read_model_up_to_the_head(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    led.save(Office.create("secretariat", "Secretariat"))
    fresh = open_ledger()
    assert fresh.governance.view.position(fresh.name) == HISTORY + 1
    assert fresh.kind_of("secretariat") == "office"


# --- concurrent writers ------------------------------------------------------------------------


def interleave(
    monkeypatch: pytest.MonkeyPatch, victim: Ledger, meanwhile: Callable[[], Any], times: int = 1
) -> list[int]:
    """Make `meanwhile` run after `victim` has loaded and decided but before it saves, on its
    first `times` saves; returns the list of `victim`'s save attempts."""
    attempts: list[int] = []
    real_save = victim.save

    def save(*aggregates: Any, **kw: Any) -> Any:
        attempts.append(len(attempts) + 1)
        if len(attempts) <= times:
            meanwhile()
        return real_save(*aggregates, **kw)

    monkeypatch.setattr(victim, "save", save)
    return attempts


def test_two_writers_racing_for_one_seat_give_one_holder_and_one_seats_full(
    led: Ledger, open_ledger: OpenLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = open_ledger(), open_ledger()
    a.add_holder("Cleo Dara", HolderKind.PERSON, handle="cleo")
    attempts = interleave(monkeypatch, b, lambda: a.start_mandate("chair", "cleo", D2022))
    with pytest.raises(SeatsFull):
        b.start_mandate("chair", "abe", D2022)
    # B's first save conflicted; its retry reloaded the office and the rule refused it.
    assert attempts == [1]
    b.catch_up()
    for x in (a, b, led):
        assert [t.holder for t in x.holders("chair", as_of=D2022)] == ["cleo"]
    started = [e for e in a.audit_log() if e.type == "Office.MandateStarted"]
    assert [e.payload["holder"] for e in started] == ["gina", "cleo"]


def test_a_writer_whose_save_conflicts_retries_and_records_when_the_rules_still_allow(
    led: Ledger, open_ledger: OpenLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = open_ledger(), open_ledger()
    a.add_office("Vice-Chair", handle="vice-chair", seats=2)
    attempts = interleave(monkeypatch, b, lambda: a.start_mandate("vice-chair", "gina", D2022))
    receipt = b.start_mandate("vice-chair", "abe", D2022)
    assert attempts == [1, 2]
    assert receipt.position == b.head_position()
    assert [t.holder for t in b.holders("vice-chair", as_of=D2022)] == ["gina", "abe"]
    started = [e for e in b.audit_log() if e.type == "Office.MandateStarted"]
    assert [(e.entity, e.payload["number"]) for e in started][-2:] == [
        ("vice-chair", 1),
        ("vice-chair", 2),
    ]


def test_a_writer_that_keeps_conflicting_gives_up_and_records_nothing(
    led: Ledger, open_ledger: OpenLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger.core, "MAX_ATTEMPTS", 3)
    a, b = open_ledger(), open_ledger()
    a.add_office("Council", handle="council", seats=10)
    a.add_holder("Cleo Dara", HolderKind.PERSON, handle="cleo")
    a.add_holder("Dev Rana", HolderKind.PERSON, handle="dev")
    recorded = len(list(a.audit_log()))
    others = iter(["gina", "cleo", "dev"])
    attempts = interleave(
        monkeypatch, b, lambda: a.start_mandate("council", next(others), D2022), times=3
    )
    with pytest.raises(TooManyConflicts):
        b.start_mandate("council", "abe", D2022)
    assert attempts == [1, 2, 3]
    # Three events, each the other writer's (on PostgreSQL each conflicting insert of B's
    # used up a notification id, so the positions may skip: the count is what tells).
    assert len(list(a.audit_log())) == recorded + 3
    b.catch_up()
    assert [t.holder for t in b.holders("council")] == ["gina", "cleo", "dev"]


# --- the audit log -----------------------------------------------------------------------------


def test_the_audit_log_lists_every_event_in_order_with_its_actor_and_entity(led: Ledger) -> None:
    log = list(led.audit_log())
    assert all(isinstance(e, LoggedEvent) for e in log)
    assert [e.position for e in log] == list(range(1, HISTORY + 1))
    assert {e.actor for e in log} == {"tester"}
    assert [(e.type, e.entity) for e in log] == [
        ("Holder.Registered", "gina"),
        ("Holder.Registered", "abe"),
        ("Body.Created", "plenary"),
        ("Office.Created", "chair"),
        ("Office.MandateStarted", "chair"),
        ("Body.MemberAdded", "plenary"),
        ("Office.MandateEnded", "chair"),
    ]
    started = log[4]
    assert started.effective == D2020
    assert started.version == 2
    assert started.originator == str(entity_id("chair"))
    assert started.payload["holder"] == "gina"
    assert log[6].effective == D2022


def test_the_audit_log_pages_and_resumes_after_a_position(led: Ledger) -> None:
    everything_logged = list(led.audit_log())
    assert list(led.audit_log(page=2)) == everything_logged
    resumed = list(led.audit_log(after=4, page=2))
    assert [e.position for e in resumed] == [5, 6, 7]
    # An entity created before `after` is still named by its handle.
    assert [e.entity for e in resumed] == ["chair", "plenary", "chair"]


def test_the_actor_is_the_one_the_ledger_was_opened_with(
    led: Ledger, open_ledger: OpenLedger
) -> None:
    open_ledger(actor="secretariat").start_mandate("chair", "abe", D2022)
    last = list(led.audit_log())[-1]
    assert (last.actor, last.entity, last.type) == ("secretariat", "chair", "Office.MandateStarted")
