"""A stateful drive of the CLI in process (`ledger.cli.main(argv)`), throwing valid and
invalid commands at one ledger: bad dates, unknown handles, broken rules, odd unicode names,
malformed handles. A small reference model says which handles exist and which mandates are
open, and so which commands must be accepted and which refused.

After every command: `main` returned (never raised); on success stderr is empty and events were
added; on a refusal the code is non-zero, stderr is exactly one `error: …` line that is not an
"unexpected failure", and nothing was recorded (event count and head link unchanged).

It runs on both backends (`backend`): each example a new SQLite file, or a new PostgreSQL
schema (fewer, shorter examples there, to keep the suite quick).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from domain.errors import RuleBroken
from domain.recorded import derive_handle
from tests.conftest import POSTGRES, drop_schema, is_postgres_url, new_schema_url

from .conftest import Result, run_main

VALID_DAYS = [
    "2000-01-01",
    "2010-06-15",
    "2020-01-01",
    "2020-02-29",
    "2021-01-01",
    "2023-05-02",
    "2024-12-31",
    "2030-01-01",
    "0001-01-01",
    "9999-12-31",
]
BAD_DAYS = [
    "2023-02-30",
    "0000-01-01",
    "2023-13-01",
    "yesterday",
    "2023-2-3",
    "20230101",
    "2023-01-01T00:00",
    "",
    "-2023-01-01",
    "\uff12\uff10\uff12\uff13-\uff10\uff11-\uff10\uff11",  # fullwidth digits
]
ODD_NAMES = [
    "\u202eRTL override name",
    "שלום עולם",
    "مرحبا",
    "e\u0301\u0301\u0301 combining",
    "\u0301",
    "😀🎉",
    "👨\u200d👩\u200d👧 family",
    "Nul\x00byte",
    "Bell\x07",
    "Tab\tand\nnewline",
    "\u2028line separator",
    "a" * 10_000,
    "b " * 150,
    " ",
    "",
    "\u200b",
    "ﬁ ligature",
    "İstanbul",
    "Ǆemal",
    "x" * 300,
    "y" * 301,
]
BAD_HANDLES = ["Ab", "a b", "-a", "a-", "ä", "a" * 65, "", "x\x00", "A", "a_b", " a", "a.b"]
MOMENTS = ["0", "1", "3", "999999999999", "-1", "2023-01-01", "2023-02-30", "now", "9999-12-31"]

safe_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'", min_size=1, max_size=40
).filter(lambda s: any(c.isalpha() for c in s))
any_text = st.text(
    st.characters(blacklist_categories=("Cs",)), max_size=40
)  # lone surrogates: see test_odd_inputs.py
names = st.one_of(safe_names, st.sampled_from(ODD_NAMES), any_text)
valid_handles = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}[a-z0-9]", fullmatch=True)
days = st.one_of(st.sampled_from(VALID_DAYS), st.sampled_from(BAD_DAYS))


def parse_day(text: str) -> date | None:
    """What the CLI accepts as a day: YYYY-MM-DD (ASCII digits) that is in the calendar."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def name_ok(name: str) -> bool:
    cleaned = " ".join(name.split())
    return (
        bool(cleaned)
        and len(cleaned) <= 300
        and not any(unicodedata.category(c) == "Cc" for c in cleaned)
    )


