"""Kill a writer with SIGKILL at random moments, round after round on one ledger, then check
that nothing acknowledged was lost, nothing was half recorded, the chain verifies and the read
model caught up with the log.

On both backends (`backend`): a writer killed mid-write to a SQLite file, or killed while it
records into PostgreSQL (where the server rolls back the dead connection's transaction); fewer
rounds there. A PostgreSQL sequence hands out a notification id even to a transaction that is
rolled back, so there the positions only rise, where on SQLite they run 1..N without a hole."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Places

from .conftest import clean_env, run_cli

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = {"sqlite": 15, "postgres": 6}
AS_OF = "2000-06-15"


def wait_for(path: Path, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text("utf-8"):
            return True
        time.sleep(0.01)
    return False


def run_round(db: str, folder: Path, round_: int, rng: random.Random) -> list[list[str]]:
    """One writer, killed; returns its complete ACK lines, split into words."""
    out = folder / f"acks-{round_}.txt"
    with out.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), db, str(round_)],
            stdout=sink,
            stderr=subprocess.PIPE,
            env=clean_env(folder / "home"),
            cwd=folder,
        )
        try:
            if round_ % 3 == 2:
                # From the start: may land while the ledger opens and catches up.
                time.sleep(rng.uniform(0.05, 0.6))
            else:
                assert wait_for(out, "READY", 60), f"round {round_}: the writer never opened"
                time.sleep(rng.uniform(0.0, 0.6))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, (
        f"round {round_}: the writer ended by itself ({proc.returncode}): {stderr}"
    )
    assert "Traceback" not in stderr, stderr
    text = out.read_text("utf-8")
    complete = text[: text.rfind("\n") + 1] if "\n" in text else ""
    return [line.split() for line in complete.splitlines() if line.startswith("ACK ")]


def reference_holders(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each office's line of holders, computed from the log alone."""
    names = {
        e["payload"]["handle"]: e["payload"]["name"]
        for e in events
        if e["type"] == "Holder.Registered"
    }
    offices: dict[str, dict[int, dict[str, Any]]] = {
        e["payload"]["handle"]: {} for e in events if e["type"] == "Office.Created"
    }
    for e in events:
        p = e["payload"]
        if e["type"] == "Office.MandateStarted":
            offices[e["entity"]][p["number"]] = {
                "holder": p["holder"],
                "name": names[p["holder"]],
                "start": p["start"],
                "end": p["end"],
                "acting": p["acting"],
            }
        elif e["type"] == "Office.MandateEnded":
            offices[e["entity"]][p["number"]]["end"] = p["end"]
    return {
        office: [m for _, m in sorted(by_number.items(), key=lambda kv: (kv[1]["start"], kv[0]))]
        for office, by_number in offices.items()
    }


def holds_on(m: dict[str, Any], day: str) -> bool:
    return m["start"] <= day and (m["end"] is None or day < m["end"])


@pytest.mark.slow
def test_killed_writers_lose_nothing_acknowledged(
    places: Places, tmp_path: Path, backend: str
) -> None:
    db = places.new("crash")
    assert run_cli(db, "init", cwd=tmp_path).code == 0
    rng = random.Random("crash")
    acks: dict[int, list[list[str]]] = {}
    rounds = ROUNDS[backend]
    for round_ in range(rounds):
        acks[round_] = run_round(db, tmp_path, round_, rng)
    busy = sum(1 for a in acks.values() if a)
    assert busy >= rounds // 3, f"only {busy} of {rounds} writers recorded anything before the kill"

    v = run_cli(db, "verify", cwd=tmp_path)
    assert v.code == 0, v
    r = run_cli(db, "events", "--format", "jsonl", cwd=tmp_path)
    assert r.code == 0, r
    events = [json.loads(line) for line in r.out.splitlines()]
    n = len(events)
    positions = [e["position"] for e in events]
    head = positions[-1] if positions else 0
    assert v.out.startswith(f"verified {n} events; head {head} "), v

    # One chain, every event with its link: positions 1..N on a file; rising on PostgreSQL.
    if backend == "sqlite":
        assert positions == list(range(1, n + 1))
    else:
        assert positions == sorted(set(positions)), positions
    assert all(e["link"] and len(e["link"]) == 64 for e in events)
    by_position = {e["position"]: e for e in events}

    # Every acknowledged command is there, at the position it was acknowledged with.
    for round_, lines in acks.items():
        for words in lines:
            position, what, *args = int(words[1]), words[2], *words[3:]
            e = by_position.get(position)
            assert e is not None, f"round {round_}: ACK {words} lost"
            p = e["payload"]
            if what == "person":
                assert (e["type"], e["entity"]) == ("Holder.Registered", args[0]), (words, e)
            elif what == "office":
                assert (e["type"], e["entity"]) == ("Office.Created", args[0]), (words, e)
            elif what == "start":
                assert e["type"] == "Office.MandateStarted", (words, e)
                assert [e["entity"], p["holder"], p["start"]] == args, (words, e)
            else:
                assert e["type"] == "Office.MandateEnded", (words, e)
                assert [e["entity"], p["holder"], p["end"]] == args, (words, e)
            assert e["actor"] == f"writer-{round_}"

    # At most the one command in flight when the writer died is recorded without its ACK.
    recorded = Counter(e["actor"] for e in events)
    for round_, lines in acks.items():
        unacked = recorded[f"writer-{round_}"] - len(lines)
        assert 0 <= unacked <= 1, f"round {round_}: {unacked} events recorded without an ACK"

    # The read model caught up: holders and governance agree with the log.
    reference = reference_holders(events)
    for office, line in reference.items():
        h = run_cli(db, "holders", office, "--format", "json", cwd=tmp_path)
        assert h.code == 0, h
        assert json.loads(h.out) == line, office
    g = run_cli(db, "governance", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert g.code == 0, g
    shown = {o["office"]: o["holders"] for o in json.loads(g.out)["offices"]}
    expected = {
        office: [m for m in line if holds_on(m, AS_OF)] for office, line in reference.items()
    }
    assert shown == expected
