"""A report is reproducible to the byte (its generation time apart): made again at the head it
is the same, and made `--known-at` a past position it says what the report made then said,
whatever was recorded and corrected since.

The history: the demo is recorded without its work plan (position P1; the meeting report is
made), then with it (P2; every report is made), then later events and corrections follow: an
item's progress and due date, a decision's outcome corrected, an attendance line retracted, a
mandate started and another corrected, the Chair's terms of reference changed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from reports.support import (
    CASES,
    DB,
    REPORTS,
    Made,
    build,
    mask,
    run_ledger,
    stop_the_report_clock,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

LATER = (
    ("action", "update", "swsr-cvs-and-threat-rankings", "--status", "done", "--on", "2023-05-07",
     "--progress", "100", "--note", "CVs and rankings received"),
    ("action", "update", "cesra-first-steering-committee-meeting", "--status", "in-progress",
     "--on", "2023-05-20", "--progress", "50"),
    ("action", "due", "cesra-second-forum", "--due", "2024-03-31", "--on", "2023-09-01"),
    ("correct", "decision", "ceslab", "--outcome", "agreed",
     "--reason", "section 2 says the participants agreed; 'approved' was the secretariat's word"),
    ("retract", "attendance", "asp-viii", "icalrs-ina",
     "--reason", "Annex II lists an institution's account, not a participant"),
    ("mandate", "start", "asp-vice-chair", "manzurul-hoque", "--from", "2023-05-02",
     "--basis", "a later election, recorded for the test"),
    ("correct", "mandate", "gsp-secretary", "ronald-vargas", "--from", "2013-01-01",
     "--reason", "the GSP Secretary took office long before ASP-VIII"),
    ("office", "rules", "asp-chair", "--term-years", "2",
     "--basis", "a later change to the terms of reference, recorded for the test"),
)  # fmt: skip


def report_args(name: str, fmt: str, *extra: str) -> tuple[str, ...]:
    return ("--db", DB, "report", *REPORTS[name], "--format", fmt, *extra)


def made(result: Made) -> str:
    assert result.code == 0 and result.err == "", result
    return mask(result.out)


def head() -> int:
    return int(made(run_ledger("--db", DB, "head")).split()[0])


class History:
    """The reports made along the way, the positions they were made at, and the folder of the
    ledger as it stands after the later events."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.p1 = self.p2 = 0
        self.meeting_at_p1: dict[str, str] = {}
        self.at_p2: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    story = History(tmp_path_factory.mktemp("history"))
    folder = story.folder
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(folder)
        monkeypatch.setenv("LEDGER_ACTOR", "tester")
        build(folder, work_plan=False)
        story.p1 = head()
        for fmt in ("md", "html"):
            story.meeting_at_p1[fmt] = made(run_ledger(*report_args("meeting-asp-viii", fmt)))
        build(folder)
        story.p2 = head()
        for name, fmt in CASES:
            story.at_p2[name, fmt] = made(run_ledger(*report_args(name, fmt)))
        for command in LATER:
            made(run_ledger("--db", DB, *command))
        assert story.p1 < story.p2 < head()
    return story


@pytest.fixture
def after(history: History, monkeypatch: pytest.MonkeyPatch) -> History:
    """The history, its ledger (after the later events) the working directory."""
    monkeypatch.chdir(history.folder)
    return history


@pytest.mark.usefixtures("demo_dir")
@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_a_report_made_twice_at_the_head_is_the_same_but_for_its_generation_time(
    report: Callable[..., str], name: str, fmt: str
) -> None:
    first = report(*REPORTS[name], "--format", fmt)
    second = report(*REPORTS[name], "--format", fmt)
    assert mask(first) == mask(second)


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_a_report_made_at_a_past_position_is_unchanged_after_later_events_and_corrections(
    after: History, name: str, fmt: str
) -> None:
    again = made(run_ledger(*report_args(name, fmt, "--known-at", str(after.p2))))
    assert again == after.at_p2[name, fmt]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_meeting_report_made_before_its_work_plan_was_recorded_is_reproduced_after(
    after: History, fmt: str
) -> None:
    again = made(run_ledger(*report_args("meeting-asp-viii", fmt, "--known-at", str(after.p1))))
    assert again == after.meeting_at_p1[fmt]


def without_position(text: str) -> str:
    """The report but for the position and the chain link it was made at."""
    text = re.sub(r"at position \d+ with head [0-9a-f]{64}", "at position P with head H", text)
    return re.sub(
        r'"position": \d+,\n(\s*)"head": "[0-9a-f]{64}"', r'"position": P,\n\1"head": H', text
    )


CHANGED = [(name, fmt) for name, fmt in CASES if not name.startswith("workplan")]
UNCHANGED = [(name, fmt) for name, fmt in CASES if name.startswith("workplan")]


@pytest.mark.parametrize(("name", "fmt"), CHANGED, ids=[f"{n}.{f}" for n, f in CHANGED])
def test_the_same_report_made_at_the_head_shows_the_later_events(
    after: History, name: str, fmt: str
) -> None:
    now = made(run_ledger(*report_args(name, fmt)))
    assert without_position(now) != without_position(after.at_p2[name, fmt])


