"""What the report tests share: the demo built on a fixed clock, and the masking of the one
thing a report may change from run to run, the time it was generated.

Recorded times feed the chain links and the head hash that every report prints, so the demo is
built with eventsourcing's clock fixed (one second an event from 2026-01-01 09:00 UTC); tests
then work on copies of its files, opened as the relative path `demo.db`. A report names its
ledger by the file's absolute path, which the goldens mask as `<folder>/demo.db` (see
`mask_folder`) so they are the same wherever the test runs.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import shutil
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import eventsourcing.application
import eventsourcing.domain
import pytest

import ledger.reports
from ledger.app import Ledger
from ledger.cli import main
from ledger.demo import build_demo
from ledger.location import Location

if TYPE_CHECKING:
    from pathlib import Path

CLOCK_START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
# The day the reports are made on, where a report (wrongly) reads the wall clock for more
# than its generation time: the day the fixed clock records the demo on.
REPORT_NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
DB = "demo.db"

_INSTANT = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_GENERATED = re.compile(rf'(generated |"generated_at": ")({_INSTANT})')
GENERATED_MASK = "<generated>"
FOLDER_MASK = "<folder>"


def mask(text: str) -> str:
    """The report with its generation time replaced by a placeholder (in every format)."""
    return _GENERATED.sub(lambda m: m.group(1) + GENERATED_MASK, text)


def mask_folder(text: str, folder: Path) -> str:
    """The report with the folder of its ledger, which it names by absolute path, replaced by
    a placeholder."""
    return text.replace(f"{folder.resolve()}/", f"{FOLDER_MASK}/")


class Made(NamedTuple):
    code: int
    out: str
    err: str


def fix_the_clock(monkeypatch: pytest.MonkeyPatch, start: datetime = CLOCK_START) -> None:
    """Every event is recorded one second after the one before, from `start`.

    `create_timestamp` looks the function up in `eventsourcing.domain` at each call; the
    application module imported it by name, so both are patched.
    """
    ticks = itertools.count()

    def now() -> datetime:
        return start + timedelta(seconds=next(ticks))

    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", now)
    monkeypatch.setattr(eventsourcing.application, "datetime_now_with_tzinfo", now)


def stop_the_report_clock(monkeypatch: pytest.MonkeyPatch, at: datetime = REPORT_NOW) -> None:
    """Reports made as if at `at`. Only the goldens need this: the office report draws its
    timeline up to the wall clock's today (see test_reproducibility), which would change the
    HTML golden every day; the generation time is masked whatever the clock."""

    class Stopped(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Stopped:
            return cls.fromtimestamp(at.timestamp(), tz=tz)

    monkeypatch.setattr(ledger.reports, "datetime", Stopped)


def run_ledger(*args: str) -> Made:
    """`ledger ARGS` run in process as the installed command runs it (a refusal is one
    `error:` line and a non-zero code), with what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Made(code, out.getvalue(), err.getvalue())


def build(folder: Path, *, work_plan: bool = True) -> None:
    """The demo in `folder/demo.db`; without the work plan and its follow-up lists when
    `work_plan` is false (they are recorded last, so that is a prefix of the full demo)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        if not work_plan:
            monkeypatch.setattr("ledger.demo._workplan", lambda ledger, data: 0)
        opened = Ledger(Location.parse(str(folder / DB)), actor="ASP Secretariat", create=True)
        try:
            build_demo(opened)
        finally:
            opened.close()


def copy_ledger(source: Path, target: Path) -> None:
    for db in source.glob("demo*.db"):
        shutil.copy(db, target / db.name)


# name of the golden (without the format) -> the report's arguments
REPORTS: dict[str, tuple[str, ...]] = {
    "meeting-asp-viii": ("meeting", "asp-viii"),
    "governance-2023-05-02": ("governance", "--as-of", "2023-05-02"),
    "office-asp-chair": ("office", "asp-chair"),
    "workplan-asp-work-plan-2023-2024-2023-05-02": (
        "workplan",
        "asp-work-plan-2023-2024",
        "--as-of",
        "2023-05-02",
    ),
    "decisions": ("decisions",),
    "audit": ("audit",),
}
FORMATS = {
    "meeting-asp-viii": ("md", "html"),
    "governance-2023-05-02": ("md", "html", "csv", "json"),
    "office-asp-chair": ("md", "html"),
    "workplan-asp-work-plan-2023-2024-2023-05-02": ("md", "html", "csv", "json"),
    "decisions": ("md", "html", "csv", "json"),
    "audit": ("md", "html", "csv", "json"),
}
CASES = [(name, fmt) for name in REPORTS for fmt in FORMATS[name]]
