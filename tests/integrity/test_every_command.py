"""Every command of the CLI, as the integrity issue promises it: every read answers
`--known-at POSITION|TIMESTAMP` with what it said then, corrections recorded later included,
and every write is refused by `--read-only` and by `LEDGER_READ_ONLY=1` with nothing recorded.

The commands are listed here by hand, and the first test checks the list against the CLI
itself: a command added later without a place here fails it, so the promise is kept for it.

Every test of a ledger runs on both backends (`backend`): a SQLite file, a PostgreSQL schema.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import click
import pytest

from ledger.cli.base import cli
from tests.conftest import Places, is_postgres_url, module_places, on_backends

from .conftest import Result, error_line, run_main, stored_counts

# Up to the position kept (the "then" of --known-at).
BEFORE = [
    "init",
    'person add "Gina Nilo" --country PH',
    'person add "Bob Ray"',
    'person add "Ana Bell"',
    'institution add "GSP Secretariat" --handle gsp',
    'body add "Governance Group" --handle gg --max-members 5 --term-years 3',
    "office add Chair --handle chair --body gg --term-years 3",
    "office add Vice-Chair --handle vice --body gg",
    "office rules chair --successor-from vice --alumni-body gg --alumni-years 3 --acting-from vice",
    "body rules gg --cadence-months 6",
    "mandate start chair gina-nilo --from 2021-05-06",
    "mandate start vice bob-ray --from 2021-05-06",
    "member add gg ana-bell --from 2021-01-01 --until 2026-01-01",
    'meeting add m1 "First meeting" --date 2023-05-02 --body gg',
    "meeting agenda m1 opening Opening",
    "meeting attend m1 gina-nilo",
    "meeting attend m1 ana-bell",
    'decision record d1 --outcome agreed --title "Adopt the soil plan" --meeting m1'
    " --item opening --on 2023-05-02",
    'decision refer d2 --deadline 2023-06-01 --title "Endorse the soil terms" --meeting m1'
    " --on 2023-05-02",
    "election open e1 --office vice --opens 2024-01-01 --closes 2024-02-01",
    "election nominate e1 ana-bell --on 2024-01-02",
    'plan add wp "Work plan" --from 2023-01-01 --until 2024-12-31',
    'action add a1 "Map the soils" --plan wp --owner bob-ray --on 2023-05-02 --due 2023-12-01',
]
# Recorded after it: corrections, retractions and changes every read below would show.
AFTER = [
    'correct mandate chair gina-nilo --from 2021-05-05 --reason "the report says 5 May"',
    'correct decision d1 --outcome rejected --reason "it was rejected"',
    'retract attendance m1 ana-bell --reason "she was not there"',
    'retract member gg ana-bell --reason "recorded in the wrong body"',
    'office rules chair --seats 2 --basis "a second seat"',
    "body rules gg --cadence-months 4",
    "action update a1 --status done --progress 100 --on 2023-07-01",
    "election tally e1 ana-bell=5 --on 2024-02-02",
    "decision endorse d2 --on 2023-06-01",
    'decision record d3 --outcome agreed --title "Soil again" --meeting m1 --on 2023-05-02',
    'action add a2 "Soil map two" --plan wp --owner gina-nilo --on 2023-05-02',
    'person add "Zed Soil"',
]

# Every read, with the arguments it is asked here (`--known-at` is added by the test).
READS = {
    "holders": "holders chair --format json",
    "governance": "governance --format json",
    "meetings": "meetings --format json",
    "meeting show": "meeting show m1 --format json",
    "decisions": "decisions --format json",
    "elections": "elections --format json",
    "workplan": "workplan wp --format json",
    "action history": "action history a1 --format json",
    "office rules": "office rules chair --format json",
    "body rules": "body rules gg --format json",
    "events": "events --format jsonl",
    "report audit": "report audit --format json",
    "report decisions": "report decisions --format json",
    "report governance": "report governance --format json",
    "report meeting": "report meeting m1 --format md",
    "report office": "report office chair --format md",
    "report workplan": "report workplan wp --format json",
    "calendar": "calendar --from 2023-01-01 --days 1500 --format json",
    "search": "search soil --format json",
}
# Every write, with arguments it would be accepted with on the ledger built here, one after
# another in this order.
WRITES = {
    "init": "init",
    "demo": "demo --no-tui",
    "import": "import {export}",
    "succession act": "succession act chair --from 2022-01-01 --until 2022-02-01 --yes",
    "succession apply": "succession apply chair --on 2024-05-06 --yes",
    "person add": 'person add "Ann Other"',
    "institution add": 'institution add "Soil Institute"',
    "body add": 'body add "Plenary" --part-of gg --basis "a decision"',
    "body rules": "body rules gg --cadence-months 12",
    "office add": 'office add "Secretary" --basis "a decision"',
    "office rules": "office rules vice --term-years 2",
    "office abolish": "office abolish secretary --on 2030-01-01",
    "mandate end": "mandate end chair bob-ray --on 2029-01-01",
    "mandate start": "mandate start vice gina-nilo --from 2030-01-01 --until 2031-01-01",
    "member add": 'member add gg bob-ray --from 2022-01-01 --override "a sixth seat agreed"',
    "member remove": "member remove gg bob-ray --on 2030-01-01",
    "meeting add": 'meeting add m2 "Second meeting" --date 2024-05-02 --body gg',
    "meeting agenda": "meeting agenda m1 closing Closing",
    "meeting attend": "meeting attend m1 bob-ray",
    "decision record": 'decision record d9 --outcome agreed --title "T" --meeting m1'
    " --on 2023-05-02",
    "decision defer": 'decision defer d8 --title "T" --meeting m1 --on 2023-05-02',
    "decision note": "decision note d3 --meeting m1 --on 2023-05-02",
    "decision refer": 'decision refer d7 --deadline 2023-07-01 --title "T" --meeting m1'
    " --on 2023-05-02",
    "decision endorse": "decision endorse d7 --on 2023-06-02",
    "election open": "election open e2 --office vice --opens 2025-01-01 --closes 2025-02-01",
    "election nominate": "election nominate e1 gina-nilo --on 2024-01-03",
    "election tally": "election tally e1 ana-bell=6 --on 2024-02-02",
    "election withdraw": "election withdraw e1 gina-nilo --on 2024-01-05",
    "election close": "election close e1 --on 2024-02-02 --from 2031-01-01",
    "plan add": 'plan add wp2 "Plan two" --from 2025-01-01 --until 2025-12-31',
    "action add": 'action add a3 "T" --plan wp --owner bob-ray --on 2023-05-02',
    "action assign": "action assign a2 --owner bob-ray --on 2023-06-01",
    "action due": "action due a2 --due 2023-12-01 --on 2023-06-01",
    "action update": "action update a2 --status in-progress --on 2023-06-01",
    "action reopen": "action reopen a1 --on 2023-08-01",
    "correct mandate": "correct mandate vice bob-ray --from 2021-05-07 --reason r",
    "correct member": "correct member gg bob-ray --from 2022-01-02 --reason r",
    "correct decision": "correct decision d3 --outcome noted --reason r",
    "retract attendance": "retract attendance m1 gina-nilo --reason r",
    "retract mandate": "retract mandate vice gina-nilo --reason r",
    "retract member": "retract member gg bob-ray --reason r",
}
# The log itself, or the screen: neither a read of the ledger's answers nor a write.
OTHERS = {"head", "verify", "export", "rebuild", "tui"}


def leaf_commands() -> set[str]:
    ctx = click.Context(cli)
    found: set[str] = set()

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, [*path, name])
        else:
            found.add(" ".join(path))

    walk(cli, [])
    return found


def test_every_command_is_listed_here() -> None:
    listed = set(READS) | set(WRITES) | OTHERS
    assert leaf_commands() == listed


class Built(NamedTuple):
    db: str
    position: int
    instant: str
    then: dict[str, str]  # each read's answer at `position`


def run(db: str, line: str) -> Result:
    return run_main(["--db", db, *shlex.split(line)])


def same_but_generation_time(text: str) -> str:
    return re.sub(r"(generated(?:_at)?\W{0,4})[0-9T:+.\-]+", r"\1…", text)


@pytest.fixture(scope="module")
def module_ledgers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Places]:
    yield from module_places(backend, tmp_path_factory, "every-command")


@pytest.fixture(scope="module")
def built(module_ledgers: Places) -> Built:
    db = module_ledgers.new("l")
    for line in BEFORE:
        r = run(db, line)
        assert r.code == 0, (line, r)
    position = int(run(db, "head").out.split()[0])
    last = json.loads(run(db, "events --format jsonl").out.splitlines()[-1])
    then = {name: run(db, read).out for name, read in READS.items()}
    for line in AFTER:
        r = run(db, line)
        assert r.code == 0, (line, r)
    return Built(db, position, last["recorded_at"], then)


def test_the_reads_changed_since(built: Built) -> None:
    """Else the test below would prove nothing."""
    for name, read in READS.items():
        if name in {"elections"}:
            continue  # a tally changes the election, not the list's columns
        now = same_but_generation_time(run(built.db, read).out)
        assert now != same_but_generation_time(built.then[name]), name


@pytest.mark.parametrize("at", ["position", "instant"])
@pytest.mark.parametrize("name", list(READS))
def test_every_read_answers_as_known_at(built: Built, name: str, at: str) -> None:
    moment = str(built.position) if at == "position" else built.instant
    r = run_main(["--db", built.db, *shlex.split(READS[name]), "--known-at", moment])
    assert r.code == 0 and r.err == "", r
    assert same_but_generation_time(r.out) == same_but_generation_time(built.then[name])


@pytest.mark.parametrize("name", list(READS))
def test_every_read_refuses_a_position_past_the_head(built: Built, name: str) -> None:
    line = error_line(
        run_main(["--db", built.db, *shlex.split(READS[name]), "--known-at", "99999"])
    )
    assert "--known-at 99999" in line, line


@pytest.fixture(scope="module")
def written(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, int]:
    """The ledger, with one more handover in its rules' reach, and an export of it."""
    where = tmp_path_factory.mktemp("exported")
    export = str(where / "l.jsonl")
    assert run(built.db, f"export {export}").code == 0
    count = len(run(built.db, "events --format jsonl").out.splitlines())
    return built.db, export, count


