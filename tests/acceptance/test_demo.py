"""`ledger demo --no-tui`: the ASP-VIII meeting of 2 May 2023 as a ledger. Every number the
tests expect is counted by hand from the report (`shared/seeds/ASP-VIII-23-report.md`), never
read back from the demo's own data file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from .conftest import Cli

# Section 1: "attended by 48 out of 87 registered participants".
REGISTERED, ATTENDING = 87, 48
# Annex II: 84 numbered participants, then three from FAO and three from the ITPS.
NAMED_PARTICIPANTS = 84 + 3 + 3
# Annex I: opening, survey results, regional updates, regional priorities, CESRA, SWSR,
# work plan, governance, closure.
AGENDA_ITEMS = 9
# What became of each proposal, section by section.
OUTCOMES_BY_SECTION = {
    "2": ["approved"],  # CESLab
    "3": ["agreed"],  # the Regional Soil Health Action Framework
    "4": ["noted"],  # CESRA's revised terms of reference
    "5": ["noted"],  # the SWSR deadline extended to 7 May 2023
    "6": [
        "agreed",  # one Chair, one Vice-Chair, one governance group
        "agreed",  # the Chair joins the governance group at the end of the mandate
        "agreed",  # the Vice-Chair becomes Chair
        "deferred",  # working groups on the Areas of Action: "discussions will continue offline"
        "in written procedure",  # the TORs "will be reviewed and endorsed by email"
        "in written procedure",  # keep or drop the ASP Secretariat
        "noted",  # a call for experts and online elections will follow
    ],
    "7": ["agreed"],  # the work plan 2023-2024
    "8": ["noted"],  # the ninth meeting around May 2024
}
DECISIONS = sum(len(outcomes) for outcomes in OUTCOMES_BY_SECTION.values())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("demo"), db="demo.db")
    out = cli("demo", "--no-tui").out
    assert out.startswith("demo ledger at demo.db: recorded ")
    return cli


def test_the_report_holds_thirteen_decisions() -> None:
    assert DECISIONS == 13


def test_the_demo_meeting_was_attended_by_48_of_87_registered(demo: Cli) -> None:
    meeting = demo.json("meeting", "show", "asp-viii", "--format", "json")

    assert (meeting["registered"], meeting["attending"]) == (REGISTERED, ATTENDING)
    assert (meeting["day"], meeting["number"], meeting["mode"], meeting["venue"]) == (
        "2023-05-02",
        8,
        "online",
        "Zoom",
    )


def test_the_demo_meeting_names_the_90_participants_of_annex_ii(demo: Cli) -> None:
    meeting = demo.json("meeting", "show", "asp-viii", "--format", "json")

    attendance = meeting["attendance"]
    assert len(attendance) == NAMED_PARTICIPANTS
    assert len({a["holder"] for a in attendance}) == NAMED_PARTICIPANTS
    by_capacity = Counter(a["capacity"] for a in attendance)
    assert (by_capacity["fao"], by_capacity["itps"]) == (3, 3)
    gina = next(a for a in attendance if a["holder"] == "gina-nilo")
    assert (gina["name"], gina["country"]) == ("Gina Nilo", "Philippines")


def test_the_demo_meeting_has_the_nine_items_of_annex_i(demo: Cli) -> None:
    agenda = demo.json("meeting", "show", "asp-viii", "--format", "json")["agenda"]

    assert len(agenda) == AGENDA_ITEMS
    assert agenda[0]["time"] == "10:00-10:10"
    assert agenda[-2]["title"] == "ASP governance"
    assert agenda[-2]["moderator"] == "lucrezia-caon"


def test_the_demo_holds_the_thirteen_decisions_of_the_report(demo: Cli) -> None:
    decisions = demo.json("decisions", "--meeting", "asp-viii", "--format", "json")

    assert len(decisions) == DECISIONS
    expected = Counter(o for outcomes in OUTCOMES_BY_SECTION.values() for o in outcomes)
    assert Counter(d["status"] for d in decisions) == expected


def test_the_demo_records_the_outcomes_of_section_6(demo: Cli) -> None:
    decisions = demo.json("decisions", "--meeting", "asp-viii", "--format", "json")
    governance = [d for d in decisions if d["item"] == "governance"]

    assert sorted(d["status"] for d in governance) == sorted(OUTCOMES_BY_SECTION["6"])
    status = {d["decision"]: d["status"] for d in governance}
    assert status["working-groups-on-action-areas"] == "deferred"
    assert status["asp-terms-of-reference"] == "in written procedure"
    assert status["keep-or-drop-asp-secretariat"] == "in written procedure"
    agreed = {d["title"] for d in governance if d["status"] == "agreed"}
    assert agreed == {
        "One Chair, one Vice-Chair and one ASP governance group",
        "The ASP Chair joins the ASP governance group at the end of their mandate",
        "The Vice-Chair becomes the ASP Chair",
    }


def test_gina_nilo_chairs_the_asp_on_the_day_of_the_meeting(demo: Cli) -> None:
    held = demo.json("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json")

    assert held == [
        {
            "holder": "gina-nilo",
            "name": "Gina Nilo",
            "start": "2023-05-02",
            "end": None,
            "acting": False,
        }
    ]


def test_the_cesra_technical_committee_has_at_most_nine_members(demo: Cli) -> None:
    rules = demo.json("body", "rules", "cesra-technical-committee", "--format", "json")

    assert (rules["max_members"], rules["term_years"]) == (9, 3)


def test_every_demo_fact_is_an_event_recorded_by_the_asp_secretariat(demo: Cli) -> None:
    events = demo.events()

    assert {e["actor"] for e in events} == {"ASP Secretariat"}
    counted = Counter(e["type"] for e in events)
    assert counted["Meeting.Created"] == 1
    assert counted["Meeting.AgendaItemAdded"] == AGENDA_ITEMS
    assert counted["Meeting.Attended"] == NAMED_PARTICIPANTS
    assert counted["Decision.Tabled"] == DECISIONS
    [created] = [e for e in events if e["type"] == "Meeting.Created"]
    assert (created["payload"]["registered"], created["payload"]["attending"]) == (87, 48)
    assert created["effective"] == "2023-05-02"
    [gina] = [
        e for e in events if e["type"] == "Office.MandateStarted" and e["entity"] == "asp-chair"
    ]
    assert gina["payload"]["holder"] == "gina-nilo"
    assert "ASP-VIII report" in gina["payload"]["basis"]


def test_a_second_demo_run_records_nothing(demo: Cli) -> None:
    head = demo("head").out

    out = demo("demo", "--no-tui").out

    assert "already complete" in out
    assert head.split()[1] in out
    assert demo("head").out == head


def test_the_demo_without_db_never_touches_the_ledger_db(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "work", db=None)
    default = tmp_path / "default" / "ledger.db"
    default.parent.mkdir()

    out = cli("demo", "--no-tui", env={"LEDGER_DB": str(default)}).out

    assert list(default.parent.iterdir()) == []
    data = Path(cli.env["XDG_DATA_HOME"]) / "partnership-ledger"
    demo_file = data / "demo-asp-viii.db"
    assert demo_file.is_file()
    assert out.startswith(f"demo ledger at {demo_file}: recorded ")
