"""Meetings and decisions through the installed `ledger`: the eighth ASP meeting with its
agenda and attendance, decisions taken under its items and followed across venues (a written
procedure, the ninth meeting), read as of a day and as known before a correction, and every
refusal one `error:` line with nothing recorded.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from .conftest import Cli, assert_refused

SETUP = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'person add "Lucrezia Caon" --handle lucrezia-caon --country Italy',
    'person add "Ronald Vargas" --handle ronald-vargas',
    'body add "ASP plenary" --handle asp-plenary',
    'meeting add asp-viii "Eighth meeting of the Asian Soil Partnership" --date 2023-05-02'
    ' --number 8 --mode online --venue Zoom --hours "10:00-13:00 GMT+7" --registered 87'
    " --attending 48 --body asp-plenary",
    'meeting add asp-ix "Ninth meeting of the Asian Soil Partnership" --date 2024-05-14'
    " --number 9 --mode hybrid --body asp-plenary",
    'meeting agenda asp-viii opening "Opening remarks" --time 10:00-10:10'
    " --presenter gina-nilo --presenter ronald-vargas",
    'meeting agenda asp-viii governance "ASP governance" --time 12:30-13:00'
    " --moderator lucrezia-caon",
    "meeting attend asp-viii gina-nilo --capacity national-focal-point --affiliation Philippines",
    "meeting attend asp-viii lucrezia-caon --capacity fao --affiliation FAORAP",
    'meeting attend asp-viii ronald-vargas --capacity fao --affiliation "GSP Secretariat, FAO"',
    'decision record vice-chair-becomes-chair --outcome agreed --title "The Vice-Chair becomes'
    ' the ASP Chair" --meeting asp-viii --item governance --note "Section 6"',
    'decision defer working-groups --title "A working group under each Area of Action"'
    ' --meeting asp-viii --item governance --note "discussions will continue offline"',
    'decision refer asp-terms-of-reference --title "Terms of reference of the ASP positions"'
    ' --meeting asp-viii --item governance --deadline 2023-06-30 --note "endorsed by email"',
    "decision endorse asp-terms-of-reference --on 2023-06-20",
    "decision note asp-terms-of-reference --meeting asp-ix",
    "decision record working-groups --outcome agreed --meeting asp-ix --on 2024-05-14",
    # Decided at the next meeting without --on: the day is the meeting's.
    'decision defer ninth-meeting-host --title "A hosting country for ASP-IX"'
    " --meeting asp-viii --item governance",
    "decision record ninth-meeting-host --outcome agreed --meeting asp-ix",
    'decision record asp-x-venue --outcome noted --title "The tenth meeting will be in person"'
    " --meeting asp-ix",
]
# Recorded after the reads of "as known before" are taken.
CORRECTIONS = [
    "correct decision vice-chair-becomes-chair --outcome deferred"
    ' --reason "the minutes say it was deferred"',
    'correct decision working-groups --outcome rejected --reason "ASP-IX rejected it"',
    'retract attendance asp-viii ronald-vargas --reason "registered but did not connect"',
]


class Proceedings(NamedTuple):
    cli: Cli
    before_corrections: str  # the log position the corrections came after
    head: str  # `ledger head` once everything was recorded


def position(cli: Cli) -> str:
    return cli("head").out.split()[0]


@pytest.fixture(scope="module")
def asp(tmp_path_factory: pytest.TempPathFactory) -> Proceedings:
    cli = Cli(tmp_path_factory.mktemp("proceedings"))
    for step in SETUP:
        cli.line(step)
    before = position(cli)
    for step in CORRECTIONS:
        cli.line(step)
    return Proceedings(cli, before, cli("head").out)


def lives(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    return {d["decision"]: d for d in cli.json("decisions", *args, "--format", "json")}


def steps(life: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(s["what"], s["venue"], s["day"]) for s in life["steps"]]


# --- a meeting --------------------------------------------------------------------------------


def test_a_meeting_shows_its_numbers_agenda_and_named_attendance(asp: Proceedings) -> None:
    shown = asp.cli.json("meeting", "show", "asp-viii", "--format", "json")

    assert {k: v for k, v in shown.items() if k not in ("agenda", "attendance", "decisions")} == {
        "meeting": "asp-viii",
        "name": "Eighth meeting of the Asian Soil Partnership",
        "body": "asp-plenary",
        "number": 8,
        "day": "2023-05-02",
        "mode": "online",
        "venue": "Zoom",
        "hours": "10:00-13:00 GMT+7",
        "registered": 87,
        "attending": 48,
    }
    assert shown["agenda"] == [
        {
            "key": "opening",
            "title": "Opening remarks",
            "time": "10:00-10:10",
            "presenters": ["gina-nilo", "ronald-vargas"],
            "moderator": None,
        },
        {
            "key": "governance",
            "title": "ASP governance",
            "time": "12:30-13:00",
            "presenters": [],
            "moderator": "lucrezia-caon",
        },
    ]
    assert shown["attendance"] == [
        {
            "holder": "gina-nilo",
            "name": "Gina Nilo",
            "capacity": "national-focal-point",
            "affiliation": "Philippines",
            "country": "Philippines",
        },
        {
            "holder": "lucrezia-caon",
            "name": "Lucrezia Caon",
            "capacity": "fao",
            "affiliation": "FAORAP",
            "country": "Italy",
        },
    ]


def test_a_meeting_shows_the_decisions_tabled_under_its_items(asp: Proceedings) -> None:
    shown = asp.cli.json("meeting", "show", "asp-viii", "--format", "json")

    assert [(d["decision"], d["item"]) for d in shown["decisions"]] == [
        ("vice-chair-becomes-chair", "governance"),
        ("working-groups", "governance"),
        ("asp-terms-of-reference", "governance"),
        ("ninth-meeting-host", "governance"),
    ]


def test_a_later_meeting_shows_the_decisions_it_took_up_as_well_as_its_own(
    asp: Proceedings,
) -> None:
    shown = asp.cli.json("meeting", "show", "asp-ix", "--format", "json")

    assert [(d["decision"], d["meeting"]) for d in shown["decisions"]] == [
        ("working-groups", "asp-viii"),
        ("asp-terms-of-reference", "asp-viii"),
        ("ninth-meeting-host", "asp-viii"),
        ("asp-x-venue", "asp-ix"),
    ]


def test_the_register_dates_a_status_from_the_step_that_set_it_not_a_later_noting(
    asp: Proceedings,
) -> None:
    """asp-terms-of-reference was endorsed on 2023-06-20 and only noted at ASP-IX."""
    out = asp.cli("decisions").out

    [row] = [line for line in out.splitlines() if line.startswith("asp-terms-of-reference ")]
    assert row.split()[1:4] == ["governance", "endorsed", "2023-06-20"]


def test_the_register_in_a_table_shows_every_step_with_its_venue(asp: Proceedings) -> None:
    out = asp.cli("decisions").out

    steps = out.split("\nSteps\n")[1].splitlines()
    ours = [line.split() for line in steps if line.split()[:1] == ["asp-terms-of-reference"]]
    assert [" ".join(words[1:]) for words in ours] == [
        "2023-05-02 tabled asp-viii",
        "2023-05-02 sent to written procedure written-procedure (deadline 2023-06-30) "
        "endorsed by email",
        "2023-06-20 endorsed by written procedure written-procedure",
        "2024-05-14 noted asp-ix",
    ]


def test_a_meeting_in_a_table_says_how_many_attended_of_how_many_registered(
    asp: Proceedings,
) -> None:
    out = asp.cli("meeting", "show", "asp-viii").out

    lines = out.splitlines()
    assert lines[:3] == [
        "Eighth meeting of the Asian Soil Partnership (asp-viii)",
        "2023-05-02 · online · Zoom · 10:00-13:00 GMT+7",
        "Attended by 48 of 87 registered; 2 named participants",
    ]
    assert "Agenda" in lines
    assert "Decisions" in lines
    assert "Participants" in lines
    assert "lucrezia-caon" in out
    assert "ronald-vargas" in out  # a presenter still, though his attendance was retracted


def test_meetings_lists_every_meeting_in_date_order(asp: Proceedings) -> None:
    listed = asp.cli.json("meetings", "--format", "json")
    assert [(m["meeting"], m["day"], m["number"], m["mode"]) for m in listed] == [
        ("asp-viii", "2023-05-02", 8, "online"),
        ("asp-ix", "2024-05-14", 9, "hybrid"),
    ]

    rows = asp.cli("meetings").out.splitlines()
    assert rows[0].split() == ["MEETING", "DATE", "NAME", "MODE", "ATTENDED", "DECISIONS"]
    assert rows[1].split()[:2] == ["asp-viii", "2023-05-02"]
    assert rows[1].split()[-2:] == ["48/87", "4"]
    assert rows[2].split()[-2:] == ["0/?", "4"]  # one of its own, three taken up from ASP-VIII


# --- decisions --------------------------------------------------------------------------------


def test_a_decision_keeps_every_step_of_its_life_with_its_venue_and_day(asp: Proceedings) -> None:
    life = lives(asp.cli)["asp-terms-of-reference"]

    assert (life["status"], life["deadline"], life["meeting"], life["item"]) == (
        "endorsed",
        "2023-06-30",
        "asp-viii",
        "governance",
    )
    assert steps(life) == [
        ("tabled", "asp-viii", "2023-05-02"),
        ("sent to written procedure", "written-procedure", "2023-05-02"),
        ("endorsed by written procedure", "written-procedure", "2023-06-20"),
        ("noted", "asp-ix", "2024-05-14"),
    ]
    assert life["steps"][1]["note"] == "endorsed by email"


def test_decisions_of_a_meeting_are_those_tabled_or_taken_up_there(asp: Proceedings) -> None:
    """ASP-IX decided what ASP-VIII deferred and noted what the written procedure endorsed:
    its business is those as well as what it tabled itself, in the order first tabled."""
    assert list(lives(asp.cli, "--meeting", "asp-ix")) == [
        "working-groups",
        "asp-terms-of-reference",
        "ninth-meeting-host",
        "asp-x-venue",
    ]
    assert list(lives(asp.cli, "--meeting", "asp-viii")) == [
        "vice-chair-becomes-chair",
        "working-groups",
        "asp-terms-of-reference",
        "ninth-meeting-host",
    ]


def test_decisions_as_of_a_day_show_the_status_on_that_day(asp: Proceedings) -> None:
    before_endorsement = lives(asp.cli, "--as-of", "2023-06-19")["asp-terms-of-reference"]
    after_endorsement = lives(asp.cli, "--as-of", "2023-06-20")["asp-terms-of-reference"]

    assert before_endorsement["status"] == "in written procedure"
    assert [s["what"] for s in before_endorsement["steps"]] == [
        "tabled",
        "sent to written procedure",
    ]
    assert after_endorsement["status"] == "endorsed"


def test_decisions_as_of_a_day_before_the_meeting_list_nothing_tabled_later(
    asp: Proceedings,
) -> None:
    assert lives(asp.cli, "--as-of", "2023-05-01") == {}
    assert "asp-x-venue" not in lives(asp.cli, "--as-of", "2024-05-13")


def test_decisions_as_of_a_day_before_a_corrected_later_outcome_show_the_status_then(
    asp: Proceedings,
) -> None:
    """working-groups was deferred at ASP-VIII, then decided at ASP-IX, whose outcome was
    corrected: on a day between the two meetings it was deferred, whatever ASP-IX did."""
    assert lives(asp.cli, "--as-of", "2023-06-01")["working-groups"]["status"] == "deferred"
    assert lives(asp.cli, "--as-of", "2024-05-14")["working-groups"]["status"] == "rejected"


def test_a_decision_taken_at_a_later_meeting_is_dated_that_meeting_s_day_by_default(
    asp: Proceedings,
) -> None:
    """`--on` defaults to the meeting's day, as `decision record --help` says."""
    life = lives(asp.cli)["ninth-meeting-host"]

    assert steps(life) == [
        ("tabled", "asp-viii", "2023-05-02"),
        ("deferred", "asp-viii", "2023-05-02"),
        ("agreed", "asp-ix", "2024-05-14"),
    ]


