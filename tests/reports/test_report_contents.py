"""What the reports say, read as a user reads them: the ASP-VIII meeting report regenerates
sections 6, 7 and 8 and Annex II of the seed report; owners are named, not handled; the work
plan lists what changed since a day; the pictures draw what the tables say; the CSV states its
provenance on a comment line; the audit extract's period takes whole days and shows progress."""

from __future__ import annotations

import csv
import io
import os
import pty
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from acceptance.conftest import LEDGER, clean_env

from ledger.reports import svg as geometry
from reports.support import DB, REPORTS, mask

if TYPE_CHECKING:
    from collections.abc import Callable

    from reports.support import Made


def section(text: str, heading: str) -> str:
    """The lines under `heading` (a Markdown heading line) up to the next heading of its level
    or above."""
    level = len(heading) - len(heading.lstrip("#"))
    found = re.search(rf"^{re.escape(heading)}\n", text, re.MULTILINE)
    assert found, f"no {heading!r} in the report"
    start = found.end()
    stop = re.compile(rf"^#{{1,{level}}} |^---$", re.MULTILINE).search(text, start)
    return text[start : stop.start() if stop else None]


@pytest.fixture
def meeting(demo_dir: Path, report: Callable[..., str]) -> str:
    return report("meeting", "asp-viii")


def test_section_6_asp_governance_is_regenerated_with_each_proposal_and_its_outcome(
    meeting: str,
) -> None:
    governance = section(meeting, "### ASP governance")
    for proposal, outcome in [
        ("One Chair, one Vice-Chair and one ASP governance group", "agreed"),
        ("The ASP Chair joins the ASP governance group at the end of their mandate", "agreed"),
        ("The Vice-Chair becomes the ASP Chair", "agreed"),
        ("A working group under each Area of Action of the GSP Action Framework", "deferred"),
        ("Terms of reference of the ASP positions (Annex IV)", "in written procedure"),
        ("Keep or drop the position of ASP Secretariat", "in written procedure"),
        ("A call for experts for the different roles, and online elections", "noted"),
    ]:
        assert re.search(rf"^- \*\*{re.escape(proposal)}.*\*\*: {outcome}\b", governance, re.M), (
            proposal
        )
    assert "the TORs will be reviewed and endorsed by email" in governance


def test_section_7_the_work_plan_is_regenerated_with_its_ten_activities(meeting: str) -> None:
    plan = section(meeting, "## ASP work plan 2023-2024")
    assert plan.strip().startswith(
        "Through this meeting, the ASP plenary committed to implement the following activities"
        " from 2023-05-02 until 2025-01-01"
    )
    top = re.findall(r"^- (.+) \(`wp-", plan, re.M)
    assert len(top) == 10
    assert top[0] == "Support the implementation of the SEALNET proficiency test 2023"
    assert top[-1] == "Draft and develop national soil health action frameworks"
    pilots = re.findall(r"^  - Pilot countries: (.+) \(`wp-", plan, re.M)
    assert pilots == [
        "organize national multi-stakeholder meetings",
        "test the framework before submitting it to their government for institutionalization",
    ]


def test_section_8_conclusions_and_way_forward_names_the_ninth_meeting(meeting: str) -> None:
    conclusions = section(meeting, "## Conclusions and way forward")
    assert "**The ninth ASP meeting will take place around May 2024**: noted" in conclusions
    assert "in person or virtual" in conclusions
    decisions = section(meeting, "## Decisions")
    assert "ninth" not in decisions, "the closing item's decisions are the conclusions"


def test_the_next_meeting_once_recorded_is_named_but_not_before_it_was_known(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str]
) -> None:
    before = int(ledger_cli("head").out.split()[0])
    done = ledger_cli("meeting", "add", "asp-ix", "Ninth meeting of the Asian Soil Partnership",
                      "--date", "2024-05-14", "--mode", "hybrid", "--venue", "Bangkok",
                      "--body", "asp-plenary")  # fmt: skip
    assert done.code == 0, done
    conclusions = section(report("meeting", "asp-viii"), "## Conclusions and way forward")
    assert (
        "- Next meeting of the ASP plenary: Ninth meeting of the Asian Soil Partnership"
        " (`asp-ix`), 2024-05-14, hybrid, Bangkok." in conclusions
    )
    earlier = report("meeting", "asp-viii", "--known-at", str(before))
    assert "Next meeting" not in earlier


