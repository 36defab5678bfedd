"""The ASP governance of the report (section 6, Annexes III and IV), replayed through the
installed `ledger` as a secretariat would record it: national focal points as a role held over
time, a Chair and a Vice-Chair elected among them, the Chair's term completed and handed over
by `succession apply`, the former Chair in the governance group for three years, the CESRA
steering committee's ex-officio seats following each handover, a tenth technical-committee
member refused, and the compliance calendar that all of it implies.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import Cli, assert_refused

FOCAL_POINTS = {
    "nfp-philippines": ("Philippines", "gina-nilo", "Gina Nilo"),
    "nfp-bangladesh": ("Bangladesh", "manzurul-hoque", "F.M. Manzurul Hoque"),
    "nfp-thailand": ("Thailand", "sunsanee-arunyawat", "Sunsanee Arunyawat"),
}
# Experts of Annex II for the technical committee, beside the three focal points.
EXPERTS = {
    "hideo-kubotera": ("Hideo Kubotera", "Japan"),
    "markus-anda": ("Markus Anda", "Indonesia"),
    "jeyanny-vijayanathan": ("Jeyanny Vijayanathan", "Malaysia"),
    "satira-udomsri": ("Satira Udomsri", "Thailand"),
    "harsha-kadupitiya": ("Harsha Kadupitiya", "Sri Lanka"),
    "nopmanee-suvannang": ("Nopmanee Suvannang", "Thailand"),
}
TECHNICAL_COMMITTEE = [*(h for _, h, _ in FOCAL_POINTS.values()), *EXPERTS]

SETUP = [
    "init",
    *(
        f'person add "{name}" --handle {holder} --country {country}'
        for country, holder, name in FOCAL_POINTS.values()
    ),
    *(f'person add "{name}" --handle {h} --country "{c}"' for h, (name, c) in EXPERTS.items()),
    'person add "Lucrezia Caon" --handle lucrezia-caon --country FAORAP',
    'body add "ASP governance group" --handle asp-governance-group',
    'body add "CESRA steering committee" --handle cesra-steering-committee',
    'body add "CESRA technical committee" --handle cesra-technical-committee',
    # National focal points: a role held over time, by whoever holds the country's office.
    *(
        f'office add "GSP national focal point for {country}" --handle {office}'
        for office, (country, _, _) in FOCAL_POINTS.items()
    ),
    *(
        f"office rules {office} --role national-focal-point --basis 'GSP focal points'"
        for office in FOCAL_POINTS
    ),
    *(
        f"mandate start {office} {holder} --from 2019-01-01"
        for office, (_, holder, _) in FOCAL_POINTS.items()
    ),
    # Annex IV.
    'office add "ASP Chair" --handle asp-chair --body asp-governance-group',
    'office add "ASP Vice-Chair" --handle asp-vice-chair --body asp-governance-group',
    "office rules asp-vice-chair --term-years 3 --eligible-role national-focal-point",
    "office rules asp-chair --term-years 3 --eligible-role national-focal-point"
    " --successor-from asp-vice-chair --alumni-body asp-governance-group --alumni-years 3"
    ' --basis "Annex IV"',
    "body rules asp-governance-group --ex-officio asp-chair --ex-officio asp-vice-chair"
    " --cadence-months 4",
    # Annex III.
    "body rules cesra-steering-committee --ex-officio asp-chair --ex-officio asp-vice-chair",
    "body rules cesra-technical-committee --max-members 9 --term-years 3",
    *(f"member add cesra-technical-committee {h} --from 2023-05-02" for h in TECHNICAL_COMMITTEE),
    # The elections of 2021: a contested Chair, an unopposed Vice-Chair.
    "election open chair-2021 --office asp-chair --opens 2021-03-01 --closes 2021-04-01",
    "election nominate chair-2021 gina-nilo --on 2021-03-05",
    "election nominate chair-2021 sunsanee-arunyawat --on 2021-03-08",
    "election tally chair-2021 gina-nilo=21 sunsanee-arunyawat=9 --on 2021-05-04",
    "election close chair-2021 --on 2021-05-04",
    "election open vice-chair-2021 --office asp-vice-chair --opens 2021-03-01 --closes 2021-04-01",
    "election nominate vice-chair-2021 manzurul-hoque --on 2021-03-10",
    "election close vice-chair-2021 --on 2021-05-04",
    # 2024: the governance group meets, a written procedure runs, the next call opens.
    'meeting add gg-2024-1 "ASP governance group, first meeting of 2024" --date 2024-01-10'
    " --body asp-governance-group --mode online",
    'meeting agenda gg-2024-1 tors "Terms of reference"',
    'decision refer asp-terms-of-reference --title "Terms of reference of the ASP positions"'
    " --meeting gg-2024-1 --item tors --deadline 2024-02-15",
    "election open vice-chair-2024 --office asp-vice-chair --opens 2024-01-15 --closes 2024-03-01",
]

HANDOVER = "2024-05-04"  # three years after the Chair's mandate began
SECOND_HANDOVER = "2027-05-04"


def tenure(holder: str, name: str, start: str, end: str | None) -> dict[str, Any]:
    return {"holder": holder, "name": name, "start": start, "end": end, "acting": False}


def seat(member: str, name: str, start: str, end: str | None, ex_officio: bool) -> dict[str, Any]:
    return {"member": member, "name": name, "start": start, "end": end, "ex_officio": ex_officio}


def copy_of(cli: Cli, where: Path) -> Cli:
    """The same ledger in another directory, for a test that records on it."""
    shutil.copytree(cli.cwd, where, ignore=shutil.ignore_patterns("home"))
    return Cli(where)


def members(cli: Cli, body: str, day: str) -> list[dict[str, Any]]:
    governance = cli.json("governance", "--as-of", day, "--format", "json")
    [found] = [b for b in governance["bodies"] if b["body"] == body]
    return list(found["members"])


def head(cli: Cli) -> str:
    return cli("head").out


def open_chair_election(cli: Cli) -> None:
    """The call for the ASP Chair of 2024: open in March."""
    cli(
        "election",
        "open",
        "chair-2024",
        "--office",
        "asp-chair",
        "--opens",
        "2024-03-01",
        "--closes",
        "2024-04-01",
    )


@pytest.fixture(scope="module")
def elected(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The ASP of 2021 to early 2024: a Chair and a Vice-Chair elected, terms running."""
    cli = Cli(tmp_path_factory.mktemp("asp-elected"))
    for step in SETUP:
        cli.line(step)
    return cli


