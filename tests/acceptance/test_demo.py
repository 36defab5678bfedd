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
# Annex II, the 84 numbered participants by country.
BY_COUNTRY = {
    "India": 35,
    "Thailand": 18,
    "Pakistan": 7,
    "Bangladesh": 3,
    "Mongolia": 3,
    "Philippines": 3,
    "Lao People's Democratic Republic": 3,
    "Japan": 2,
    "Malaysia": 2,
    "China": 2,
    "Viet Nam": 2,
    "Bhutan": 1,
    "Indonesia": 1,
    "Nepal": 1,
    "Cambodia": 1,
}
# Section 7: ten activities for 2023-2024, the last with two steps "for pilot countries".
WORK_PLAN_ACTIVITIES, PILOT_STEPS = 10, 2
# Section 3: five follow-up activities; section 4: five follow-up actions; section 5: the
# CVs and soil-threat rankings due on 7 May 2023; section 8: the ninth meeting around May 2024.
FOLLOW_UPS = {"section 3": 5, "section 4": 5, "section 5": 1, "section 8": 1}
# The holders the report names on 2 May 2023 (sections 1, 2 and 4, Annexes I and III); the
# Vice-Chair, the ASP Secretariat and the DSRD director are named by nobody.
HOLDERS_ON_THE_DAY = {
    "asp-chair": ["gina-nilo"],  # "Gina Nilo, the ASP Chair"
    "asp-vice-chair": [],
    "asp-secretariat": [],
    "gsp-secretary": ["ronald-vargas"],  # "Ronald Vargas, the GSP Secretary"
    "sealnet-chair": ["gina-nilo"],  # "Gina Nilo, SEALNET Chair"
    "cesra-director": ["land-development-department"],  # Annex III
    "dsit-director": ["satira-udomsri"],  # "Satira Udomsri, Director of the DSIT"
    "dsrd-director": [],
    "nfp-bangladesh": ["manzurul-hoque"],  # "Manzurul Hoque, national focal point"
    # Annex III: "The CESRA's Secretariat is hosted at the Department of Administration and
    # Collaboration (DAC)".
    "cesra-secretariat": ["dac"],
}
# Annex IV: "Working groups refer to the GSP's six Action Areas".
WORKING_GROUPS = 6
# Section 1: the meeting of the Asian Soil Partnership, whose participants include "Global Soil
# Partnership (GSP) national focal points"; the Asian partnership is part of the global one,
# and the plenary, the governance group and the working groups (Annex IV) are the ASP's own.
PART_OF = {
    "gsp": None,
    "asp": "gsp",
    "asp-plenary": "asp",
    "asp-governance-group": "asp",
    **{f"wg-action-area-{n}": "asp" for n in range(1, WORKING_GROUPS + 1)},
    # CESRA's own committees (Annex III), not the ASP's.
    "cesra-steering-committee": None,
    "cesra-technical-committee": None,
}
# Annex III: the steering committee is composed of "the GSP Secretariat, … and the FAO
# Regional Office for Asia and the Pacific (FAORAP)", whose seats, unlike the others, do not
# follow a role in the ASP; Annex IV: the governance group is composed of "the GSP
# Secretariat, the FAO Office for Asia and the Pacific (FAORAP)" among others.
OWN_SEATS = {
    "cesra-steering-committee": {"gsp-secretariat", "faorap"},
    "asp-governance-group": {"gsp-secretariat", "faorap"},
}


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


def test_the_participants_of_annex_ii_come_from_their_countries(demo: Cli) -> None:
    attendance = demo.json("meeting", "show", "asp-viii", "--format", "json")["attendance"]

    members = [a for a in attendance if a["capacity"] == "participant"]
    assert Counter(a["country"] for a in members) == BY_COUNTRY
    others = {a["name"]: a["capacity"] for a in attendance if a["capacity"] != "participant"}
    assert others == {
        "Fozia Memon": "fao",
        "Lucrezia Caon": "fao",
        "Ronald Vargas": "fao",
        "Harsha Kadupitiya": "itps",
        "Jeyanny Vijayanathan": "itps",
        "Nopmanee Suvannang": "itps",
    }