@pytest.mark.parametrize(("name", "fmt"), UNCHANGED, ids=[f"{n}.{f}" for n, f in UNCHANGED])
def test_the_work_plan_as_of_the_meeting_is_unchanged_by_later_progress_but_for_its_position(
    after: History, name: str, fmt: str
) -> None:
    """The later progress is effective after 2 May 2023: the plan as it stood that day stays."""
    now = made(run_ledger(*report_args(name, fmt)))
    assert now != after.at_p2[name, fmt]
    assert without_position(now) == without_position(after.at_p2[name, fmt])


def test_at_the_head_the_corrections_show_beside_what_they_correct(after: History) -> None:
    meeting = made(run_ledger(*report_args("meeting-asp-viii", "md")))
    assert "89 are named" in meeting
    assert "Icalrs Ina" not in meeting
    assert "**Identify champion soil laboratories as regional hubs under the name CESLab**:" \
        " agreed" in meeting  # fmt: skip
    decisions = made(run_ledger(*report_args("decisions", "md")))
    assert "outcome corrected to agreed (correction): section 2 says the participants agreed" in (
        decisions
    )
    audit = made(run_ledger(*report_args("audit", "md")))
    assert "Meeting.AttendanceRetracted" in audit
    assert "— corrects #" in audit


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_tabular_decision_register_lists_a_correction_beside_what_it_corrects(
    after: History, fmt: str
) -> None:
    """The Markdown and HTML registers show it; the rows of CSV and JSON must too."""
    register = made(run_ledger(*report_args("decisions", fmt)))
    assert "outcome corrected to agreed" in register, "the correction of ceslab is missing"


@pytest.mark.usefixtures("demo_dir")
def test_the_office_report_does_not_depend_on_the_day_it_is_made(
    report: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made from the same position, a report is the same whenever it is made: the timeline
    of an open mandate must not run to the wall clock's today."""

    def on(day: datetime) -> str:
        stop_the_report_clock(monkeypatch, day)
        return mask(report("office", "asp-chair", "--format", "html"))

    assert on(datetime(2026, 1, 1, tzinfo=UTC)) == on(datetime(2027, 6, 1, tzinfo=UTC))


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_the_same_ledger_spelt_differently_gives_the_same_report(demo_dir: Path, fmt: str) -> None:
    """`--db demo.db`, `./demo.db`, its absolute path, a detour through `..` or a link to it:
    one ledger, one report (but for its generation time), naming the file by its absolute
    path."""
    (demo_dir / "sub").mkdir()
    (demo_dir / "linked").symlink_to(demo_dir)
    spellings = [
        DB,
        f"./{DB}",
        str(demo_dir / DB),
        f"sub/../{DB}",
        str(demo_dir / "linked" / DB),
    ]
    made_as = {
        db: made(run_ledger("--db", db, "report", "decisions", "--format", fmt)) for db in spellings
    }
    assert len(set(made_as.values())) == 1, made_as
    assert str(demo_dir.resolve() / DB) in made_as[DB]
    assert "./demo.db" not in made_as[DB] and "linked" not in made_as[DB]


def test_a_shared_ledger_is_named_without_the_password_or_the_user_that_reached_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two officers reaching one PostgreSQL ledger, spelt differently (`postgres://`, a
    password, the default port left out, the user from PGUSER), make the same report."""
    parts = urlsplit(postgres_url)
    assert parts.hostname and parts.username, postgres_url
    monkeypatch.setenv("LEDGER_ACTOR", "tester")
    made(run_ledger("--db", postgres_url, "init"))
    for command in (
        ("person", "add", "Gina Nilo", "--handle", "gina-nilo"),
        ("office", "add", "ASP Chair", "--handle", "asp-chair"),
        ("mandate", "start", "asp-chair", "gina-nilo", "--from", "2023-05-02"),
    ):
        assert run_ledger("--db", postgres_url, *command).code == 0
    port = parts.port or 5432
    where = f"{parts.hostname}:{port}{parts.path}?{parts.query}"
    monkeypatch.setenv("PGUSER", parts.username)
    secret = parts.password or "a-password-the-server-does-not-ask-for"
    spellings = [
        postgres_url,
        f"postgres://{parts.username}:{secret}@{where}",
        f"postgresql://{where}",  # the user from PGUSER
    ]
    if port == 5432:
        spellings.append(
            f"postgresql://{parts.username}@{parts.hostname}{parts.path}?{parts.query}"
        )
    made_as = {
        db: made(run_ledger("--db", db, "report", "governance", "--as-of", "2023-05-02"))
        for db in spellings
    }
    assert len(set(made_as.values())) == 1, made_as
    text = made_as[postgres_url]
    assert re.search(rf"from ledger {re.escape(f'postgresql://{where}')} at position \d+ ", text)
    assert secret not in text and f"{parts.username}@" not in text