def test_the_decision_register_comes_as_csv(asp: Proceedings) -> None:
    out = asp.cli("decisions", "--meeting", "asp-viii", "--format", "csv").out

    lines = out.splitlines()
    assert lines[0] == "decision,meeting,item,status,title"
    assert lines[1] == (
        "vice-chair-becomes-chair,asp-viii,governance,deferred,The Vice-Chair becomes the ASP Chair"
    )


# --- as the ledger knew it --------------------------------------------------------------------


def test_a_corrected_outcome_shows_the_correction_and_its_reason(asp: Proceedings) -> None:
    life = lives(asp.cli)["vice-chair-becomes-chair"]

    assert life["status"] == "deferred"
    assert [(s["what"], s["venue"], s["note"]) for s in life["steps"]] == [
        ("tabled", "asp-viii", None),
        ("agreed", "asp-viii", "Section 6"),
        ("outcome corrected to deferred", "correction", "the minutes say it was deferred"),
    ]


def test_decisions_known_before_the_correction_show_the_outcome_first_recorded(
    asp: Proceedings,
) -> None:
    life = lives(asp.cli, "--known-at", asp.before_corrections)["vice-chair-becomes-chair"]

    assert life["status"] == "agreed"
    assert [s["what"] for s in life["steps"]] == ["tabled", "agreed"]