def test_annex_ii_lists_the_participants_then_those_from_fao_and_from_the_itps(
    meeting: str,
) -> None:
    annex = section(meeting, "## List of participants")
    numbered = re.findall(r"^(\d+)\. (.+)$", annex, re.M)
    assert [int(n) for n, _ in numbered] == list(range(1, 85))
    assert numbered[0][1] == "F.M. Manzurul Hoque, Bangladesh"
    assert numbered[19][1] == "Gina Nilo, Philippines"
    assert numbered[-1][1] == "Zahir Ahmad, Pakistan"
    assert section(meeting, "### From FAO").strip().splitlines() == [
        "- Fozia Memon, FAO Pakistan",
        "- Lucrezia Caon, FAORAP",
        "- Ronald Vargas, GSP Secretariat, FAO",
    ]
    assert section(meeting, "### From the ITPS").strip().splitlines() == [
        "- Harsha Kadupitiya, Sri Lanka",
        "- Jeyanny Vijayanathan, Malaysia",
        "- Nopmanee Suvannang, Thailand",
    ]
    counts = dict(re.findall(r"^- ([^:\n]+): (\d+)$", annex, re.M))
    assert counts["India"] == "35" and counts["Thailand"] == "18"
    assert counts["From FAO"] == "3" and counts["From the ITPS"] == "3"
    assert "FAO Pakistan" not in counts and "Malaysia (ITPS)" not in counts
    assert "48 out of 87 registered participants" in meeting


def test_the_html_meeting_report_has_the_same_sections(
    demo_dir: Path, report: Callable[..., str]
) -> None:
    html = report("meeting", "asp-viii", "--format", "html")
    for heading in (
        "<h2>Conclusions and way forward</h2>",
        "<h2>List of participants</h2>",
        "<h3>From FAO</h3>",
        "<h3>From the ITPS</h3>",
        "<h2>ASP work plan 2023-2024</h2>",
    ):
        assert heading in html
    assert html.count('<ol class="participants">') == 1


def test_owners_are_named_not_handled(demo_dir: Path, report: Callable[..., str]) -> None:
    followups = section(report("meeting", "asp-viii"), "## Follow-up actions")
    assert (
        "- Organize the first meeting of CESRA's steering committee — CESRA steering committee,"
        " due 2023-05-31" in followups
    )
    assert "— All member countries, due 2023-05-07" in followups
    assert "— ASP plenary (`ninth-asp-meeting`" in followups
    assert not re.search(r"— [a-z-]+-[a-z-]+[,( ]", followups), followups
    plan = report("workplan", "--as-of", "2023-06-01")
    assert "| CESRA steering committee | 5 | 0.0% | 1 |" in plan
    table = report("workplan", "--as-of", "2023-06-01", "--format", "csv")
    rows = list(csv.DictReader(line for line in io.StringIO(table) if not line.startswith("#")))
    first = next(r for r in rows if r["item"] == "cesra-first-steering-committee-meeting")
    assert (first["owners"], first["owner_names"]) == (
        "cesra-steering-committee",
        "CESRA steering committee",
    )


def test_the_work_plan_lists_what_changed_since_a_day(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str]
) -> None:
    for command in (
        ("action", "update", "swsr-cvs-and-threat-rankings", "--status", "done", "--on",
         "2023-05-07", "--progress", "100", "--note", "CVs and rankings received"),
        ("action", "update", "cesra-first-steering-committee-meeting", "--status",
         "in-progress", "--on", "2023-05-20", "--progress", "50"),
        ("action", "update", "cesra-webinars", "--status", "in-progress", "--on", "2023-07-01",
         "--progress", "10"),
    ):  # fmt: skip
        assert ledger_cli(*command).code == 0
    plan = report("workplan", "--as-of", "2023-06-01", "--since", "2023-05-02")
    assert section(plan, "## Changed since 2023-05-02").strip().splitlines() == [
        "- 2023-05-07: `swsr-cvs-and-threat-rankings` done (100%) — CVs and rankings received",
        "- 2023-05-20: `cesra-first-steering-committee-meeting` in-progress (50%)",
    ]
    later = report("workplan", "--as-of", "2023-06-01", "--since", "2023-05-10")
    assert "swsr-cvs" not in section(later, "## Changed since 2023-05-10")
    assert "Changed since" not in report("workplan", "--as-of", "2023-06-01")
    html = report("workplan", "--as-of", "2023-06-01", "--since", "2023-05-02", "--format", "html")
    assert "<h2>Changed since 2023-05-02</h2>" in html
    # the progress chart: a bar a item, as long as its progress (plot 620 wide)
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count('fill="#eee"') == len(re.findall(r"<tr><td", html.split("<h2>")[0]))
    assert 'width="620.0" height="18" fill="#2f6f4f"' in chart  # done, 100%
    assert 'width="310.0" height="18" fill="#3b78b5"' in chart  # in progress, 50%