def handle_ok(handle: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", handle)) and not handle.endswith("-")


def overlaps(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    return (b[1] is None or a[0] < b[1]) and (a[1] is None or b[0] < a[1])


class LedgerCli(RuleBasedStateMachine):
    # Where each example's ledger is: None, a file of its own; else this PostgreSQL server,
    # in a schema of its own.
    server: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="ledger-state-"))
        self.db = str(self.dir / "sm.db") if self.server is None else new_schema_url(self.server)
        self.kinds: dict[str, str] = {}  # handle -> person | institution | office | body
        self.names: dict[str, str] = {}
        # office -> mandates [holder, start, end]; every office has one seat
        self.mandates: dict[str, list[list[Any]]] = {}
        r = run_main(["--db", self.db, "init"])
        assert r.code == 0, r

    def teardown(self) -> None:
        if is_postgres_url(self.db):
            drop_schema(self.db)
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- running a command --------------------------------------------------------------

    def state(self) -> tuple[int, bytes | None]:
        if is_postgres_url(self.db):
            return self._shared_state()
        with contextlib.closing(sqlite3.connect(self.db)) as db:
            count = db.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
            last = db.execute(
                "SELECT link FROM event_links ORDER BY notification_id DESC LIMIT 1"
            ).fetchone()
        return count, None if last is None else bytes(last[0])

    def _shared_state(self) -> tuple[int, bytes | None]:
        import psycopg

        schema = f'"{self.db.rsplit("schema=", 1)[1]}"'
        with psycopg.connect(self.db.split("?", 1)[0], autocommit=True) as conn:
            count = conn.execute(f"SELECT COUNT(*) FROM {schema}.ledger_events").fetchone()
            last = conn.execute(
                f"SELECT link FROM {schema}.event_links ORDER BY notification_id DESC LIMIT 1"
            ).fetchone()
        assert count is not None
        return count[0], None if last is None else bytes(last[0])

    def run(self, *argv: str, expect: bool | None = None, writes: bool = True) -> Result:
        before = self.state()
        r = run_main(["--db", self.db, *argv])  # raising here fails the test: it must not
        after = self.state()
        shown = [a if len(a) < 60 else a[:57] + "..." for a in argv]
        if r.code == 0:
            assert r.err == "", (shown, r)
            if writes:
                assert after[0] > before[0], f"{shown} succeeded but recorded nothing"
            else:
                assert after == before, f"{shown} is a read but the log changed"
        else:
            lines = r.err.splitlines()
            assert len(lines) == 1, (shown, r)
            assert lines[0].startswith("error: "), (shown, r)
            assert "unexpected failure" not in lines[0] and r.code != 70, (shown, r)
            assert r.out == "", (shown, r)
            assert after == before, f"{shown} was refused but the log changed"
        if expect is True:
            assert r.code == 0, f"{shown} should have been accepted: {r.err.strip()}"
        elif expect is False:
            assert r.code != 0, f"{shown} should have been refused: {r.out.strip()}"
        return r

    def added_handle(self, r: Result) -> str:
        m = re.match(r"added \w+ (\S+): ", r.out)
        assert m, r
        return m.group(1)

    # --- entities ---------------------------------------------------------------------------

    def _expect_create(self, name: str, handle: str | None) -> tuple[bool | None, str | None]:
        if name.startswith("-") or (handle or "").startswith("-"):
            return None, None  # click may read it as an option: either way is fine
        if handle == "":  # `--handle ""` is refused as an invalid handle, not ignored
            return False, None
        if handle is None:
            try:
                h = derive_handle(name)
            except RuleBroken:
                return False, None
        else:
            h = handle
        if not handle_ok(h) or h in self.kinds:
            return False, h
        return name_ok(name), h

    @rule(
        name=names,
        handle=st.one_of(st.none(), valid_handles, st.sampled_from(BAD_HANDLES)),
        kind=st.sampled_from(["person", "institution"]),
        country=st.one_of(st.none(), st.sampled_from(["TH", "Lao PDR", "", "\x00"])),
    )
    def add_holder(self, name: str, handle: str | None, kind: str, country: str | None) -> None:
        argv = [kind, "add", name]
        if handle is not None:
            argv += ["--handle", handle]
        if country is not None:
            argv += ["--country", country]
        expect, h = self._expect_create(name, handle)
        if country is not None and not name_ok(country):
            expect = False
        r = self.run(*argv, expect=expect)
        if r.code == 0:
            got = self.added_handle(r)
            assert h is None or got == h, (h, got)
            self.kinds[got] = kind
            self.names[got] = " ".join(name.split())

    @rule(data=st.data())
    def add_existing_handle(self, data: st.DataObject) -> None:
        if not self.kinds:
            return
        h = data.draw(st.sampled_from(sorted(self.kinds)))
        what = data.draw(st.sampled_from(["person", "institution", "office", "body"]))
        r = self.run(what, "add", "Someone New", "--handle", h, expect=False)
        assert "duplicate handle" in r.err, r

    @rule(
        name=st.one_of(safe_names, st.sampled_from(ODD_NAMES)),
        handle=st.one_of(st.none(), valid_handles, st.sampled_from(BAD_HANDLES)),
        term=st.sampled_from([None, "3", "0", "-1", "x", "1000000"]),
    )
    def add_office(self, name: str, handle: str | None, term: str | None) -> None:
        argv = ["office", "add", name]
        if handle is not None:
            argv += ["--handle", handle]
        if term is not None:
            argv += ["--term-years", term]
        expect, _ = self._expect_create(name, handle)
        if term is not None and not (term.isdigit() and 1 <= int(term) <= 100):
            expect = False
        r = self.run(*argv, expect=expect)
        if r.code == 0:
            got = self.added_handle(r)
            self.kinds[got] = "office"
            self.names[got] = " ".join(name.split())
            self.mandates[got] = []

    # --- mandates ---------------------------------------------------------------------------

    def _pick(self, data: st.DataObject, kinds: set[str]) -> str:
        known = sorted(h for h, k in self.kinds.items() if k in kinds)
        others = sorted(h for h, k in self.kinds.items() if k not in kinds)
        choices = [st.sampled_from(["nobody", "Gina", "no such", ""])]
        if known:
            choices = [st.sampled_from(known)] * 4 + choices
        if others:
            choices.append(st.sampled_from(others))
        return data.draw(st.one_of(*choices))

    @rule(data=st.data(), start=days, until=st.one_of(st.none(), days), acting=st.booleans())
    def start_mandate(
        self, data: st.DataObject, start: str, until: str | None, acting: bool
    ) -> None:
        office = self._pick(data, {"office"})
        holder = self._pick(data, {"person", "institution"})
        argv = ["mandate", "start", office, holder, "--from", start]
        if until is not None:
            argv += ["--until", until]
        if acting:
            argv.append("--acting")
        s, e = parse_day(start), parse_day(until) if until is not None else None
        expect = (
            s is not None
            and (until is None or e is not None)
            and office in self.mandates
            and self.kinds.get(holder) in {"person", "institution"}
        )
        if expect:
            assert s is not None
            ends_first = e is not None and e <= s
            # one seat, and acting mandates have their own; one holder never overlaps
            clash = any(
                overlaps((s, e), (m[1], m[2])) and (m[0] == holder or m[3] == acting)
                for m in self.mandates[office]
            )
            expect = not (ends_first or clash)
        r = self.run(*argv, expect=None if self._unmodelled(office) else expect)
        if r.code == 0 and office in self.mandates:
            self.mandates[office].append([holder, s, e, acting])

    @rule(data=st.data(), on=days)
    def end_mandate(self, data: st.DataObject, on: str) -> None:
        office = self._pick(data, {"office"})
        holder = self._pick(data, {"person", "institution"})
        day = parse_day(on)
        target = None
        if day is not None and office in self.mandates and holder in self.kinds:
            for m in self.mandates[office]:
                if m[0] == holder and m[1] < day and (m[2] is None or day < m[2]):
                    target = m
                    break
        expect = None if self._unmodelled(office) else target is not None
        r = self.run("mandate", "end", office, holder, "--on", on, expect=expect)
        if r.code == 0 and target is not None:
            target[2] = day

    # --- reads and junk ---------------------------------------------------------------------

    @rule(
        data=st.data(),
        as_of=st.one_of(st.none(), days),
        known_at=st.one_of(st.none(), st.sampled_from(MOMENTS)),
        fmt=st.sampled_from(["table", "json", "csv", "xml"]),
    )
    def read_holders(
        self, data: st.DataObject, as_of: str | None, known_at: str | None, fmt: str
    ) -> None:
        office = self._pick(data, {"office"})
        argv = ["holders", office, "--format", fmt]
        if as_of is not None:
            argv += ["--as-of", as_of]
        if known_at is not None:
            argv += ["--known-at", known_at]
        self.run(*argv, writes=False)

    @rule(
        as_of=st.one_of(st.none(), days),
        known_at=st.one_of(st.none(), st.sampled_from(MOMENTS)),
        fmt=st.sampled_from(["table", "json", "md"]),
    )
    def read_governance(self, as_of: str | None, known_at: str | None, fmt: str) -> None:
        argv = ["governance", "--format", fmt]
        if as_of is not None:
            argv += ["--as-of", as_of]
        if known_at is not None:
            argv += ["--known-at", known_at]
        self.run(*argv, writes=False)

    @rule(
        since=st.one_of(st.none(), st.sampled_from(MOMENTS)),
        until=st.one_of(st.none(), st.sampled_from(MOMENTS)),
        fmt=st.sampled_from(["table", "jsonl"]),
    )
    def read_events(self, since: str | None, until: str | None, fmt: str) -> None:
        argv = ["events", "--format", fmt]
        if since is not None:
            argv += ["--since", since]
        if until is not None:
            argv += ["--until", until]
        self.run(*argv, writes=False)

    @rule(
        words=st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "mandate",
                        "start",
                        "end",
                        "person",
                        "office",
                        "add",
                        "--from",
                        "--on",
                        "--until",
                        "--handle",
                        "--seats",
                        "--acting",
                        "--db",
                        "verify",
                        "--head",
                        "member",
                        "correct",
                        "retract",
                        "--reason",
                        "-",
                        "--",
                    ]
                ),
                st.sampled_from(VALID_DAYS + BAD_DAYS + BAD_HANDLES),
                any_text,
            ),
            max_size=7,
        )
    )
    def junk(self, words: list[str]) -> None:
        """Anything at all: accepted or refused, never raised, never half recorded."""
        if {"--db", "import", "export", "demo", "tui"} & set(words):
            return  # those would look at other files, or open a screen
        before = self.state()
        r = run_main(["--db", self.db, *words])
        if r.code != 0:
            lines = r.err.splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), (words, r)
            assert "unexpected failure" not in lines[0] and r.code != 70, (words, r)
            assert self.state() == before, f"{words} was refused but the log changed"
        elif self.state() != before:
            self._resync()

    def _resync(self) -> None:
        """A junk command was accepted: learn what it recorded from the log."""
        r = run_main(["--db", self.db, "events", "--format", "jsonl"])
        assert r.code == 0, r
        self.kinds.clear()
        self.mandates.clear()
        for line in r.out.splitlines():
            e = json.loads(line)
            p, t = e["payload"], e["type"]
            if t == "Holder.Registered":
                self.kinds[p["handle"]] = p["holder_kind"]
                self.names[p["handle"]] = p["name"]
            elif t == "Office.Created":
                self.kinds[p["handle"]] = "office"
                self.mandates[p["handle"]] = []
            elif t == "Body.Created":
                self.kinds[p["handle"]] = "body"
            elif t == "Office.MandateStarted":
                start = date.fromisoformat(p["start"])
                end = date.fromisoformat(p["end"]) if p["end"] else None
                self.mandates[e["entity"]].append([p["holder"], start, end, p["acting"]])
            elif t == "Office.MandateEnded":
                self.mandates[e["entity"]][p["number"] - 1][2] = date.fromisoformat(p["end"])
            elif t.startswith("Office."):  # corrections, retractions, rules
                self._mark_unmodelled(e["entity"])

    def _unmodelled(self, office: str) -> bool:
        return self.kinds.get(office) == "unmodelled office"

    def _mark_unmodelled(self, office: str) -> None:
        """Corrections and retractions are out of this model: forget the office."""
        self.mandates.pop(office, None)
        self.kinds[office] = "unmodelled office"

    # --- the model against the read model ------------------------------------------------------

    @precondition(lambda self: bool(self.mandates))
    @invariant()
    def holders_match_the_model(self) -> None:
        for office, mandates in self.mandates.items():
            r = run_main(["--db", self.db, "holders", office, "--format", "json"])
            assert r.code == 0, r
            got = [(t["holder"], t["start"], t["end"], t["acting"]) for t in json.loads(r.out)]
            want = sorted(
                (m[0], m[1].isoformat(), m[2].isoformat() if m[2] else None, m[3]) for m in mandates
            )
            assert sorted(got) == want, office
            assert [t[1] for t in got] == sorted(t[1] for t in got), "holders not ordered by start"

    @invariant()
    def chain_verifies(self) -> None:
        r = run_main(["--db", self.db, "verify"])
        assert r.code == 0, r


def _settings(examples: int, steps: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        # Every step writes to disk, so shrinking a failure can take many minutes: it is left
        # out unless asked for (LEDGER_TEST_SHRINK=1); the failing steps are printed either way.
        phases=[Phase.explicit, Phase.reuse, Phase.generate]
        + ([Phase.shrink] if os.environ.get("LEDGER_TEST_SHRINK") else []),
    )


# A command on a shared ledger opens a connection or two where a file is opened: fewer, shorter
# runs on PostgreSQL.
SETTINGS = {"sqlite": _settings(25, 20), "postgres": _settings(8, 15)}


class SharedLedgerCli(LedgerCli):
    server = POSTGRES


def test_the_cli_as_a_state_machine(backend: str) -> None:
    machine = SharedLedgerCli if backend == "postgres" else LedgerCli
    run_state_machine_as_test(machine, settings=SETTINGS[backend])