def test_a_meeting_known_before_the_corrections_shows_its_first_record(asp: Proceedings) -> None:
    then = asp.cli.json(
        "meeting", "show", "asp-viii", "--known-at", asp.before_corrections, "--format", "json"
    )
    now = asp.cli.json("meeting", "show", "asp-viii", "--format", "json")

    assert [a["holder"] for a in then["attendance"]] == [
        "gina-nilo",
        "lucrezia-caon",
        "ronald-vargas",
    ]
    assert [a["holder"] for a in now["attendance"]] == ["gina-nilo", "lucrezia-caon"]
    assert {d["decision"]: d["status"] for d in then["decisions"]}["vice-chair-becomes-chair"] == (
        "agreed"
    )


def test_the_retraction_stays_in_the_audit_log_with_its_reason(asp: Proceedings) -> None:
    [retracted] = [e for e in asp.cli.events() if e["type"] == "Meeting.AttendanceRetracted"]

    assert retracted["entity"] == "asp-viii"
    assert retracted["payload"] == {
        "holder": "ronald-vargas",
        "reason": "registered but did not connect",
    }


# --- refusals ---------------------------------------------------------------------------------

REFUSALS = [
    (
        "an-unknown-meeting",
        'decision record x --outcome agreed --title "X" --meeting asp-xx',
        ["unknown handle", "meeting", "asp-xx"],
    ),
    ("showing-an-unknown-meeting", "meeting show asp-xx", ["unknown handle", "asp-xx"]),
    (
        "the-decisions-of-an-unknown-meeting",
        "decisions --meeting asp-xx",
        ["unknown handle", "asp-xx"],
    ),
    (
        "an-unknown-agenda-item",
        'decision record x --outcome agreed --title "X" --meeting asp-viii --item budget',
        ["unknown handle", "agenda item", "asp-viii", "budget"],
    ),
    (
        "an-unknown-attendee",
        "meeting attend asp-viii nobody",
        ["unknown handle", "holder", "nobody"],
    ),
    (
        "endorsing-a-decision-not-in-written-procedure",
        "decision endorse vice-chair-becomes-chair --on 2024-06-01",
        ["step not allowed", "vice-chair-becomes-chair", "decision refer"],
    ),
    (
        "a-step-dated-before-the-last",
        "decision note asp-terms-of-reference --meeting asp-viii",
        ["out of order", "asp-terms-of-reference", "2023-05-02", "2024-05-14"],
    ),
    (
        "a-written-procedure-deadline-before-the-referral",
        'decision refer y --title "Y" --meeting asp-viii --deadline 2023-04-30',
        ["out of order", "y", "deadline", "2023-04-30"],
    ),
    (
        "a-second-outcome",
        "decision record asp-terms-of-reference --outcome rejected",
        ["step not allowed", "asp-terms-of-reference", "endorsed"],
    ),
    (
        "a-second-agenda-item-with-the-same-key",
        'meeting agenda asp-viii governance "ASP governance again"',
        ["already recorded", "asp-viii", "governance"],
    ),
    (
        "attending-twice",
        "meeting attend asp-viii gina-nilo",
        ["already recorded", "asp-viii", "gina-nilo"],
    ),
    (
        "a-correction-without-a-reason",
        'correct decision asp-terms-of-reference --outcome rejected --reason " "',
        ["reason required", "asp-terms-of-reference"],
    ),
    (
        "retracting-an-attendance-already-retracted",
        'retract attendance asp-viii ronald-vargas --reason "again"',
        ["no such entry", "ronald-vargas", "asp-viii"],
    ),
    (
        "a-new-decision-without-a-meeting",
        "decision record z --outcome agreed",
        ["unknown handle", "z", "--meeting"],
    ),
]


@pytest.mark.parametrize(("command", "words"), [pytest.param(c, w, id=i) for i, c, w in REFUSALS])
def test_a_broken_rule_is_refused_in_one_line_and_records_nothing(
    asp: Proceedings, command: str, words: list[str]
) -> None:
    assert_refused(asp.cli.line(command, ok=False), *words)
    assert asp.cli("head").out == asp.head
