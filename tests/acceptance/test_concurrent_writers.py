"""Four secretariat officers recording into one ledger at the same moment: every rule still
holds, every accepted command is in the log exactly once, and every refused one is absent.

On both backends (`backend`): one SQLite file, or one PostgreSQL schema. A PostgreSQL sequence
hands out a notification id even to an insert that conflicts and is rolled back, so there the
positions of the log only rise, where on SQLite they run 1..N without a hole."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location
from tests.conftest import Places

from .conftest import ACTOR, DB, Cli

WRITERS = 4
PEOPLE_EACH = 10
MAX_MEMBERS = 30
DAY = "2024-05-04"

# Each writer waits for the go file, so that all four start together, then runs its commands
# one after another and writes down how each ended.
WRITER = """
import json, os, subprocess, sys, time
go, plan, results = sys.argv[1:4]
commands = json.loads(open(plan).read())
while not os.path.exists(go):
    time.sleep(0.005)
done = []
for argv in commands:
    p = subprocess.run(argv, capture_output=True, encoding="utf-8")
    done.append({"argv": argv, "code": p.returncode, "out": p.stdout, "err": p.stderr})
open(results, "w").write(json.dumps(done))
"""


def person(writer: int, n: int) -> str:
    return f"officer-{writer}-{n:02d}"


@pytest.fixture
def run(places: Places, tmp_path: Path) -> Cli:
    """`ledger --db LEDGER ARGS` in a fresh directory: `asp.db` there, or a new schema."""
    return Cli(tmp_path, db=places.new("asp") if places.postgres else DB)


def assert_one_rising_log(events: list[dict[str, Any]], backend: str) -> None:
    positions = [e["position"] for e in events]
    if backend == "sqlite":
        assert positions == list(range(1, len(events) + 1))
    else:
        assert positions == sorted(set(positions)), positions


@pytest.mark.slow
def test_four_writers_at_once_keep_every_rule_and_lose_nothing(
    run: Cli, places: Places, backend: str
) -> None:
    run("init")
    run("body", "add", "Busy committee", "--handle", "busy", "--max-members", str(MAX_MEMBERS))
    run("office", "add", "CESRA director", "--handle", "director")
    # The forty people are set up in one process, through the API (forty `ledger person add`
    # would take longer than the race itself); the race is the command line's.
    assert run.db is not None
    where = run.db if places.postgres else str(run.cwd / run.db)
    led = Ledger(Location.parse(where), actor=ACTOR)
    try:
        for w in range(WRITERS):
            for n in range(PEOPLE_EACH):
                led.add_holder(person(w, n), HolderKind.PERSON, handle=person(w, n))
    finally:
        led.close()
    before = run.events()
    assert [e["position"] for e in before] == list(range(1, len(before) + 1))  # none conflicted

    script = run.cwd / "writer.py"
    script.write_text(WRITER)
    go = run.cwd / "go"
    writers = []
    for w in range(WRITERS):
        actor = ["--actor", f"writer-{w}"]
        plan = [run.argv(*actor, "mandate", "start", "director", person(w, 0), "--from", DAY)]
        plan += [
            run.argv(*actor, "member", "add", "busy", person(w, n), "--from", DAY)
            for n in range(PEOPLE_EACH)
        ]
        (run.cwd / f"plan-{w}.json").write_text(json.dumps(plan))
        args = [str(go), f"plan-{w}.json", f"results-{w}.json"]
        writers.append(
            subprocess.Popen([sys.executable, str(script), *args], cwd=run.cwd, env=run.env)
        )
    time.sleep(0.3)
    go.touch()
    assert [p.wait(timeout=300) for p in writers] == [0] * WRITERS
    results: list[dict[str, Any]] = []
    for w in range(WRITERS):
        results += json.loads((run.cwd / f"results-{w}.json").read_text())

    for r in results:
        assert "Traceback" not in r["out"] + r["err"], r
        if r["code"] != 0:
            lines = r["err"].splitlines()
            assert len(lines) == 1, r
            assert lines[0].startswith("error: "), r

    starts = [r for r in results if "mandate" in r["argv"]]
    joins = [r for r in results if "member" in r["argv"]]
    accepted_start = [r["argv"][-3] for r in starts if r["code"] == 0]
    accepted = [r["argv"][-3] for r in joins if r["code"] == 0]
    refused = [r["argv"][-3] for r in joins if r["code"] != 0]

    assert len(accepted_start) == 1, starts
    for r in starts:
        if r["code"] != 0:
            assert "seats full" in r["err"] and "director" in r["err"], r
    assert len(accepted) == MAX_MEMBERS, [r["err"] for r in joins if r["code"] != 0]
    assert len(refused) == WRITERS * PEOPLE_EACH - MAX_MEMBERS
    for r in joins:
        if r["code"] != 0:
            assert "body full" in r["err"] and "busy" in r["err"], r

    events = run.events()
    assert_one_rising_log(events, backend)
    assert events[: len(before)] == before
    new = events[len(before) :]
    assert len(new) == 1 + MAX_MEMBERS
    started = [e["payload"]["holder"] for e in new if e["type"].endswith("MandateStarted")]
    assert started == accepted_start
    joined = Counter(e["payload"]["member"] for e in new if e["type"].endswith("MemberAdded"))
    assert joined == Counter(accepted)
    assert not set(joined) & set(refused)
    assert len({e["link"] for e in events}) == len(events)
    for e in new:
        subject = e["payload"].get("holder") or e["payload"].get("member")
        assert e["actor"] == f"writer-{subject.split('-')[1]}", e
    actors = [e["actor"] for e in new]
    switches = sum(a != b for a, b in itertools.pairwise(actors))
    assert switches >= WRITERS, f"the writers did not overlap: {actors}"

    governance = run.json("governance", "--as-of", DAY, "--format", "json")
    (busy,) = [b for b in governance["bodies"] if b["body"] == "busy"]
    assert sorted(m["member"] for m in busy["members"]) == sorted(accepted)
    held = run.json("holders", "director", "--format", "json")
    assert [h["holder"] for h in held] == accepted_start
    run("verify")