@on_backends(
    "name, how",
    [(name, how) for name in WRITES for how in ["--read-only", "LEDGER_READ_ONLY=1"]],
    # Both ways are read by the command line before any backend is opened: the option alone
    # on PostgreSQL, for every write.
    [(name, "--read-only") for name in WRITES],
)
def test_every_write_is_refused_read_only(
    written: tuple[str, str, int],
    places: Places,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    how: str,
) -> None:
    db, export, count = written
    target = db
    if name in {"init", "demo", "import"}:
        target = places.new("new")  # they make a ledger: refused before it exists
    argv = shlex.split(WRITES[name].format(export=export))
    if how == "--read-only":
        argv.insert(0, "--read-only")
    else:
        monkeypatch.setenv("LEDGER_READ_ONLY", "1")
    line = error_line(run_main(["--db", target, *argv]), "error: read-only: ")
    assert f"`{name}`" in line, line
    monkeypatch.delenv("LEDGER_READ_ONLY", raising=False)
    assert len(run(db, "events --format jsonl").out.splitlines()) == count
    if target != db:
        assert not_there(target)


def not_there(db: str) -> bool:
    """No file, or no schema, at `db`."""
    if not is_postgres_url(db):
        return not Path(db).exists()
    try:
        stored_counts(db)
    except Exception as e:  # psycopg.errors.UndefinedTable: the schema is not there
        return "does not exist" in str(e)
    return False


def test_every_write_is_accepted_without_read_only(
    written: tuple[str, str, int], places: Places
) -> None:
    """The arguments above are ones the ledger takes: so it is read-only that refused them."""
    _, export, _ = written
    copy = places.new("copy")
    assert run(str(copy), f"import {export}").code == 0
    for name, line in WRITES.items():
        if name in {"init", "demo", "import"}:
            continue
        r = run(str(copy), line)
        assert r.code == 0, (name, r)
