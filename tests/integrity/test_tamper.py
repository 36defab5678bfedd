"""Tamper with a copy of a real ledger, with plain sqlite3, and ask `ledger verify` about it.

Each kind of damage runs several seeded trials (`random.Random(f"{kind}-{trial}")`, so a
failure names its seed and reproduces). The promise (DESIGN.md, "Integrity"): `verify` exits
non-zero with one `error: chain broken: …` line that names the first position that does not
match, never a traceback; a tail cut off is caught against a head kept before the cut.

The main variant copies only the event-store file, as an auditor handed a ledger file would
have it (the read model is rebuilt when the copy is opened). A second variant copies the
caught-up read model beside it and runs `ledger.cli.main` in process.

Damage done to the bytes of a file is a SQLite matter; its PostgreSQL counterpart is the same
damage done with plain SQL (UPDATE, DELETE) as the database's superuser to a copy of the
reference ledger in a schema of its own (`test_tampered_shared_ledger_is_named_by_verify`),
where the typed columns and the deferred key from each event to its link allow it. What only
reads a ledger (verify against kept heads, bad heads) runs on both backends (`backend`).
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from ledger.chain import GENESIS, link
from ledger.location import Location
from tests.conftest import Places, only_on

from .conftest import (
    Built,
    Reference,
    Result,
    copy_ledger,
    copy_of,
    error_line,
    head_of,
    run_cli,
    run_main,
)

TRIALS = 6
PREFIX = "error: chain broken: "


@dataclass
class Tamper:
    """What was done to the copy, and what `verify` must say about it."""

    done: str
    position: int | None  # the first position that must be named
    words: list[str] = field(default_factory=list)
    kept_head: str | None = None  # also run `verify --head KEPT`, which must fail
    plain_ok: int | None = None  # plain `verify` must pass, with this many events (cut tail)


Row = tuple[int, str, int, str, bytes]


def rows(db: sqlite3.Connection) -> list[Row]:
    return [
        (r[0], r[1], r[2], r[3], bytes(r[4]))
        for r in db.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
            " ORDER BY rowid"
        )
    ]


def other_byte(rng: random.Random, old: int) -> int:
    return rng.choice([b for b in range(256) if b != old])


def other_char(rng: random.Random, old: str, alphabet: str) -> str:
    return rng.choice([c for c in alphabet if c != old])


def t_state(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    p, *_, state = rng.choice(rows(db))
    i = rng.randrange(len(state))
    changed = bytearray(state)
    changed[i] = other_byte(rng, state[i])
    db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(changed), p))
    return Tamper(f"state byte {i} of position {p}", p, ["does not match its link"])


def t_topic(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    p, _, _, topic, _ = rng.choice(rows(db))
    i = rng.randrange(len(topic))
    new = topic[:i] + other_char(rng, topic[i], "abcdefghijklmnopqrstuvwxyz.:_XYZ") + topic[i + 1 :]
    db.execute("UPDATE stored_events SET topic=? WHERE rowid=?", (new, p))
    return Tamper(f"topic of position {p}: {topic!r} -> {new!r}", p, ["does not match its link"])


def t_version(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    p, _, version, _, _ = rng.choice(rows(db))
    new = rng.choice([0, -version, version + 1000, version + 10**6])
    db.execute("UPDATE stored_events SET originator_version=? WHERE rowid=?", (new, p))
    return Tamper(f"version of position {p}: {version} -> {new}", p, ["does not match its link"])


def t_originator(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    p, oid, _, _, _ = rng.choice(rows(db))
    if trial == 0:
        new = oid.upper()  # the same UUID, spelt otherwise: still not what was hashed
    else:
        i = rng.randrange(len(oid))
        new = oid[:i] + other_char(rng, oid[i], "0123456789abcdef") + oid[i + 1 :]
    db.execute("UPDATE stored_events SET originator_id=? WHERE rowid=?", (new, p))
    return Tamper(f"originator of position {p}: {oid} -> {new}", p, ["does not match its link"])


def t_delete(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    """A middle event and its link (deleting the last with its link is a cut tail)."""
    n = len(rows(db))
    p = 1 if trial == 0 else rng.randint(1, n - 1)
    db.execute("DELETE FROM stored_events WHERE rowid=?", (p,))
    db.execute("DELETE FROM event_links WHERE notification_id=?", (p,))
    return Tamper(f"deleted position {p} and its link", p, [f"position {p} is missing"])


def t_delete_keep_link(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    n = len(rows(db))
    p = n if trial == 0 else rng.randint(1, n)
    db.execute("DELETE FROM stored_events WHERE rowid=?", (p,))
    words = [f"position {p} is missing"] if p < n else [f"position {p} has a link but no event"]
    return Tamper(f"deleted position {p}, its link left", p, words)


def t_swap(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    all_rows = {r[0]: r for r in rows(db)}
    p, q = sorted(rng.sample(sorted(all_rows), 2))
    a, b = all_rows[p], all_rows[q]
    sql = (
        "UPDATE stored_events SET originator_id=?, originator_version=?, topic=?, state=?"
        " WHERE rowid=?"
    )
    # (originator_id, originator_version) is the primary key: move one aside first.
    db.execute(sql, ("swap-in-progress", -1, a[3], a[4], p))
    db.execute(sql, (*a[1:], q))
    db.execute(sql, (*b[1:], p))
    return Tamper(f"swapped positions {p} and {q}", p, ["does not match its link"])


def t_link(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    links = db.execute("SELECT notification_id, link FROM event_links").fetchall()
    p, old = rng.choice(links)
    old = bytes(old)
    i = rng.randrange(len(old))
    changed = bytearray(old)
    changed[i] = other_byte(rng, old[i])
    db.execute("UPDATE event_links SET link=? WHERE notification_id=?", (bytes(changed), p))
    return Tamper(f"link byte {i} of position {p}", p, ["does not match its link"])


def t_cut_tail(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    n = len(rows(db))
    k = rng.randint(1, 5)
    db.execute("DELETE FROM stored_events WHERE rowid > ?", (n - k,))
    if trial % 2 == 0:
        db.execute("DELETE FROM event_links WHERE notification_id > ?", (n - k,))
        return Tamper(
            f"cut the last {k} events and their links",
            None,
            ["cut", "kept head", f"ends at position {n - k}"],
            kept_head=head,
            plain_ok=n - k,
        )
    # Links left behind betray the cut even without a kept head.
    return Tamper(
        f"cut the last {k} events, links left",
        n - k + 1,
        [f"position {n - k + 1} has a link but no event"],
    )


def t_rewrite(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    """Change an event so that it still reads, and recompute every link after it: only a
    head kept before the change can tell."""
    all_rows = rows(db)
    p, *_, state = rng.choice(all_rows)
    new_state = state.replace(b'"actor":"t"', b'"actor":"x"')
    assert new_state != state
    db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (new_state, p))
    previous = GENESIS
    if p > 1:
        previous = bytes(
            db.execute("SELECT link FROM event_links WHERE notification_id=?", (p - 1,)).fetchone()[
                0
            ]
        )
    for position, oid, version, topic, st in rows(db)[p - 1 :]:
        previous = link(previous, position, oid, version, topic, st)
        db.execute("UPDATE event_links SET link=? WHERE notification_id=?", (previous, position))
    return Tamper(
        f"rewrote the actor of position {p} and every link after it",
        None,
        ["kept head", "rewritten"],
        kept_head=head,
        plain_ok=len(all_rows),
    )


def t_odd_value(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    """A column set by hand to NULL, a number or text where the store keeps something else:
    still a position named, not a failure to read it."""
    p, *_ = rng.choice(rows(db))
    column, value = [
        ("state", None),
        ("topic", None),
        ("originator_version", None),
        ("originator_id", None),
        ("state", 5.5),
        ("originator_version", "abc"),
    ][trial % 6]
    db.execute(f"UPDATE stored_events SET {column}=? WHERE rowid=?", (value, p))
    return Tamper(f"{column} of position {p} set to {value!r}", p, ["does not match its link"])


def t_position(db: sqlite3.Connection, rng: random.Random, trial: int, head: str) -> Tamper:
    """An event moved to another position (its rowid changed), its link left where it was."""
    n = len(rows(db))
    p = rng.randint(1, n)
    db.execute("UPDATE stored_events SET rowid=? WHERE rowid=?", (n + 1 + trial, p))
    words = [f"position {p} is missing"] if p < n else [f"position {p} has a link but no event"]
    return Tamper(f"moved position {p} to {n + 1 + trial}", p, words)


KINDS: dict[str, Callable[[sqlite3.Connection, random.Random, int, str], Tamper]] = {
    "state": t_state,
    "topic": t_topic,
    "version": t_version,
    "originator_id": t_originator,
    "delete": t_delete,
    "delete_keep_link": t_delete_keep_link,
    "swap": t_swap,
    "link": t_link,
    "cut_tail": t_cut_tail,
    "rewrite": t_rewrite,
    "odd_value": t_odd_value,
    "position": t_position,
}


def damaged_copies(
    built: Built, tmp_path: Path, kind: str, *, with_view: bool
) -> list[tuple[str, Path, Tamper]]:
    made = []
    for trial in range(TRIALS):
        seed = f"{kind}-{trial}"
        copy = copy_ledger(built.path, tmp_path / f"{kind}-{trial}.db", with_view=with_view)
        with contextlib.closing(sqlite3.connect(copy)) as db:
            tamper = KINDS[kind](db, random.Random(seed), trial, built.hash)
            db.commit()
        made.append((seed, copy, tamper))
    return made


def check(seed: str, tamper: Tamper, plain: Result, with_head: Result | None) -> None:
    why = f"seed {seed!r}: {tamper.done}"
    if tamper.plain_ok is not None:
        # Without a kept head a clean cut (or a full rewrite) cannot be seen: documented.
        assert plain.code == 0, f"{why}: {plain}"
        assert plain.out.startswith(f"verified {tamper.plain_ok} events"), f"{why}: {plain}"
    else:
        line = _chain_broken(why, plain)
        first = re.search(r"position (\d+)", line)
        assert first is not None, f"{why}: no position named in {line!r}"
        assert int(first.group(1)) == tamper.position, f"{why}: {line!r}"
        for word in tamper.words:
            assert word in line, f"{why}: {word!r} not in {line!r}"
    if tamper.kept_head is not None:
        assert with_head is not None
        line = _chain_broken(why + " (verify --head)", with_head)
        for word in tamper.words:
            assert word in line, f"{why}: {word!r} not in {line!r}"


def _chain_broken(why: str, result: Result) -> str:
    assert "Traceback" not in result.out + result.err, f"{why}: {result}"
    try:
        return error_line(result, PREFIX)
    except AssertionError as e:
        raise AssertionError(f"{why}: {str(e).splitlines()[0]}") from None


@pytest.mark.parametrize("kind", list(KINDS))
def test_tampered_file_is_named_by_verify(built: Built, tmp_path: Path, kind: str) -> None:
    """The installed command on a copy of the event-store file alone."""
    copies = damaged_copies(built, tmp_path, kind, with_view=False)

    def verify(item: tuple[str, Path, Tamper]) -> tuple[Result, Result | None]:
        _, copy, tamper = item
        plain = run_cli(copy, "verify")
        kept = run_cli(copy, "verify", "--head", tamper.kept_head) if tamper.kept_head else None
        return plain, kept

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(verify, copies))
    failures = []
    for (seed, _, tamper), (plain, kept) in zip(copies, results, strict=True):
        try:
            check(seed, tamper, plain, kept)
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, f"{len(failures)} of {TRIALS} trials failed:\n" + "\n".join(failures)


@pytest.mark.parametrize("kind", list(KINDS))
def test_tampered_file_with_caught_up_read_model(built: Built, tmp_path: Path, kind: str) -> None:
    """The chain logic alone: the read model beside the copy is already caught up, so opening
    the ledger decodes nothing; `ledger.cli.main` in process."""
    failures = []
    for seed, copy, tamper in damaged_copies(built, tmp_path, kind, with_view=True):
        plain = run_main(["--db", str(copy), "verify"])
        kept = None
        if tamper.kept_head:
            kept = run_main(["--db", str(copy), "verify", "--head", tamper.kept_head])
        try:
            check(seed, tamper, plain, kept)
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, f"{len(failures)} of {TRIALS} trials failed:\n" + "\n".join(failures)


def untouched(reference: Reference, places: Places, name: str) -> str:
    """A ledger only read by the test: a copy of the file (opening it may change its WAL and
    read models), or the shared reference itself."""
    if places.postgres:
        return reference.db
    return copy_of(reference, places, name, with_view=True)


def test_untouched_copy_verifies_to_its_head(reference: Reference, places: Places) -> None:
    copy = copy_of(reference, places, "untouched")
    r = run_cli(copy, "verify")
    assert r.code == 0, r
    assert r.err == ""
    position, link_hex = head_of(copy)
    assert (position, link_hex) == (reference.position, reference.hash)
    assert r.out == f"verified {position} events; head {position} {link_hex}\n"
    assert 25 <= position <= 40


def test_untouched_copy_verifies_against_any_earlier_head(
    reference: Reference, places: Places
) -> None:
    """A head kept at any earlier position is still in the chain."""
    copy = untouched(reference, places, "untouched")
    events = run_main(["--db", copy, "events", "--format", "jsonl"]).out.splitlines()
    links = [json.loads(line)["link"] for line in events]
    assert len(links) == reference.position
    for kept in [links[0], links[len(links) // 2], links[-1], "0" * 64]:
        r = run_main(["--db", copy, "verify", "--head", kept])
        assert r.code == 0, (kept, r)


def test_verify_head_refuses_a_hash_that_is_not_one(reference: Reference, places: Places) -> None:
    copy = untouched(reference, places, "c")
    for bad in ["abc", "g" * 64, reference.hash + "0", ""]:
        line = error_line(run_main(["--db", copy, "verify", "--head", bad]))
        assert "head" in line.lower(), line


def test_a_head_from_another_ledger_is_not_in_the_chain(
    reference: Reference, places: Places
) -> None:
    copy = untouched(reference, places, "c")
    line = error_line(run_main(["--db", copy, "verify", "--head", "ab" * 32]), PREFIX)
    assert "not in the chain" in line


def test_a_damaged_page_is_said_to_be_a_damaged_file(built: Built, tmp_path: Path) -> None:
    """Bytes overwritten inside the file, under SQLite rather than through it: verify says
    the file itself is damaged, in its one line, whatever page was hit."""
    size = copy_ledger(built.path, tmp_path / "size.db").stat().st_size
    caught = 0
    for trial in range(TRIALS):
        rng = random.Random(f"page-{trial}")
        copy = copy_ledger(built.path, tmp_path / f"page-{trial}.db")
        data = bytearray(copy.read_bytes())
        at = rng.randrange(4096, size - 600)  # past the first page, which says what file it is
        data[at : at + 500] = bytes([rng.randrange(256)]) * 500
        copy.write_bytes(bytes(data))
        r = run_cli(copy, "verify")
        assert "Traceback" not in r.out + r.err, (at, r)
        if r.code == 0:
            continue  # a page the chain does not read (an index, free space): the log is whole
        line = _chain_broken(f"bytes {at}..{at + 500}", r)
        assert "damaged" in line or "position" in line, (at, line)
        caught += 1
    assert caught, "no trial hit a page of the log"


@pytest.mark.parametrize("trial", range(6))
def test_other_commands_refuse_a_hand_edited_row_by_name(
    built: Built, tmp_path: Path, trial: int
) -> None:
    """Not only verify: the commands that read the log refuse such a file in one line that
    names the damage, never as an unexpected failure."""
    copy = copy_ledger(built.path, tmp_path / f"odd-{trial}.db")
    with contextlib.closing(sqlite3.connect(copy)) as db:
        t_odd_value(db, random.Random(f"odd-{trial}"), trial, built.hash)
        db.commit()
    earlier = tmp_path / "out.jsonl"
    earlier.write_text("an earlier backup\n", "utf-8")
    for argv in (["export", str(earlier)], ["events"], ["holders", "chair"]):
        r = run_cli(copy, *argv)
        if r.code == 0:
            continue  # a value this command does not decode (the version, for an export)
        line = error_line(r)
        assert "unexpected failure" not in line, (argv, line)
        assert "ledger verify" in line, (argv, line)
        if argv[0] == "export":
            assert earlier.read_text("utf-8") == "an earlier backup\n", "export overwrote it"
            assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


# --- the same damage to a shared ledger, with SQL ------------------------------------------------

# One trial of each kind on PostgreSQL, two where the second is another case (the first and
# the last position, a clean cut and one that leaves links, NULL state and NULL topic).
PG_TRIALS = {"delete": 2, "delete_keep_link": 2, "cut_tail": 2, "null_value": 2}
PgRow = tuple[int, str, int, str, bytes]


class Pg:
    """One transaction on the schema of a shared ledger, as the database's superuser."""

    def __init__(self, conn: Any, schema: str) -> None:
        self.conn = conn
        self.s = f'"{schema}"'

    def __call__(self, sql: str, *params: Any) -> Any:
        return self.conn.execute(sql.format(s=self.s), params)

    def rows(self) -> list[PgRow]:
        return [
            (r[0], str(r[1]), r[2], r[3], bytes(r[4]))
            for r in self(
                "SELECT notification_id, originator_id, originator_version, topic, state"
                " FROM {s}.ledger_events ORDER BY notification_id"
            )
        ]

    def set(self, column: str, value: Any, position: int) -> None:
        self(
            f"UPDATE {{s}}.ledger_events SET {column} = %s WHERE notification_id = %s",
            value,
            position,
        )

    def set_link(self, position: int, value: bytes) -> None:
        self("UPDATE {s}.event_links SET link = %s WHERE notification_id = %s", value, position)


