"""`ledger export` and `ledger import`: a round trip keeps every event and the head hash; a
damaged file is refused whole, with one `error: import refused: …` line naming the line, and
leaves the target ledger empty; a ledger that already holds events refuses any import.

The file is exported once from the reference ledger; every import (and the round trip's export
back) runs on both backends (`backend`): into a new SQLite file, or a new PostgreSQL schema."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import subprocess
from pathlib import Path
from uuid import UUID

import pytest

from ledger.chain import GENESIS, link
from tests.conftest import Places, on_backends

from .conftest import (
    LEDGER,
    ZERO_HEAD,
    Built,
    Reference,
    Result,
    clean_env,
    copy_ledger,
    copy_of,
    error_line,
    head_of,
    run_cli,
    run_main,
    stored_counts,
)

PROGRESS_LABELS = {"importing"}


@pytest.fixture(scope="module")
def exported(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The reference ledger exported once: the file and its lines."""
    where = tmp_path_factory.mktemp("export")
    src = copy_ledger(built.path, where / "src.db", with_view=True)
    out = where / "ref.jsonl"
    r = run_cli(src, "export", str(out))
    assert r.code == 0, r
    assert r.out.strip() == f"exported {built.position} events; head {built.position} {built.hash}"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == built.position
    return out, lines


def write_lines(path: Path, lines: list[str], *, final_newline: bool = True) -> Path:
    path.write_text("\n".join(lines) + ("\n" if final_newline and lines else ""), "utf-8")
    return path


def refusal(result: Result) -> str:
    """The `error: import refused: …` line, ignoring the progress bar's label (which click
    prints once on a stderr that is not a terminal; see test_a_refused_import_prints_…)."""
    kept = "\n".join(
        line for line in result.err.splitlines() if line.strip() not in PROGRESS_LABELS
    )
    return error_line(Result(result.code, result.out, kept), "error: import refused: ")


def assert_names_line(line: str, number: int) -> None:
    found = re.search(r"\bline (\d+)\b", line)
    assert found is not None, f"no line named in {line!r}"
    assert int(found.group(1)) == number, f"expected line {number} in {line!r}"


def assert_empty(db: str) -> None:
    r = run_main(["--db", db, "head"])
    assert r.code == 0, r
    assert r.out.strip() == ZERO_HEAD, r
    assert stored_counts(db) == (0, 0)


def test_round_trip_keeps_every_event_and_the_head(
    built: Built,
    reference: Reference,
    places: Places,
    exported: tuple[Path, list[str]],
    tmp_path: Path,
) -> None:
    src = copy_of(reference, places, "src", with_view=True)
    file, lines = exported
    new = places.new("new")
    r = run_cli(new, "import", str(file))
    assert r.code == 0, r
    assert r.out.strip() == f"imported {built.position} events; head {built.position} {built.hash}"
    assert head_of(new) == head_of(src) == (built.position, built.hash)
    before = run_cli(src, "events", "--format", "jsonl")
    after = run_cli(new, "events", "--format", "jsonl")
    assert before.code == after.code == 0
    assert after.out == before.out
    # Each exported line is the `events --format jsonl` line plus the stored bytes.
    for exported_line, event_line in zip(lines, before.out.splitlines(), strict=True):
        e = json.loads(exported_line)
        assert set(e.pop("stored")) == {"originator_id", "topic", "state"}
        assert e == json.loads(event_line)
    v = run_cli(new, "verify")
    assert v.code == 0, v
    assert v.out.strip() == f"verified {built.position} events; head {built.position} {built.hash}"
    # And the imported ledger exports the very same file.
    again = tmp_path / "again.jsonl"
    assert run_cli(new, "export", str(again)).code == 0
    assert again.read_text("utf-8") == file.read_text("utf-8")


def test_import_into_a_ledger_with_events_is_refused_whole(
    reference: Reference, places: Places, exported: tuple[Path, list[str]]
) -> None:
    target = copy_of(reference, places, "full", with_view=True)
    before = head_of(target)
    line = refusal(run_cli(target, "import", str(exported[0])))
    assert "already holds" in line and "empty" in line, line
    assert head_of(target) == before


