"""Who did what: the actor on every event (`--actor`, else `LEDGER_ACTOR`, else the OS user),
and `ledger events` filtered by actor, type, entity and a range of recorded time, on both
backends (`backend`)."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from tests.conftest import Places, module_places

from .conftest import error_line, run_main


class Logged(NamedTuple):
    db: str
    events: list[dict[str, object]]


def events(db: str, *filters: str) -> list[dict[str, object]]:
    r = run_main(["--db", db, "events", "--format", "jsonl", *filters])
    assert r.code == 0 and r.err == "", r
    return [json.loads(line) for line in r.out.splitlines()]


@pytest.fixture(scope="module")
def module_ledgers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Places]:
    yield from module_places(backend, tmp_path_factory, "who")


@pytest.fixture(scope="module")
def logged(module_ledgers: Places) -> Logged:
    db = module_ledgers.new("who")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("getpass.getuser", lambda: "os-user")
        steps = [
            ({}, "--actor alice init"),
            ({}, '--actor alice person add "Gina Nilo"'),
            ({"LEDGER_ACTOR": "bob"}, 'person add "Bo Chen"'),
            ({"LEDGER_ACTOR": "bob"}, "--actor carol office add Chair --handle chair"),
            ({}, "mandate start chair gina-nilo --from 2021-05-06"),
            (
                {"LEDGER_ACTOR": "bob"},
                "correct mandate chair gina-nilo --from 2021-05-05 --reason r",
            ),
        ]
        for env, line in steps:
            mp.delenv("LEDGER_ACTOR", raising=False)
            for k, v in env.items():
                mp.setenv(k, v)
            r = run_main(["--db", db, *shlex.split(line)])
            assert r.code == 0, (line, r)
    return Logged(db, events(db))


def test_the_actor_comes_from_the_option_the_environment_or_the_os(logged: Logged) -> None:
    assert [e["actor"] for e in logged.events] == ["alice", "bob", "carol", "os-user", "bob"]


def test_events_by_actor(logged: Logged) -> None:
    assert [e["position"] for e in events(logged.db, "--by", "bob")] == [2, 5]
    assert events(logged.db, "--by", "nobody") == []


def test_events_by_type_short_or_full(logged: Logged) -> None:
    short = events(logged.db, "--type", "MandateCorrected")
    assert [e["position"] for e in short] == [5]
    assert events(logged.db, "--type", "Office.MandateCorrected") == short
    assert [e["position"] for e in events(logged.db, "--type", "Registered")] == [1, 2]


def test_events_by_entity(logged: Logged) -> None:
    assert [e["position"] for e in events(logged.db, "--entity", "chair")] == [3, 4, 5]
    assert [e["position"] for e in events(logged.db, "--entity", "gina-nilo")] == [1]


def test_events_in_a_range_of_positions_or_instants(logged: Logged) -> None:
    assert [e["position"] for e in events(logged.db, "--since", "2", "--until", "4")] == [2, 3, 4]
    third = str(logged.events[2]["recorded_at"])
    fourth = str(logged.events[3]["recorded_at"])
    got = [e["position"] for e in events(logged.db, "--since", third, "--until", fourth)]
    assert got == [3, 4]
    assert [e["position"] for e in events(logged.db, "--known-at", "3")] == [1, 2, 3]
    assert [e["position"] for e in events(logged.db, "--known-at", fourth)] == [1, 2, 3, 4]


def test_filters_combine(logged: Logged) -> None:
    got = events(logged.db, "--by", "bob", "--entity", "chair", "--since", "3")
    assert [e["position"] for e in got] == [5]
    assert events(logged.db, "--by", "bob", "--known-at", "4") == [logged.events[1]]


@pytest.mark.parametrize(
    "argv", [["--since", "soon"], ["--until", "2023-02-30"], ["--known-at", "99"]]
)
def test_a_bad_range_is_refused_in_one_line(logged: Logged, argv: list[str]) -> None:
    line = error_line(run_main(["--db", logged.db, "events", *argv]))
    assert argv[0] in line, line
