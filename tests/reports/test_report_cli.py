"""`ledger report …` driven as a user would, through the installed command: `--output` writes
the file and keeps stdout empty; what cannot be reported is refused with one `error:` line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from acceptance.conftest import Cli, assert_refused

from reports.support import DB, REPORTS, mask, run_ledger

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def cli(demo_dir: Path) -> Cli:
    """The installed `ledger --db demo.db` on a copy of the demo."""
    return Cli(demo_dir, db=DB)


@pytest.mark.parametrize(
    ("name", "fmt"), [("meeting-asp-viii", "html"), ("governance-2023-05-02", "json"),
                      ("decisions", "csv"), ("office-asp-chair", "md")],
)  # fmt: skip
def test_output_writes_the_report_to_the_file_and_nothing_to_stdout(
    cli: Cli, name: str, fmt: str
) -> None:
    printed = cli("report", *REPORTS[name], "--format", fmt).out
    written = cli("report", *REPORTS[name], "--format", fmt, "--output", f"out.{fmt}")
    assert written.out == ""
    assert mask((cli.cwd / f"out.{fmt}").read_text(encoding="utf-8")) == mask(printed)
    note = written.err.splitlines()
    assert len(note) == 1 and f"out.{fmt}" in note[0], written.err


def test_output_replaces_a_file_already_there(cli: Cli) -> None:
    target = cli.cwd / "decisions.csv"
    target.write_text("an older register\n" * 1000, encoding="utf-8")
    cli("report", "decisions", "--format", "csv", "-o", str(target))
    ledger = (cli.cwd / DB).resolve()
    assert target.read_text(encoding="utf-8").startswith(f"# made from ledger {ledger} at position")


def test_output_into_a_folder_that_does_not_exist_is_refused_with_one_error_line(
    cli: Cli,
) -> None:
    refused = cli("report", "meeting", "asp-viii", "-o", "no-such-folder/report.md", ok=False)
    assert_refused(refused, "no-such-folder")
    assert "unexpected failure" not in refused.err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("meeting", "asp-ix"), "asp-ix"),
        (("meeting", "asp-chair"), "asp-chair"),
        (("office", "asp-king"), "asp-king"),
        (("office", "gina-nilo"), "gina-nilo"),
        (("workplan", "no-such-plan"), "no-such-plan"),
    ],
    ids=["unknown-meeting", "an-office-as-meeting", "unknown-office", "a-person-as-office",
         "unknown-plan"],
)  # fmt: skip
def test_what_is_not_recorded_is_refused_with_one_error_line_naming_it(
    cli: Cli, args: tuple[str, ...], named: str
) -> None:
    assert_refused(cli("report", *args, ok=False), named)


@pytest.mark.parametrize("name", list(REPORTS))
def test_known_at_beyond_the_head_is_refused(cli: Cli, name: str) -> None:
    head = int(run_ledger("--db", DB, "head").out.split()[0])  # in process: quicker
    beyond = str(head + 1)
    assert_refused(cli("report", *REPORTS[name], "--known-at", beyond, ok=False), beyond)


def test_a_meeting_asked_at_a_position_before_it_was_recorded_is_refused_saying_so(
    cli: Cli,
) -> None:
    """Not "asp-viii is a meeting, not a meeting": the meeting exists, only not yet then."""
    refused = cli("report", "meeting", "asp-viii", "--known-at", "5", ok=False)
    assert "is a meeting, not a meeting" not in refused.err
    assert_refused(refused, "asp-viii", "position 5")


def test_a_report_at_the_very_start_of_the_log_is_made_and_empty(cli: Cli) -> None:
    audit = cli("report", "audit", "--known-at", "0").out
    assert "Recorded by: nobody." in audit
    assert "at position 0 with head " + "0" * 64 in audit
