"""Fixtures of the report tests: a copy of the demo (built once, on a fixed clock) as the
working directory, and `ledger` run in process on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reports.support import (
    DB,
    Made,
    build,
    copy_ledger,
    fix_the_clock,
    run_ledger,
    stop_the_report_clock,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ASP-VIII demo built once on the fixed clock; tests work on copies of its files."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fix_the_clock(monkeypatch)
        build(folder)
    return folder


@pytest.fixture
def demo_dir(built_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo in `tmp_path`, which becomes the working directory."""
    copy_ledger(built_demo, tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def ledger_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Made]:
    """`ledger_cli(*args)`: `ledger --db demo.db ARGS` run in process (see `run_ledger`).
    Writes record as `tester`."""
    monkeypatch.setenv("LEDGER_ACTOR", "tester")
    monkeypatch.delenv("LEDGER_READ_ONLY", raising=False)
    return lambda *args: run_ledger("--db", DB, *args)


@pytest.fixture
def report(ledger_cli: Callable[..., Made]) -> Callable[..., str]:
    """`report(*args)`: the text `ledger report ARGS` prints; it must succeed quietly."""

    def make(*args: str) -> str:
        made = ledger_cli("report", *args)
        assert made.code == 0, made
        assert made.err == "", made
        return made.out

    return make


@pytest.fixture
def fixed_report_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports made as if on REPORT_NOW (see `stop_the_report_clock`)."""
    stop_the_report_clock(monkeypatch)
