"""Inputs at the edges that the stateful test leaves to explicit cases: bytes that are not
UTF-8 on the command line, and days at the ends of the calendar. Each is accepted or refused
with one `error: …` line naming the problem, never an "unexpected failure" (exit 70); on both
backends (`backend`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import Places

from .conftest import LEDGER, Result, clean_env, error_line, run_main


def no_unexpected_failure(result: Result) -> None:
    assert "Traceback" not in result.out + result.err, result
    if result.code != 0:
        line = error_line(result)
        assert "unexpected failure" not in line and result.code != 70, line


@pytest.fixture
def db(places: Places) -> str:
    path = places.new("odd")
    assert run_main(["--db", path, "init"]).code == 0
    assert run_main(["--db", path, "person", "add", "Gina Nilo", "--handle", "gina"]).code == 0
    return path


@pytest.mark.parametrize(
    "argv",
    [
        [b"person", b"add", b"\xff\xfe", b"--handle", b"bad-bytes"],
        [b"person", b"add", b"Jos\xe9 Latin-1"],
        [b"office", b"add", b"Chair", b"--handle", b"ch\xc3"],
        [b"holders", b"\xff"],
    ],
    ids=["name-not-utf8", "latin1-name", "truncated-utf8-handle", "office-not-utf8"],
)
def test_bytes_that_are_not_utf8_are_refused_cleanly(
    db: str, tmp_path: Path, argv: list[bytes]
) -> None:
    """On POSIX such bytes reach Python as lone surrogates (`\\udcff`); storing them fails
    when encoded, which must be a refusal naming the value, not an unexpected failure."""
    completed = subprocess.run(
        [str(LEDGER).encode(), b"--db", db.encode(), *argv],
        env=clean_env(tmp_path / "home"),
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=120,
    )
    result = Result(
        completed.returncode,
        completed.stdout.decode("utf-8", "backslashreplace"),
        completed.stderr.decode("utf-8", "backslashreplace"),
    )
    no_unexpected_failure(result)
    assert result.code != 0, f"recorded a value that is not text: {result}"
    head = run_main(["--db", db, "head"])
    assert head.out.startswith("1 "), f"something was recorded: {head}"


@pytest.mark.parametrize(
    "argv",
    [
        ["events", "--since", "0001-01-01T00:00:00+00:00"],
        ["events", "--since", "0001-01-01"],
        ["events", "--until", "0001-01-01T00:00:00+00:00"],
        ["events", "--since", "9999-12-31T23:59:59.999999+00:00"],
        ["holders", "x", "--known-at", "0001-01-01T00:00:00+00:00"],
        ["governance", "--known-at", "9999-12-31", "--as-of", "9999-12-31"],
        ["governance", "--as-of", "0001-01-01"],
    ],
    ids=" ".join,
)
def test_moments_at_the_ends_of_time(db: str, argv: list[str]) -> None:
    no_unexpected_failure(run_main(["--db", db, *argv]))


@pytest.mark.parametrize(
    "argv",
    [
        ["calendar", "--from", "9999-12-31"],
        ["calendar", "--from", "9999-10-01", "--days", "90"],
        ["calendar", "--days", "99999999"],
        ["calendar", "--from", "0001-01-01"],
    ],
    ids=" ".join,
)
def test_calendar_windows_at_the_ends_of_time(db: str, argv: list[str]) -> None:
    no_unexpected_failure(run_main(["--db", db, *argv]))


def test_a_term_running_past_the_calendar_end(db: str) -> None:
    """A mandate may start on 9999-12-31 (accepted); an office's term then ends after the
    last day Python can represent, and every read must still answer or refuse cleanly."""
    assert run_main(["--db", db, "office", "add", "Chair", "--term-years", "3"]).code == 0
    r = run_main(["--db", db, "mandate", "start", "chair", "gina", "--from", "9999-12-31"])
    no_unexpected_failure(r)
    for argv in (
        ["calendar"],
        ["calendar", "--from", "9999-12-01"],
        ["holders", "chair"],
        ["governance", "--as-of", "9999-12-31", "--format", "json"],
        ["events", "--format", "jsonl"],
    ):
        no_unexpected_failure(run_main(["--db", db, *argv]))