def test_the_office_timeline_draws_each_mandate_and_the_vacancy_between(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str]
) -> None:
    assert ledger_cli("mandate", "end", "asp-chair", "gina-nilo", "--on", "2024-05-02").code == 0
    started = ledger_cli("mandate", "start", "asp-chair", "manzurul-hoque", "--from",
                         "2024-06-01", "--basis", "elected online")  # fmt: skip
    assert started.code == 0, started
    text = report("office", "asp-chair")
    assert "| F.M. Manzurul Hoque | 2024-06-01 | open | 2027-06-01 | elected online |" in text
    assert section(text, "## Vacancies").strip() == "- 2024-05-02 to 2024-06-01"
    html = report("office", "asp-chair", "--format", "html")
    svg = html[html.index("<svg") : html.index("</svg>")]
    bars = re.findall(r"<rect [^>]*><title>([^<]+)</title>", svg)
    assert bars == [
        "Gina Nilo: 2023-05-02 to 2024-05-02",
        "F.M. Manzurul Hoque: 2024-06-01 to open",
    ]


def test_the_pictures_are_drawn_by_template_files_that_escape_the_names_they_print(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str]
) -> None:
    """The SVG markup lives in templates beside the report templates, the Python computes
    only the geometry; a name with markup characters in it is printed, not obeyed."""
    package = Path(geometry.__file__).parent
    for code in package.glob("*.py"):
        text = code.read_text(encoding="utf-8")
        assert not re.search(r"<(svg|rect|line|text)\b", text), f"SVG markup in {code.name}"
    assert (package / "templates" / "timeline.svg.j2").is_file()
    assert (package / "templates" / "progress.svg.j2").is_file()
    for command in (
        ("person", "add", "Ana <b>Bell</b> & O'Neil", "--handle", "ana-bell"),
        ("mandate", "end", "asp-chair", "gina-nilo", "--on", "2024-05-02"),
        ("mandate", "start", "asp-chair", "ana-bell", "--from", "2024-06-01"),
    ):
        assert ledger_cli(*command).code == 0
    html = report("office", "asp-chair", "--format", "html")
    svg = html[html.index("<svg") : html.index("</svg>")]
    escaped = "Ana &lt;b&gt;Bell&lt;/b&gt; &amp; O&#39;Neil"
    assert f'text-anchor="end">{escaped}</text>' in svg
    assert f"<title>{escaped}: 2024-06-01 to open</title>" in svg
    assert "<b>" not in svg


@pytest.mark.parametrize(
    "name",
    [n for n in REPORTS if n.split("-")[0] in {"governance", "workplan", "decisions", "audit"}],
)
def test_the_csv_states_its_provenance_on_a_comment_line_any_csv_reader_takes(
    demo_dir: Path, report: Callable[..., str], name: str
) -> None:
    text = report(*REPORTS[name], "--format", "csv")
    first, second = text.splitlines()[:2]
    ledger = re.escape(str(demo_dir.resolve() / DB))
    assert re.fullmatch(
        rf"# made (as of \d{{4}}-\d{{2}}-\d{{2}} )?from ledger {ledger} at position \d+ with"
        r" head [0-9a-f]{64}; generated \S+",
        first,
    ), first
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [first], "the csv module reads the comment line as one unquoted field"
    assert rows[1] == second.split(",")
    widths = {len(r) for r in rows[1:]}
    assert widths == {len(rows[1])}


def test_a_ledger_path_with_a_comma_keeps_the_comment_line_one_field(
    demo_dir: Path, ledger_cli: Callable[..., Made]
) -> None:
    folder = demo_dir / 'asp, "2023"'
    folder.mkdir()
    for db in demo_dir.glob("demo*.db"):
        db.rename(folder / db.name)
    from reports.support import run_ledger

    made = run_ledger("--db", str(folder / DB), "report", "decisions", "--format", "csv")
    assert made.code == 0, made
    first = made.out.splitlines()[0]
    assert first.startswith("# made from ledger ") and "asp%2C %222023%22" in first
    assert next(csv.reader(io.StringIO(made.out))) == [first]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_decision_register_and_the_audit_extract_cover_a_period(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str], fmt: str
) -> None:
    done = ledger_cli("decision", "endorse", "asp-terms-of-reference", "--on", "2023-06-15",
                      "--note", "the TORs were endorsed by email")  # fmt: skip
    assert done.code == 0, done
    june = report("decisions", "--from", "2023-06-01", "--until", "2023-07-01", "--format", fmt)
    assert "Decision register, 2023-06-01 to 2023-07-01" in june
    assert "asp-terms-of-reference" in june and "ceslab" not in june
    assert "endorsed" in june and "tabled (asp-viii)" in june.replace("<li>", "")
    # the demo is recorded on 2026-01-01 (a fixed clock); the test's event today
    everything = report("audit", "--since", "2026-01-01", "--format", "csv")
    assert len(everything.splitlines()) > 250, "a day given to --since takes in the whole day"
    assert report("audit", "--until", "2026-01-01", "--format", "csv").count("\n") == 2


