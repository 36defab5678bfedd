"""Drive the installed `ledger` command in a subprocess, as a user or a script would.

Every run gets a clean environment: no `LEDGER_DB`, no `LEDGER_READ_ONLY`, an explicit
`LEDGER_ACTOR`, and a private home and data directory so that the default ledger of the person
running the tests is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest

LEDGER = Path(sys.executable).parent / "ledger"
ACTOR = "acceptance-tester"
DB = "asp.db"


class Result(NamedTuple):
    code: int
    out: str
    err: str


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LEDGER_DB", "LEDGER_READ_ONLY", "LEDGER_DEBUG", "LEDGER_ACTOR"}
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        LEDGER_ACTOR=ACTOR,
        COLUMNS="200",
    )
    env.update(extra)
    return env


@dataclass
class Cli:
    """`ledger` run in `cwd`; `db` (when set) is passed as `--db` before every command."""

    cwd: Path
    db: str | None = DB
    env: dict[str, str] = field(default_factory=dict)
    # What a shared ledger held once set up, for tests that must leave it unchanged.
    baseline: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cwd.mkdir(parents=True, exist_ok=True)
        if not self.env:
            self.env = clean_env(self.cwd / "home")

    def argv(self, *args: str) -> list[str]:
        db = ["--db", self.db] if self.db is not None else []
        return [str(LEDGER), *db, *args]

    def __call__(
        self, *args: str, ok: bool | None = True, env: dict[str, str] | None = None
    ) -> Result:
        """Run `ledger ARGS`; `ok=True` expects exit 0, `ok=False` a refusal, `None` either."""
        completed = subprocess.run(
            self.argv(*args),
            cwd=self.cwd,
            env={**self.env, **(env or {})},
            capture_output=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        result = Result(completed.returncode, completed.stdout, completed.stderr)
        if ok is True:
            assert result.code == 0, f"ledger {' '.join(args)} failed: {result}"
        elif ok is False:
            assert result.code != 0, f"ledger {' '.join(args)} succeeded: {result}"
        return result

    def line(self, command: str, *, ok: bool | None = True) -> Result:
        """Run a command written as on a shell line: `person add "Gina Nilo" --handle gina-nilo`."""
        return self(*shlex.split(command), ok=ok)

    def events(self) -> list[dict[str, Any]]:
        out = self("events", "--format", "jsonl").out
        return [json.loads(line) for line in out.splitlines()]

    def event_count(self) -> int:
        return len(self("events", "--format", "jsonl").out.splitlines())

    def json(self, *args: str) -> Any:
        return json.loads(self(*args).out)


@pytest.fixture
def run(tmp_path: Path) -> Cli:
    """`run(*args, ok=True)` -> (code, out, err): `ledger --db asp.db ARGS` in a fresh directory."""
    return Cli(tmp_path)


def assert_refused(result: Result, *words: str) -> None:
    """A refusal: non-zero, nothing on stdout, exactly one `error: …` line naming `words`."""
    code, out, err = result
    assert code != 0, result
    assert "Traceback" not in out + err, result
    assert out == "", result
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    assert lines[0].startswith("error: "), lines[0]
    for word in words:
        assert word.lower() in lines[0].lower(), f"{word!r} not named in {lines[0]!r}"


def _commands(cli: Cli, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Result]]:
    """`path --help` and, for a group, every command below it, depth first."""
    result = cli(*path, "--help", ok=None)
    found = [(path, result)]
    section = result.out.split("\nCommands:\n", 1)
    if len(section) == 2:
        for line in section[1].splitlines():
            match = re.match(r"  (\S+)", line)
            if match:
                found += _commands(cli, (*path, match.group(1)))
            elif line.strip() and not line.startswith(" "):
                break  # the next section of the help
    return found


@pytest.fixture(scope="session")
def command_tree(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Result]:
    """Every group and command reachable from `ledger --help`, with its `--help` result."""
    cli = Cli(tmp_path_factory.mktemp("help"), db=None)
    return dict(_commands(cli, ()))