def test_the_work_plan_has_ten_activities_and_two_pilot_steps(demo: Cli) -> None:
    plan = demo.json(
        "workplan", "asp-work-plan-2023-2024", "--as-of", "2023-05-02", "--format", "json"
    )

    activities = [i for i in plan["items"] if i["parent"] is None]
    steps = [i for i in plan["items"] if i["parent"] is not None]
    assert (len(activities), len(steps)) == (WORK_PLAN_ACTIVITIES, PILOT_STEPS)
    [national] = [i for i in activities if i["title"].startswith("Draft and develop national")]
    assert {s["parent"] for s in steps} == {national["item"]}
    assert all(s["title"].startswith("Pilot countries") for s in steps)
    assert {(i["status"], i["progress"], i["due"]) for i in plan["items"]} == {("planned", 0, None)}
    adopted_by = plan["adopted_by"]
    decisions = demo.json("decisions", "--meeting", "asp-viii", "--format", "json")
    [adopting] = [d for d in decisions if d["decision"] == adopted_by]
    assert (adopting["item"], adopting["status"]) == ("work-plan", "agreed")


def test_the_follow_ups_of_sections_3_to_5_and_8(demo: Cli) -> None:
    items = demo.json("workplan", "--as-of", "2023-05-02", "--format", "json")["items"]
    decisions = demo.json("decisions", "--meeting", "asp-viii", "--format", "json")
    item_of = {d["decision"]: d["item"] for d in decisions}

    follow_ups = Counter(item_of[i["source"]] for i in items if i["plan"] is None)

    assert follow_ups == {
        "regional-priorities": FOLLOW_UPS["section 3"],
        "cesra": FOLLOW_UPS["section 4"],
        "swsr": FOLLOW_UPS["section 5"],
        "closure": FOLLOW_UPS["section 8"],
    }


def test_the_swsr_deadline_of_7_may_2023_is_overdue_the_day_after(demo: Cli) -> None:
    def overdue(day: str) -> list[tuple[str, str]]:
        plan = demo.json("workplan", "--as-of", day, "--overdue", "--format", "json")
        return [(i["title"], i["due"]) for i in plan["items"]]

    assert overdue("2023-05-07") == []
    assert overdue("2023-05-08") == [
        ("Submit CVs and the soil threats ranking sheets for the SWSR report 2025", "2023-05-07")
    ]


def test_the_ninth_meeting_around_may_2024_is_found_by_search(demo: Cli) -> None:
    hits = demo.json("search", "ninth meeting", "--format", "json")

    assert [h["kind"] for h in hits] == ["decision", "action item"]
    assert all("May 2024" in h["title"] for h in hits)


def test_the_holders_named_on_2_may_2023_and_none_before(demo: Cli) -> None:
    def held(day: str) -> dict[str, list[str]]:
        governance = demo.json("governance", "--as-of", day, "--format", "json")
        return {o["office"]: [h["holder"] for h in o["holders"]] for o in governance["offices"]}

    assert held("2023-05-02") == HOLDERS_ON_THE_DAY
    # The report gives no start dates: nothing is invented before the day it describes.
    assert held("2023-05-01") == {office: [] for office in HOLDERS_ON_THE_DAY}
    mandates = [e for e in demo.events() if e["type"] == "Office.MandateStarted"]
    assert {e["effective"] for e in mandates} == {"2023-05-02"}
    assert all(
        "report" in e["payload"]["basis"] or "Annex" in e["payload"]["basis"] for e in mandates
    )


def test_the_bodies_of_annexes_iii_and_iv_with_their_rules(demo: Cli) -> None:
    bodies = demo.json("governance", "--as-of", "2023-05-02", "--format", "json")["bodies"]
    names = [b["name"] for b in bodies]
    assert len([n for n in names if n.startswith("Working group on Action Area")]) == (
        WORKING_GROUPS
    )

    def rules(body: str) -> dict[str, object]:
        found: dict[str, object] = demo.json("body", "rules", body, "--format", "json")
        return found

    group, steering, technical = (
        rules("asp-governance-group"),
        rules("cesra-steering-committee"),
        rules("cesra-technical-committee"),
    )
    # Annex IV: the Chair, the Vice-Chair and the Secretariat sit on the governance group,
    # which "meets every four months".
    assert group["cadence_months"] == 4
    assert {"asp-chair", "asp-vice-chair", "asp-secretariat"} <= set(group["ex_officio"])
    # Annex III: the steering committee follows the official roles and meets at least yearly.
    assert steering["cadence_months"] == 12
    assert {"asp-chair", "cesra-director", "dsit-director", "dsrd-director"} <= set(
        steering["ex_officio"]
    )
    # Annex III: at most nine experts, selected every three years.
    assert (technical["max_members"], technical["term_years"]) == (9, 3)