@pytest.fixture(scope="module")
def handed_over(elected: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """Two handovers: in 2024 the Vice-Chair becomes Chair and a new Vice-Chair is elected; in
    2027 that Vice-Chair becomes Chair in turn."""
    cli = copy_of(elected, tmp_path_factory.mktemp("asp-handed-over") / "ledger")
    cli("succession", "apply", "asp-chair", "--on", HANDOVER, "--yes")
    cli("election", "nominate", "vice-chair-2024", "sunsanee-arunyawat", "--on", "2024-02-01")
    cli("election", "close", "vice-chair-2024", "--on", HANDOVER)
    cli("succession", "apply", "asp-chair", "--on", SECOND_HANDOVER, "--yes")
    return cli


# --- the rules and the elections ----------------------------------------------------------------


def test_national_focal_points_are_offices_whose_role_is_national_focal_point(elected: Cli) -> None:
    rules = elected.json("office", "rules", "nfp-bangladesh", "--format", "json")

    assert (rules["role"], rules["basis"]) == ("national-focal-point", "GSP focal points")
    assert elected.json(
        "holders", "nfp-bangladesh", "--as-of", "2021-03-10", "--format", "json"
    ) == [tenure("manzurul-hoque", "F.M. Manzurul Hoque", "2019-01-01", None)]


def test_the_chair_s_terms_of_reference_are_those_of_annex_iv(elected: Cli) -> None:
    assert elected.json("office", "rules", "asp-chair", "--format", "json") == {
        "office": "asp-chair",
        "term_years": 3,
        "seats": 1,
        "role": None,
        "eligible_role": "national-focal-point",
        "successor_from": "asp-vice-chair",
        "alumni_body": "asp-governance-group",
        "alumni_years": 3,
        "acting_from": None,
        "basis": "Annex IV",
    }


def test_the_elected_chair_and_vice_chair_hold_office_from_the_result(elected: Cli) -> None:
    assert elected.json("holders", "asp-chair", "--format", "json") == [
        tenure("gina-nilo", "Gina Nilo", "2021-05-04", None)
    ]
    assert elected.json("holders", "asp-vice-chair", "--format", "json") == [
        tenure("manzurul-hoque", "F.M. Manzurul Hoque", "2021-05-04", None)
    ]


def test_the_elections_show_candidates_votes_method_and_winner(elected: Cli) -> None:
    records = {e["election"]: e for e in elected.json("elections", "--format", "json")}

    chair = records["chair-2021"]
    assert (chair["winner"], chair["closed"], chair["method"]) == (
        "gina-nilo",
        "2021-05-04",
        "simple majority",
    )
    assert [(c["candidate"], c["votes"], c["withdrawn"]) for c in chair["candidates"]] == [
        ("gina-nilo", 21, False),
        ("sunsanee-arunyawat", 9, False),
    ]
    vice = records["vice-chair-2021"]
    assert (vice["winner"], vice["method"]) == ("manzurul-hoque", "unopposed")
    assert (records["vice-chair-2024"]["winner"], records["vice-chair-2024"]["closed"]) == (
        None,
        None,
    )


def test_an_elected_mandate_names_its_election_as_its_basis(elected: Cli) -> None:
    started = [
        e
        for e in elected.events()
        if e["type"] == "Office.MandateStarted" and e["entity"] == "asp-chair"
    ]

    assert [(e["payload"]["holder"], e["payload"]["basis"]) for e in started] == [
        ("gina-nilo", "elected (chair-2021)")
    ]


def test_a_candidate_who_is_no_national_focal_point_is_refused(elected: Cli) -> None:
    before = head(elected)

    refused = elected(
        "election", "nominate", "vice-chair-2024", "lucrezia-caon", "--on", "2024-02-01", ok=False
    )

    assert_refused(refused, "ineligible candidate", "lucrezia-caon", "national-focal-point")
    assert refused.err.startswith("error: ineligible candidate: lucrezia-caon")
    assert "--override" in refused.err
    assert head(elected) == before


def test_a_nomination_after_the_call_closed_is_refused(elected: Cli) -> None:
    before = head(elected)

    refused = elected(
        "election", "nominate", "vice-chair-2024", "gina-nilo", "--on", "2024-03-01", ok=False
    )

    assert_refused(refused, "election closed", "vice-chair-2024", "2024-03-01")
    assert head(elected) == before


def test_a_tie_is_reported_never_decided_and_the_deciding_body_s_choice_is_recorded(
    elected: Cli, tmp_path: Path
) -> None:
    cli = copy_of(elected, tmp_path / "ledger")
    cli("mandate", "end", "asp-chair", "gina-nilo", "--on", HANDOVER, "--reason", "completed")
    open_chair_election(cli)
    for who in ("gina-nilo", "sunsanee-arunyawat"):
        cli("election", "nominate", "chair-2024", who, "--on", "2024-03-02")
    cli(
        "election", "tally", "chair-2024", "gina-nilo=12", "sunsanee-arunyawat=12", "--on", HANDOVER
    )
    before = cli.event_count()

    refused = cli("election", "close", "chair-2024", "--on", HANDOVER, ok=False)

    assert_refused(refused, "no winner", "chair-2024", "tie", "gina-nilo", "sunsanee-arunyawat")
    assert "--override" in refused.err
    assert cli.event_count() == before
    cli(
        "election",
        "close",
        "chair-2024",
        "--on",
        HANDOVER,
        "--winner",
        "sunsanee-arunyawat",
        "--override",
        "the plenary chose by consensus",
    )
    [record] = [
        e for e in cli.json("elections", "--format", "json") if e["election"] == "chair-2024"
    ]
    assert (record["winner"], record["method"]) == ("sunsanee-arunyawat", "override")
    assert cli.json("holders", "asp-chair", "--as-of", HANDOVER, "--format", "json") == [
        tenure("sunsanee-arunyawat", "Sunsanee Arunyawat", HANDOVER, None)
    ]


def test_a_result_whose_mandate_cannot_start_leaves_the_election_open(
    elected: Cli, tmp_path: Path
) -> None:
    """Closing and the winner's mandate are one save: the Chair still holds the one seat, so
    neither is recorded."""
    cli = copy_of(elected, tmp_path / "ledger")
    open_chair_election(cli)
    cli("election", "nominate", "chair-2024", "sunsanee-arunyawat", "--on", "2024-03-02")
    before = cli.event_count()

    refused = cli("election", "close", "chair-2024", "--on", HANDOVER, ok=False)

    assert_refused(refused, "seats full", "asp-chair", "gina-nilo")
    assert cli.event_count() == before
    [record] = [
        e for e in cli.json("elections", "--format", "json") if e["election"] == "chair-2024"
    ]
    assert (record["winner"], record["closed"]) == (None, None)


# --- the succession ------------------------------------------------------------------------------


def test_a_dry_run_shows_what_the_handover_would_record_and_records_nothing(elected: Cli) -> None:
    before = head(elected)

    out = elected("succession", "apply", "asp-chair", "--on", HANDOVER, "--dry-run").out

    lines = out.splitlines()
    assert lines[0] == f"succession of asp-chair on {HANDOVER} will record:"
    assert lines[-1] == "nothing recorded (dry run)"
    plan = lines[1:-1]
    assert len(plan) == 4
    assert plan[0].strip().startswith("Office.MandateEnded asp-chair: ")
    assert "holder=gina-nilo" in plan[0]
    assert "Office.MandateStarted asp-chair: " in plan[1]
    assert "holder=manzurul-hoque" in plan[1]
    assert "Office.MandateEnded asp-vice-chair: " in plan[2]
    assert "Body.MemberAdded asp-governance-group: " in plan[3]
    assert "member=gina-nilo, start=2024-05-04, end=2027-05-04" in plan[3]
    assert head(elected) == before


def test_a_handover_before_the_term_completes_is_refused(elected: Cli) -> None:
    before = head(elected)

    refused = elected("succession", "apply", "asp-chair", "--on", "2024-05-03", "--yes", ok=False)

    assert_refused(
        refused, "term not complete", "asp-chair", "gina-nilo", "2024-05-04", "--override"
    )
    assert head(elected) == before


def test_a_handover_without_yes_away_from_a_terminal_asks_for_confirmation(elected: Cli) -> None:
    before = head(elected)

    completed = subprocess.run(
        elected.argv("succession", "apply", "asp-chair", "--on", HANDOVER),
        cwd=elected.cwd,
        env=elected.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )

    assert completed.returncode != 0
    assert "Traceback" not in completed.stdout + completed.stderr
    [line] = completed.stderr.splitlines()
    assert line.startswith("error: confirmation needed: `succession apply`")
    assert "--yes" in line
    assert head(elected) == before


def test_the_handover_makes_the_vice_chair_chair_on_the_day_the_term_completes(
    handed_over: Cli,
) -> None:
    assert handed_over.json("holders", "asp-chair", "--format", "json") == [
        tenure("gina-nilo", "Gina Nilo", "2021-05-04", HANDOVER),
        tenure("manzurul-hoque", "F.M. Manzurul Hoque", HANDOVER, SECOND_HANDOVER),
        tenure("sunsanee-arunyawat", "Sunsanee Arunyawat", SECOND_HANDOVER, None),
    ]
    assert handed_over.json("holders", "asp-vice-chair", "--format", "json") == [
        tenure("manzurul-hoque", "F.M. Manzurul Hoque", "2021-05-04", HANDOVER),
        tenure("sunsanee-arunyawat", "Sunsanee Arunyawat", HANDOVER, SECOND_HANDOVER),
    ]
    on_the_day = handed_over.json("holders", "asp-chair", "--as-of", HANDOVER, "--format", "json")
    assert [t["holder"] for t in on_the_day] == ["manzurul-hoque"]


def test_the_handover_names_the_terms_of_reference_as_its_basis(handed_over: Cli) -> None:
    started = [
        e["payload"]
        for e in handed_over.events()
        if e["type"] == "Office.MandateStarted" and e["entity"] == "asp-chair"
    ]

    assert [(p["holder"], p["basis"]) for p in started] == [
        ("gina-nilo", "elected (chair-2021)"),
        ("manzurul-hoque", "succession under the terms of reference of asp-chair"),
        ("sunsanee-arunyawat", "succession under the terms of reference of asp-chair"),
    ]


def test_the_former_chair_sits_in_the_governance_group_for_three_years(handed_over: Cli) -> None:
    gina = seat("gina-nilo", "Gina Nilo", HANDOVER, SECOND_HANDOVER, False)
    manzurul_as_chair = seat(
        "manzurul-hoque", "F.M. Manzurul Hoque", HANDOVER, SECOND_HANDOVER, True
    )
    sunsanee_as_vice = seat(
        "sunsanee-arunyawat", "Sunsanee Arunyawat", HANDOVER, SECOND_HANDOVER, True
    )

    assert members(handed_over, "asp-governance-group", "2024-05-03") == [
        seat("gina-nilo", "Gina Nilo", "2021-05-04", HANDOVER, True),
        seat("manzurul-hoque", "F.M. Manzurul Hoque", "2021-05-04", HANDOVER, True),
    ]
    assert members(handed_over, "asp-governance-group", HANDOVER) == [
        gina,
        manzurul_as_chair,
        sunsanee_as_vice,
    ]
    assert members(handed_over, "asp-governance-group", "2027-05-03") == [
        gina,
        manzurul_as_chair,
        sunsanee_as_vice,
    ]
    assert members(handed_over, "asp-governance-group", SECOND_HANDOVER) == [
        seat("manzurul-hoque", "F.M. Manzurul Hoque", SECOND_HANDOVER, "2030-05-04", False),
        seat("sunsanee-arunyawat", "Sunsanee Arunyawat", SECOND_HANDOVER, None, True),
    ]


def test_the_steering_committee_s_ex_officio_seats_follow_each_handover(handed_over: Cli) -> None:
    def sitting(day: str) -> list[tuple[str, str, str | None, bool]]:
        return [
            (m["member"], m["start"], m["end"], m["ex_officio"])
            for m in members(handed_over, "cesra-steering-committee", day)
        ]

    assert sitting("2024-05-03") == [
        ("gina-nilo", "2021-05-04", HANDOVER, True),
        ("manzurul-hoque", "2021-05-04", HANDOVER, True),
    ]
    assert sitting(HANDOVER) == [
        ("manzurul-hoque", HANDOVER, SECOND_HANDOVER, True),
        ("sunsanee-arunyawat", HANDOVER, SECOND_HANDOVER, True),
    ]
    assert sitting(SECOND_HANDOVER) == [("sunsanee-arunyawat", SECOND_HANDOVER, None, True)]


def test_the_same_handover_cannot_be_applied_twice(handed_over: Cli) -> None:
    before = head(handed_over)

    refused = handed_over("succession", "apply", "asp-chair", "--on", HANDOVER, "--yes", ok=False)

    assert_refused(refused, "asp-chair")
    assert head(handed_over) == before


@pytest.fixture(scope="module")
def handed_over_early(elected: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = copy_of(elected, tmp_path_factory.mktemp("asp-early") / "ledger")
    cli(
        "succession",
        "apply",
        "asp-chair",
        "--on",
        "2024-03-01",
        "--override",
        "the Chair resigned for health reasons",
        "--yes",
    )
    return cli


def test_an_override_hands_over_early_and_its_reason_is_in_the_recorded_basis(
    handed_over_early: Cli,
) -> None:
    assert handed_over_early.json("holders", "asp-chair", "--format", "json") == [
        tenure("gina-nilo", "Gina Nilo", "2021-05-04", "2024-03-01"),
        tenure("manzurul-hoque", "F.M. Manzurul Hoque", "2024-03-01", None),
    ]
    [started] = [
        e
        for e in handed_over_early.events()
        if e["type"] == "Office.MandateStarted"
        and e["payload"]["holder"] == "manzurul-hoque"
        and e["entity"] == "asp-chair"
    ]
    assert started["payload"]["basis"] == (
        "succession under the terms of reference of asp-chair "
        "(override: the Chair resigned for health reasons)"
    )
    assert started["effective"] == "2024-03-01"
    assert started["actor"] == "acceptance-tester"


def test_an_overridden_handover_does_not_record_the_term_as_completed(
    handed_over_early: Cli,
) -> None:
    """The Chair's mandate ended ten weeks before its term completed: the deviation is what
    the override's reason explains, and the ended mandate must say so rather than claim the
    term completed."""
    [ended] = [
        e["payload"]
        for e in handed_over_early.events()
        if e["type"] == "Office.MandateEnded" and e["entity"] == "asp-chair"
    ]

    assert ended["holder"] == "gina-nilo"
    assert "the Chair resigned for health reasons" in ended["reason"]
    assert "term completed" not in ended["reason"]


def test_a_succession_after_the_chair_is_re_elected_is_refused_as_impossible(
    elected: Cli, tmp_path: Path
) -> None:
    """Annex IV: the Vice-Chair becomes Chair "in case the ASP Chair is not re-elected"."""
    cli = copy_of(elected, tmp_path / "ledger")
    cli("mandate", "end", "asp-chair", "gina-nilo", "--on", HANDOVER, "--reason", "term completed")
    open_chair_election(cli)
    cli("election", "nominate", "chair-2024", "gina-nilo", "--on", "2024-03-02")
    cli("election", "close", "chair-2024", "--on", HANDOVER)
    before = head(cli)

    refused = cli("succession", "apply", "asp-chair", "--on", HANDOVER, "--dry-run", ok=False)

    assert_refused(refused, "succession impossible", "asp-chair", "gina-nilo", "re-elected")
    assert head(cli) == before


def test_the_vice_chair_acts_for_an_unavailable_chair_as_the_terms_of_reference_say(
    elected: Cli, tmp_path: Path
) -> None:
    cli = copy_of(elected, tmp_path / "ledger")
    before = cli.event_count()
    refused = cli("succession", "act", "asp-chair", "--from", "2023-01-10", "--yes", ok=False)
    assert_refused(refused, "succession impossible", "asp-chair", "--acting-from")
    assert cli.event_count() == before
    cli("office", "rules", "asp-chair", "--acting-from", "asp-vice-chair", "--basis", "Annex IV")

    shown = cli(
        "succession",
        "act",
        "asp-chair",
        "--from",
        "2023-01-10",
        "--until",
        "2023-02-01",
        "--dry-run",
    ).out
    assert "holder=manzurul-hoque, start=2023-01-10, end=2023-02-01, acting=True" in shown
    assert shown.splitlines()[-1] == "nothing recorded (dry run)"
    cli("succession", "act", "asp-chair", "--from", "2023-01-10", "--until", "2023-02-01", "--yes")

    assert cli.json("holders", "asp-chair", "--as-of", "2023-01-10", "--format", "json") == [
        tenure("gina-nilo", "Gina Nilo", "2021-05-04", None),
        {
            **tenure("manzurul-hoque", "F.M. Manzurul Hoque", "2023-01-10", "2023-02-01"),
            "acting": True,
        },
    ]
    [started] = [e for e in cli.events() if e["type"] == "Office.MandateStarted"][-1:]
    assert started["payload"]["basis"] == (
        "acting under the terms of reference of asp-chair (holder of asp-vice-chair)"
    )
    before = cli.event_count()
    refused = cli("succession", "act", "asp-chair", "--from", "2020-06-01", "--yes", ok=False)
    assert_refused(refused, "succession impossible", "asp-vice-chair", "2020-06-01")
    assert cli.event_count() == before


# --- the CESRA technical committee ---------------------------------------------------------------


def test_the_technical_committee_refuses_a_tenth_member(elected: Cli) -> None:
    assert len(members(elected, "cesra-technical-committee", "2023-05-02")) == 9
    before = head(elected)

    refused = elected(
        "member",
        "add",
        "cesra-technical-committee",
        "lucrezia-caon",
        "--from",
        "2024-01-01",
        ok=False,
    )

    assert_refused(refused, "body full", "cesra-technical-committee", "9", "10")
    assert head(elected) == before


def test_a_body_refuses_a_maximum_below_one(elected: Cli) -> None:
    before = head(elected)

    refused = elected("body", "rules", "cesra-technical-committee", "--max-members", "0", ok=False)

    assert_refused(refused, "--max-members")
    assert head(elected) == before


def test_a_maximum_below_the_nine_members_seated_is_refused(elected: Cli) -> None:
    before = elected.event_count()

    refused = elected("body", "rules", "cesra-technical-committee", "--max-members", "7", ok=False)

    assert_refused(
        refused, "maximum below membership", "cesra-technical-committee", "7", "9", "--override"
    )
    assert "2023-05-02" in refused.err
    assert elected.event_count() == before
    assert (
        elected.json("body", "rules", "cesra-technical-committee", "--format", "json")[
            "max_members"
        ]
        == 9
    )


def test_a_maximum_below_the_members_seated_is_recorded_with_the_override_s_reason(
    elected: Cli, tmp_path: Path
) -> None:
    cli = copy_of(elected, tmp_path / "ledger")

    cli(
        "body",
        "rules",
        "cesra-technical-committee",
        "--max-members",
        "7",
        "--basis",
        "steering committee, 2024",
        "--override",
        "two experts step down at the renewal",
    )

    rules = cli.json("body", "rules", "cesra-technical-committee", "--format", "json")
    assert (rules["max_members"], rules["basis"]) == (
        7,
        "steering committee, 2024 (override: two experts step down at the renewal)",
    )
    [changed] = [e for e in cli.events() if e["type"] == "Body.RulesChanged"][-1:]
    assert changed["payload"]["basis"] == rules["basis"]


def test_a_maximum_lowered_once_the_seats_end_at_the_renewal_needs_no_override(
    elected: Cli, tmp_path: Path
) -> None:
    cli = copy_of(elected, tmp_path / "ledger")
    for member in TECHNICAL_COMMITTEE:
        cli("member", "remove", "cesra-technical-committee", member, "--on", "2026-05-02")

    cli("body", "rules", "cesra-technical-committee", "--max-members", "7")

    rules = cli.json("body", "rules", "cesra-technical-committee", "--format", "json")
    assert rules["max_members"] == 7


# --- the compliance calendar --------------------------------------------------------------------


def test_the_calendar_lists_what_falls_due_from_the_log(elected: Cli) -> None:
    entries = elected.json("calendar", "--from", "2024-02-01", "--days", "120", "--format", "json")

    assert [(e["day"], e["kind"], e["entity"]) for e in entries] == [
        ("2024-02-15", "written procedure", "asp-terms-of-reference"),
        ("2024-03-01", "call closes", "vice-chair-2024"),
        ("2024-05-04", "term completes", "asp-chair"),
        ("2024-05-04", "term completes", "asp-vice-chair"),
        ("2024-05-10", "meeting due", "asp-governance-group"),
    ]
    texts = {e["entity"]: e["text"] for e in entries}
    assert texts["asp-chair"] == "Gina Nilo's 3-year term as ASP Chair completes"
    assert "every 4 months; last met 2024-01-10" in texts["asp-governance-group"]


def test_the_calendar_lists_the_former_chair_s_seat_ending_though_it_starts_in_the_window(
    handed_over: Cli,
) -> None:
    """A membership that begins and ends inside the window falls due inside it, as a mandate
    that does already shows."""
    entries = handed_over.json(
        "calendar", "--from", "2024-01-01", "--days", "1500", "--format", "json"
    )

    due = {(e["day"], e["kind"], e["entity"]) for e in entries}
    assert ("2027-05-04", "term completes", "asp-chair") not in due  # it ended by succession
    assert ("2027-05-04", "mandate ends", "asp-chair") in due
    assert ("2027-05-04", "membership ends", "asp-governance-group") in due


def test_a_meeting_held_inside_the_window_moves_the_next_one_due(
    elected: Cli, tmp_path: Path
) -> None:
    """The governance group meets every four months: met on 2024-01-10 and again on
    2024-04-01, its next meeting is due on 2024-08-01, not 2024-05-10; missed, it is due
    once, until it meets late on 2024-09-15, from which the next falls due in turn."""
    cli = copy_of(elected, tmp_path / "ledger")
    for handle, day in (("gg-2024-2", "2024-04-01"), ("gg-2024-3", "2024-09-15")):
        cli(
            "meeting",
            "add",
            handle,
            "Governance group",
            "--date",
            day,
            "--body",
            "asp-governance-group",
        )

    entries = cli.json("calendar", "--from", "2024-02-01", "--days", "365", "--format", "json")

    due = [(e["day"], e["text"]) for e in entries if e["kind"] == "meeting due"]
    assert due == [
        ("2024-08-01", "ASP governance group meets every 4 months; last met 2024-04-01"),
        ("2025-01-15", "ASP governance group meets every 4 months; last met 2024-09-15"),
    ]
    overdue = cli.json("calendar", "--from", "2024-09-01", "--days", "30", "--format", "json")
    assert [(e["day"], e["text"]) for e in overdue if e["kind"] == "meeting due"] == [
        (
            "2024-09-01",
            "ASP governance group meets every 4 months; last met 2024-04-01 (overdue)",
        )
    ]


def test_a_technical_committee_member_resigning_makes_a_replacement_due_until_one_joins(
    elected: Cli, tmp_path: Path
) -> None:
    cli = copy_of(elected, tmp_path / "ledger")
    cli(
        "member",
        "remove",
        "cesra-technical-committee",
        "markus-anda",
        "--on",
        "2024-06-01",
        "--reason",
        "resigned",
    )

    def replacements() -> list[tuple[str, str, str]]:
        entries = cli.json("calendar", "--from", "2024-05-01", "--days", "60", "--format", "json")
        return [(e["day"], e["kind"], e["text"]) for e in entries if e["kind"] == "replacement due"]

    assert replacements() == [
        (
            "2024-06-01",
            "replacement due",
            "Markus Anda leaves CESRA technical committee before the 3-year seat completes; "
            "no replacement is recorded",
        )
    ]
    cli("member", "add", "cesra-technical-committee", "lucrezia-caon", "--from", "2024-07-01")
    assert replacements() == []


def test_the_calendar_known_at_a_position_is_the_calendar_it_said_then(
    elected: Cli, tmp_path: Path
) -> None:
    """A meeting held, a member resigning and a new cadence, recorded later, each change the
    calendar; asked as known before them, it says what it said then."""
    cli = copy_of(elected, tmp_path / "ledger")
    window = ("calendar", "--from", "2024-02-01", "--days", "365", "--format", "json")
    then = cli("head").out.split()[0]
    said = cli(*window).out
    cli(
        "meeting",
        "add",
        "gg-2024-2",
        "GG",
        "--date",
        "2024-04-01",
        "--body",
        "asp-governance-group",
    )
    cli("member", "remove", "cesra-technical-committee", "markus-anda", "--on", "2024-06-01")
    cli("body", "rules", "asp-governance-group", "--cadence-months", "6")

    assert cli(*window).out != said
    assert cli(*window, "--known-at", then).out == said