def test_importing_the_same_file_twice_doubles_nothing(
    built: Built,
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    new = places.new("new")
    assert run_cli(new, "import", str(exported[0])).code == 0
    refusal(run_cli(new, "import", str(exported[0])))
    assert head_of(new) == (built.position, built.hash)
    assert stored_counts(new) == (built.position, built.position)
    assert run_cli(new, "verify").code == 0


def test_an_empty_file_into_an_empty_ledger_imports_nothing(tmp_path: Path, places: Places) -> None:
    """Decision: an empty ledger exports an empty file, so importing one is a success that
    records nothing."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    new = places.new("new")
    r = run_cli(new, "import", str(empty))
    assert r.code == 0, r
    assert r.out.strip() == f"imported 0 events; head {ZERO_HEAD}"
    assert_empty(new)


def _damage_state(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """One character of a line's stored state changed; the line stays valid JSON."""
    k = rng.randrange(len(lines))
    e = json.loads(lines[k])
    state = e["stored"]["state"]
    i = rng.randrange(len(state))
    e["stored"]["state"] = (
        state[:i] + rng.choice([c for c in 'a0"{}:,x ' if c != state[i]]) + (state[i + 1 :])
    )
    return [*lines[:k], json.dumps(e, ensure_ascii=False), *lines[k + 1 :]], k + 1


def _damage_raw_state(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """One character inside the raw text of a line's `stored.state`, JSON or not after it."""
    k = rng.randrange(len(lines))
    raw = lines[k]
    start = raw.index('"state": "') + len('"state": "')
    i = rng.randrange(start, len(raw) - 3)
    changed = raw[:i] + rng.choice([c for c in 'b7"\\}' if c != raw[i]]) + raw[i + 1 :]
    return [*lines[:k], changed, *lines[k + 1 :]], k + 1


def _delete_line(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    k = rng.randrange(len(lines) - 1)  # not the last: a file cut at a line is a shorter log
    return [*lines[:k], *lines[k + 1 :]], k + 1


def _swap_lines(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    j, k = sorted(rng.sample(range(len(lines)), 2))
    swapped = list(lines)
    swapped[j], swapped[k] = swapped[k], swapped[j]
    return swapped, j + 1


def _non_json_line(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    k = rng.randrange(len(lines))
    junk = rng.choice(["not json", "{", "[1, 2]", '{"position": 1}', "\x00\x01", "null"])
    return [*lines[:k], junk, *lines[k:]], k + 1


DAMAGES = {
    "state_char": _damage_state,
    "raw_state_char": _damage_raw_state,
    "deleted_line": _delete_line,
    "swapped_lines": _swap_lines,
    "non_json_line": _non_json_line,
}


@on_backends(
    "damage, trial",
    [(d, t) for d in DAMAGES for t in range(2)],
    [(d, 0) for d in DAMAGES],  # the same refusal; one trial of each damage on PostgreSQL
)
def test_a_damaged_file_is_refused_whole_naming_the_line(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    damage: str,
    trial: int,
    places: Places,
) -> None:
    seed = f"{damage}-{trial}"
    lines, number = DAMAGES[damage](exported[1], random.Random(seed))
    file = write_lines(tmp_path / "damaged.jsonl", lines)
    new = places.new("new")
    line = refusal(run_cli(new, "import", str(file)))
    assert_names_line(line, number)
    assert_empty(new)


def test_a_truncated_last_line_is_refused_naming_it(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    lines = exported[1]
    cut = [*lines[:-1], lines[-1][: len(lines[-1]) // 2]]
    file = write_lines(tmp_path / "cut.jsonl", cut, final_newline=False)
    new = places.new("new")
    line = refusal(run_cli(new, "import", str(file)))
    assert_names_line(line, len(lines))
    assert_empty(new)


def test_a_file_cut_between_lines_imports_as_a_shorter_log(
    built: Built,
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """Documented limit: a file cut at a line boundary is a valid shorter log; the printed
    head (compare it with a kept one) is what tells."""
    lines = exported[1][:-3]
    file = write_lines(tmp_path / "short.jsonl", lines)
    new = places.new("new")
    r = run_cli(new, "import", str(file))
    assert r.code == 0, r
    position, link_hex = head_of(new)
    assert position == built.position - 3
    assert link_hex != built.hash
    assert r.out.strip() == f"imported {position} events; head {position} {link_hex}"
    line = error_line(run_cli(new, "verify", "--head", built.hash), "error: chain broken: ")
    assert "cut" in line


def test_a_refused_import_prints_only_the_error_line(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """The CLI contract: a refusal is exactly one `error: …` line on stderr; the progress
    bar's label must not be printed when stderr is not a terminal."""
    file = write_lines(tmp_path / "junk.jsonl", ["not json", *exported[1]])
    r = run_cli(places.new("new"), "import", str(file))
    assert r.code != 0, r
    assert r.err.splitlines() == [r.err.strip()], f"more than the error line on stderr: {r.err!r}"
    assert r.err.startswith("error: import refused: line 1"), r


def test_edited_readable_fields_are_not_imported_silently(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """A line whose readable part (`payload`, `type`, `entity`, `actor`) no longer says what its
    stored bytes say: either refused naming the line, or imported as the file shows it. An
    import that succeeds but leaves a ledger different from the file it reports as imported
    would let a backup's readers see what the ledger does not hold."""
    lines = list(exported[1])
    k = next(i for i, raw in enumerate(lines) if json.loads(raw)["type"] == "Holder.Registered")
    e = json.loads(lines[k])
    e["payload"]["name"] = "Someone Else"
    e["actor"] = "mallory"
    lines[k] = json.dumps(e, ensure_ascii=False)
    file = write_lines(tmp_path / "edited.jsonl", lines)
    new = places.new("new")
    r = run_cli(new, "import", str(file))
    if r.code != 0:
        assert_names_line(refusal(r), k + 1)
        assert_empty(new)
        return
    events = run_cli(new, "events", "--format", "jsonl").out.splitlines()
    got = json.loads(events[k])
    del e["stored"]
    assert got == e, (
        f"import accepted line {k + 1} but recorded {got['payload']['name']!r} by "
        f"{got['actor']!r}, not the {e['payload']['name']!r} by {e['actor']!r} the file shows"
    )


def test_an_import_that_succeeds_leaves_a_ledger_that_verifies(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """A file whose positions skip a number but whose links are all correct (as a log moved
    from a store with gaps would have, or as anyone can compute: the links are not keyed).
    Either the import refuses it, naming the line, or the ledger it makes verifies."""
    rows = [json.loads(raw) for raw in exported[1]]
    skip = len(rows) // 2
    previous = GENESIS
    for i, e in enumerate(rows):
        e["position"] = i + 1 if i < skip else i + 2
        s = e["stored"]
        previous = link(
            previous,
            e["position"],
            s["originator_id"],
            e["version"],
            s["topic"],
            s["state"].encode("utf-8"),
        )
        e["link"] = previous.hex()
    file = write_lines(tmp_path / "gap.jsonl", [json.dumps(e, ensure_ascii=False) for e in rows])
    new = places.new("new")
    r = run_cli(new, "import", str(file))
    if r.code != 0:
        assert_names_line(refusal(r), skip + 1)
        assert_empty(new)
        return
    v = run_cli(new, "verify")
    assert v.code == 0, f"the import was accepted ({r.out.strip()}) but verify says: {v.err}"


def _first(lines: list[str], kind: str) -> int:
    return next(i for i, raw in enumerate(lines) if json.loads(raw)["type"] == kind)


# Each readable field the import checks against the stored event, edited one at a time.
READABLE_EDITS = {
    "type": lambda e: e.update(type="Office.MandateEnded"),
    "originator": lambda e: e.update(originator=str(UUID(int=7))),
    "recorded_at": lambda e: e.update(recorded_at="2001-01-01T00:00:00+00:00"),
    "actor": lambda e: e.update(actor="mallory"),
    "effective": lambda e: e.update(effective="1999-12-31"),
    "effective_dropped": lambda e: e.update(effective=None),
    "payload_value": lambda e: e["payload"].update(holder="p9"),
    "payload_extra_key": lambda e: e["payload"].update(note="added"),
    "payload_key_dropped": lambda e: e["payload"].pop("holder"),
    "link_in_capitals": lambda e: e.update(link=e["link"].upper()),
}


# What the import makes of a line is the same on both backends: PostgreSQL checks a few.
@on_backends("edit", list(READABLE_EDITS), ["type", "payload_value", "link_in_capitals"])
def test_a_readable_field_that_disagrees_with_the_stored_event_is_refused(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    edit: str,
    places: Places,
) -> None:
    lines = list(exported[1])
    k = _first(lines, "Office.MandateStarted")
    e = json.loads(lines[k])
    READABLE_EDITS[edit](e)
    lines[k] = json.dumps(e, ensure_ascii=False)
    file = write_lines(tmp_path / "edited.jsonl", lines)
    new = places.new("new")
    line = refusal(run_cli(new, "import", str(file)))
    assert_names_line(line, k + 1)
    assert_empty(new)


def test_a_payload_whose_keys_were_reordered_still_imports(
    built: Built,
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """A file rewritten by a tool that sorts keys says the same thing: it imports."""
    lines = [json.dumps(json.loads(raw), sort_keys=True) for raw in exported[1]]
    file = write_lines(tmp_path / "sorted.jsonl", lines)
    new = places.new("new")
    r = run_cli(new, "import", str(file))
    assert r.code == 0, r
    assert head_of(new) == (built.position, built.hash)


def test_an_import_at_a_terminal_shows_a_progress_bar(
    exported: tuple[Path, list[str]],
    tmp_path: Path,
    places: Places,
) -> None:
    """At a terminal (stderr a tty) the import draws its bar up to 100%; scripts see none."""
    out, _ = exported
    primary, secondary = pty.openpty()
    try:
        completed = subprocess.run(
            [str(LEDGER), "--db", places.new("new"), "import", str(out)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=secondary,
            env=clean_env(tmp_path / "home"),
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        os.close(secondary)
        secondary = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed: everything is read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if secondary != -1:
            os.close(secondary)
        os.close(primary)
    assert completed.returncode == 0, (completed, drawn)
    assert completed.stdout.decode().startswith("imported ")
    text = drawn.decode("utf-8", "replace")
    assert "importing" in text and "100%" in text, text