def test_every_work_plan_fact_is_an_event_recorded_on_the_day_of_the_meeting(demo: Cli) -> None:
    events = demo.events()
    items = demo.json("workplan", "--as-of", "2023-05-02", "--format", "json")["items"]

    created = {e["entity"]: e for e in events if e["type"] == "ActionItem.Created"}
    assert len(items) == WORK_PLAN_ACTIVITIES + PILOT_STEPS + sum(FOLLOW_UPS.values())
    assert set(created) == {i["item"] for i in items}
    assert {(e["actor"], e["effective"]) for e in created.values()} == {
        ("ASP Secretariat", "2023-05-02")
    }
    [plan] = [e for e in events if e["type"] == "WorkPlan.Created"]
    assert (plan["entity"], plan["effective"]) == ("asp-work-plan-2023-2024", "2023-05-02")


def test_the_demo_work_plan_answers_differently_before_and_after_a_change(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path, db="demo.db")
    cli("demo", "--no-tui")
    cli(
        "action",
        "update",
        "wp-swsr-2025",
        "--status",
        "in-progress",
        "--progress",
        "50",
        "--on",
        "2023-11-15",
        "--note",
        "three chapters drafted",
    )

    def swsr(day: str) -> tuple[str, int]:
        plan = cli.json("workplan", "asp-work-plan-2023-2024", "--as-of", day, "--format", "json")
        [item] = [i for i in plan["items"] if i["item"] == "wp-swsr-2025"]
        return item["status"], item["progress"]

    assert swsr("2023-11-14") == ("planned", 0)
    assert swsr("2023-11-15") == ("in-progress", 50)


def test_the_asp_is_part_of_the_gsp_and_its_bodies_part_of_the_asp(demo: Cli) -> None:
    bodies = demo.json("governance", "--as-of", "2023-05-02", "--format", "json")["bodies"]

    assert {b["body"]: b["part_of"] for b in bodies} == PART_OF
    names = {b["body"]: b["name"] for b in bodies}
    assert (names["gsp"], names["asp"]) == (
        "Global Soil Partnership (GSP)",
        "Asian Soil Partnership (ASP)",
    )


def test_the_gsp_secretariat_and_faorap_sit_in_their_own_right(demo: Cli) -> None:
    bodies = demo.json("governance", "--as-of", "2023-05-02", "--format", "json")["bodies"]
    own = {
        b["body"]: {m["member"] for m in b["members"] if not m["ex_officio"]}
        for b in bodies
        if b["body"] in OWN_SEATS
    }

    assert own == OWN_SEATS
    # As with the mandates, the report gives no start: nothing is recorded before its day.
    before = demo.json("governance", "--as-of", "2023-05-01", "--format", "json")["bodies"]
    assert all(not b["members"] for b in before)


def test_the_technical_committee_rules_have_annex_iii_as_their_basis(demo: Cli) -> None:
    rules = demo.json("body", "rules", "cesra-technical-committee", "--format", "json")

    assert (rules["max_members"], rules["term_years"]) == (9, 3)
    assert rules["basis"].startswith("Annex III")


def test_what_section_6_created_has_its_decision_as_basis(demo: Cli) -> None:
    created = {
        e["entity"]: e["payload"]
        for e in demo.events()
        if e["type"] in ("Body.Created", "Office.Created")
    }
    decided = "one-chair-one-vice-chair-one-group"

    # "Participants agreed … to have one Chair, one Vice-Chair and one ASP governance group";
    # the ASP Chair was there before (Gina Nilo opened the meeting as ASP Chair).
    assert decided in created["asp-governance-group"]["basis"]
    assert decided in created["asp-vice-chair"]["basis"]
    assert created["asp-chair"]["basis"] is None
    # The working groups: "discussions on this proposal will continue offline".
    for n in range(1, WORKING_GROUPS + 1):
        assert "deferred" in created[f"wg-action-area-{n}"]["basis"]
    # The report names no decision for the partnerships or CESRA's bodies and offices.
    for handle in ("gsp", "asp", "cesra-steering-committee", "cesra-secretariat"):
        assert created[handle]["basis"] is None