def pg_state(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    p, *_, state = rng.choice(db.rows())
    i = rng.randrange(len(state))
    changed = bytearray(state)
    changed[i] = other_byte(rng, state[i])
    db.set("state", bytes(changed), p)
    return Tamper(f"state byte {i} of position {p}", p, ["does not match its link"])


def pg_topic(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    p, _, _, topic, _ = rng.choice(db.rows())
    i = rng.randrange(len(topic))
    new = topic[:i] + other_char(rng, topic[i], "abcdefghijklmnopqrstuvwxyz.:_XYZ") + topic[i + 1 :]
    db.set("topic", new, p)
    return Tamper(f"topic of position {p}: {topic!r} -> {new!r}", p, ["does not match its link"])


def pg_version(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    p, _, version, _, _ = rng.choice(db.rows())
    new = rng.choice([0, -version, version + 1000, version + 10**6])
    db.set("originator_version", new, p)
    return Tamper(f"version of position {p}: {version} -> {new}", p, ["does not match its link"])


def pg_originator(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    """(A UUID column: the same UUID spelt in capitals is the same value here.)"""
    p, oid, _, _, _ = rng.choice(db.rows())
    i = rng.choice([j for j, c in enumerate(oid) if c != "-"])
    new = oid[:i] + other_char(rng, oid[i], "0123456789abcdef") + oid[i + 1 :]
    db.set("originator_id", new, p)
    return Tamper(f"originator of position {p}: {oid} -> {new}", p, ["does not match its link"])


def pg_delete(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    """A middle event and its link, in one transaction (the link alone cannot go)."""
    n = len(db.rows())
    p = 1 if trial == 0 else rng.randint(1, n - 1)
    db("DELETE FROM {s}.ledger_events WHERE notification_id = %s", p)
    db("DELETE FROM {s}.event_links WHERE notification_id = %s", p)
    return Tamper(f"deleted position {p} and its link", p, [f"position {p} is missing"])


def pg_delete_keep_link(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    n = len(db.rows())
    p = n if trial == 0 else rng.randint(1, n)
    db("DELETE FROM {s}.ledger_events WHERE notification_id = %s", p)
    words = [f"position {p} is missing"] if p < n else [f"position {p} has a link but no event"]
    return Tamper(f"deleted position {p}, its link left", p, words)


def pg_swap(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    all_rows = {r[0]: r for r in db.rows()}
    p, q = sorted(rng.sample(sorted(all_rows), 2))
    a, b = all_rows[p], all_rows[q]
    sql = (
        "UPDATE {s}.ledger_events SET originator_id = %s, originator_version = %s, topic = %s,"
        " state = %s WHERE notification_id = %s"
    )
    # (originator_id, originator_version) is the primary key: move one aside first.
    db(sql, "00000000-0000-0000-0000-000000000000", -1, a[3], a[4], p)
    db(sql, *a[1:], q)
    db(sql, *b[1:], p)
    return Tamper(f"swapped positions {p} and {q}", p, ["does not match its link"])


def pg_link(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    p, old = rng.choice(db("SELECT notification_id, link FROM {s}.event_links").fetchall())
    old = bytes(old)
    i = rng.randrange(len(old))
    changed = bytearray(old)
    changed[i] = other_byte(rng, old[i])
    db.set_link(p, bytes(changed))
    return Tamper(f"link byte {i} of position {p}", p, ["does not match its link"])


def pg_cut_tail(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    n = len(db.rows())
    k = rng.randint(1, 5)
    db("DELETE FROM {s}.ledger_events WHERE notification_id > %s", n - k)
    if trial % 2 == 0:
        db("DELETE FROM {s}.event_links WHERE notification_id > %s", n - k)
        return Tamper(
            f"cut the last {k} events and their links",
            None,
            ["cut", "kept head", f"ends at position {n - k}"],
            kept_head=head,
            plain_ok=n - k,
        )
    return Tamper(
        f"cut the last {k} events, links left",
        n - k + 1,
        [f"position {n - k + 1} has a link but no event"],
    )


def pg_rewrite(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    """Change an event so that it still reads, and recompute every link after it."""
    all_rows = db.rows()
    p, *_, state = rng.choice(all_rows)
    new_state = state.replace(b'"actor":"t"', b'"actor":"x"')
    assert new_state != state
    db.set("state", new_state, p)
    previous = GENESIS
    if p > 1:
        previous = bytes(
            db("SELECT link FROM {s}.event_links WHERE notification_id = %s", p - 1).fetchone()[0]
        )
    for position, oid, version, topic, st in db.rows()[p - 1 :]:
        previous = link(previous, position, UUID(oid).hex, version, topic, st)
        db.set_link(position, previous)
    return Tamper(
        f"rewrote the actor of position {p} and every link after it",
        None,
        ["kept head", "rewritten"],
        kept_head=head,
        plain_ok=len(all_rows),
    )


def pg_null(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    """The two columns eventsourcing leaves nullable, set to NULL by hand."""
    p, *_ = rng.choice(db.rows())
    column = ["state", "topic"][trial % 2]
    db.set(column, None, p)
    return Tamper(f"{column} of position {p} set to NULL", p, ["does not match its link"])


def pg_position(db: Pg, rng: random.Random, trial: int, head: str) -> Tamper:
    """An event moved to another position, its link left where it was (the deferred key wants
    a link at the new position: one is forged there too)."""
    n = len(db.rows())
    p = rng.randint(1, n)
    moved = n + 1 + trial
    db("INSERT INTO {s}.event_links VALUES (%s, %s)", moved, b"\x00" * 32)
    db("UPDATE {s}.ledger_events SET notification_id = %s WHERE notification_id = %s", moved, p)
    words = [f"position {p} is missing"] if p < n else [f"position {p} has a link but no event"]
    return Tamper(f"moved position {p} to {moved}", p, words)


PG_KINDS: dict[str, Callable[[Pg, random.Random, int, str], Tamper]] = {
    "state": pg_state,
    "topic": pg_topic,
    "version": pg_version,
    "originator_id": pg_originator,
    "delete": pg_delete,
    "delete_keep_link": pg_delete_keep_link,
    "swap": pg_swap,
    "link": pg_link,
    "cut_tail": pg_cut_tail,
    "rewrite": pg_rewrite,
    "null_value": pg_null,
    "position": pg_position,
}


def tamper_shared(url: str, kind: str, trial: int, head: str) -> Tamper:
    import psycopg

    schema = Location.parse(url).schema  # type: ignore[attr-defined]
    with psycopg.connect(url.split("?", 1)[0]) as conn:  # one transaction, committed
        return PG_KINDS[kind](Pg(conn, schema), random.Random(f"pg-{kind}-{trial}"), trial, head)


@only_on("postgres")
@pytest.mark.parametrize("kind", list(PG_KINDS))
def test_tampered_shared_ledger_is_named_by_verify(
    reference: Reference, places: Places, kind: str
) -> None:
    """The installed command on a copy of the reference ledger in a schema of its own, after
    the damage was done with SQL and committed."""
    failures = []
    trials = PG_TRIALS.get(kind, 1)
    for trial in range(trials):
        copy = copy_of(reference, places, f"{kind}-{trial}")
        tamper = tamper_shared(copy, kind, trial, reference.hash)
        plain = run_cli(copy, "verify")
        kept = run_cli(copy, "verify", "--head", tamper.kept_head) if tamper.kept_head else None
        try:
            check(f"pg-{kind}-{trial}", tamper, plain, kept)
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, f"{len(failures)} of {trials} trials failed:\n" + "\n".join(failures)


@only_on("postgres")
@pytest.mark.parametrize(
    ("column", "value"),
    [("state", None), ("topic", None), ("state", b"not an event"), ("topic", "no.such:Topic")],
    ids=["state-null", "topic-null", "state-junk", "topic-junk"],
)
def test_other_commands_refuse_a_hand_edited_shared_row_by_name(
    reference: Reference, places: Places, tmp_path: Path, column: str, value: Any
) -> None:
    """The shared counterpart of the hand-edited row above."""
    import psycopg

    copy = copy_of(reference, places, "odd")
    schema = Location.parse(copy).schema  # type: ignore[attr-defined]
    with psycopg.connect(copy.split("?", 1)[0]) as conn:
        Pg(conn, schema).set(column, value, 12)
    earlier = tmp_path / "out.jsonl"
    earlier.write_text("an earlier backup\n", "utf-8")
    refused = 0
    for argv in (["export", str(earlier)], ["events"], ["verify"]):
        r = run_cli(copy, *argv, cwd=tmp_path)
        if r.code == 0:
            continue
        refused += 1
        line = error_line(r)
        assert "unexpected failure" not in line, (argv, line)
        assert "position 12" in line or "ledger verify" in line, (argv, line)
        if argv[0] == "export":
            assert earlier.read_text("utf-8") == "an earlier backup\n", "export overwrote it"
    assert refused, "no command noticed the edited row"