def watched(demo_dir: Path, *args: str) -> tuple[int, str]:
    """`ledger --db demo.db ARGS` run with its stderr a terminal, as a person runs it: its
    exit code and what the terminal showed."""
    main, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(LEDGER), "--db", DB, *args],
            cwd=demo_dir,
            env=clean_env(demo_dir / "home"),
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    return done.returncode, shown.decode("utf-8", "replace")


def test_the_audit_extract_shows_its_progress_to_a_person_watching(demo_dir: Path) -> None:
    """On a terminal the extract, which reads the whole log, draws a bar that ends at 100%;
    a script (stderr not a terminal) gets nothing but the file."""
    code, text = watched(demo_dir, "report", "audit", "--format", "csv", "-o", "audit.csv")
    assert code == 0
    assert "reading the log" in text and "100%" in text, text
    assert (demo_dir / "audit.csv").read_text(encoding="utf-8").startswith("# made from")


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (("decisions",), "reading the decisions"),
        (("workplan", "--as-of", "2023-06-01", "--since", "2023-05-01"), "reading the work plan"),
        (("governance", "--as-of", "2023-05-02"), "reading the governance"),
        (("meeting", "asp-viii"), "reading the meeting"),
    ],
    ids=["decisions", "workplan", "governance", "meeting"],
)
def test_the_long_reports_show_their_progress_to_a_person_watching(
    demo_dir: Path, report: Callable[..., str], args: tuple[str, ...], label: str
) -> None:
    """Each report that reads a large part of the ledger draws a bar on a terminal, up to
    100% before the file is written; a script's stderr stays empty (`report` asserts it)."""
    code, text = watched(demo_dir, "report", *args, "--format", "html", "-o", "out.html")
    assert code == 0, text
    bars = re.findall(rf"{label}\s+\[[#-]+\]\s+(\d+)%", text)
    assert bars, text
    assert bars[-1] == "100" and len(set(bars)) > 1, f"the bar did not move to 100%: {bars}"
    assert re.search(r"100%.*\nwrote .* to out\.html \(position \d+\)", text, re.DOTALL), text
    written = (demo_dir / "out.html").read_text(encoding="utf-8")
    assert mask(written) == mask(report(*args, "--format", "html")), "the bar is not the report's"


def test_governance_on_a_day_marks_acting_holders_and_ex_officio_members(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str]
) -> None:
    started = ledger_cli("mandate", "start", "asp-vice-chair", "lucrezia-caon", "--acting",
                         "--from", "2023-06-01", "--basis", "until the elections")  # fmt: skip
    assert started.code == 0, started
    text = report("governance", "--as-of", "2023-06-01")
    assert (
        "| ASP Vice-Chair (`asp-vice-chair`) | ASP governance group | Lucrezia Caon (acting)"
        in (text)
    )
    assert "- Gina Nilo (ex officio), since 2023-05-02" in text
    assert "(acting)" not in report("governance", "--as-of", "2023-05-31")
    table = report("governance", "--as-of", "2023-06-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.split("\n", 1)[1])))
    acting = [r for r in rows if r["acting"] == "True"]
    assert [(r["entity"], r["holder"]) for r in acting] == [("asp-vice-chair", "lucrezia-caon")]
    assert any(r["ex_officio"] == "True" for r in rows)


@pytest.mark.parametrize(("name", "fmt"), [("meeting-asp-viii", "md"), ("audit", "json")])
def test_a_report_states_the_position_and_head_that_ledger_head_prints(
    demo_dir: Path, ledger_cli: Callable[..., Made], report: Callable[..., str], name: str,
    fmt: str,
) -> None:  # fmt: skip
    position, head = ledger_cli("head").out.split()
    text = report(*REPORTS[name], "--format", fmt)
    if fmt == "json":
        assert f'"position": {position},\n    "head": "{head}"' in text
    else:
        assert f"at position {position} with head {head}; generated " in text
