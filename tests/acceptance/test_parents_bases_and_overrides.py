"""Through the installed `ledger`: a body part of another (`body add --part-of`), the basis a
body or an office was created on (`--basis`), the deviations that need `--override` (a member
beyond a body's maximum, an acting holder the office's acting rule does not name), and free
text kept to one line."""

from __future__ import annotations

import json

import pytest

from .conftest import Cli, assert_refused

SETUP = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo',
    'person add "Bob Ray" --handle bob',
    'person add "Cy Dee" --handle cy',
    'body add "Global Soil Partnership" --handle gsp',
    'body add "Asian Soil Partnership" --handle asp --part-of gsp',
    'body add "ASP governance group" --handle asp-governance-group --part-of asp'
    ' --basis "ASP-VIII, section 6: one Chair, one Vice-Chair and one governance group"',
    'body add "Tiny committee" --handle tiny --max-members 1 --basis ""',
    'office add "ASP Chair" --handle asp-chair --body asp-governance-group',
    'office add "ASP Vice-Chair" --handle asp-vice-chair --basis "ASP-VIII, section 6"',
    "office rules asp-chair --acting-from asp-vice-chair",
    "mandate start asp-chair gina-nilo --from 2021-05-04",
    "mandate start asp-vice-chair bob --from 2021-05-04",
    "member add tiny gina-nilo --from 2024-01-01",
]


@pytest.fixture(scope="module")
def asp(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("parents-bases-overrides"))
    for step in SETUP:
        cli.line(step)
    return cli


def created(cli: Cli, handle: str) -> dict[str, object]:
    [event] = [e for e in cli.events() if e["entity"] == handle and e["type"].endswith("Created")]
    payload: dict[str, object] = event["payload"]
    return payload


# --- part of ------------------------------------------------------------------------------------


def test_governance_json_gives_each_body_the_body_it_is_part_of(asp: Cli) -> None:
    bodies = asp.json("governance", "--as-of", "2024-01-01", "--format", "json")["bodies"]

    assert {b["body"]: b["part_of"] for b in bodies} == {
        "gsp": None,
        "asp": "gsp",
        "asp-governance-group": "asp",
        "tiny": None,
    }


def test_the_governance_table_and_markdown_show_what_each_body_is_part_of(asp: Cli) -> None:
    table = asp("governance", "--as-of", "2024-01-01").out
    bodies = table.split("\nBodies\n", 1)[1].split("\n\n", 1)[0].splitlines()

    assert bodies[0].split() == ["BODY", "NAME", "PART", "OF"]
    assert bodies[2].split() == ["asp", "Asian", "Soil", "Partnership", "gsp"]
    markdown = asp("governance", "--as-of", "2024-01-01", "--format", "md").out
    assert "| body | name | part of |" in markdown
    assert "| asp-governance-group | ASP governance group | asp |" in markdown


def test_body_add_says_what_the_new_body_is_part_of(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    cli = Cli(tmp_path_factory.mktemp("part-of-said"))
    cli("init")
    cli.line('body add "Global Soil Partnership" --handle gsp')

    out = cli.line('body add "Asian Soil Partnership" --handle asp --part-of gsp').out

    assert out.startswith("added body asp: Asian Soil Partnership (part of gsp) (position 2)")


def test_the_part_of_a_body_is_stored_on_its_creation_event(asp: Cli) -> None:
    assert created(asp, "asp")["part_of"] == "gsp"
    assert created(asp, "gsp")["part_of"] is None


# --- the basis of a creation --------------------------------------------------------------------


def test_body_add_and_office_add_keep_their_basis_on_the_creation_event(asp: Cli) -> None:
    assert created(asp, "asp-governance-group")["basis"] == (
        "ASP-VIII, section 6: one Chair, one Vice-Chair and one governance group"
    )
    assert created(asp, "asp-vice-chair")["basis"] == "ASP-VIII, section 6"
    assert created(asp, "asp-chair")["basis"] is None


def test_an_empty_basis_is_no_basis(asp: Cli) -> None:
    assert created(asp, "tiny")["basis"] is None


def test_the_audit_report_and_the_office_report_show_the_basis(asp: Cli) -> None:
    audit = json.loads(asp("report", "audit", "--format", "json").out)["rows"]
    [office] = [r for r in audit if r["entity"] == "asp-vice-chair" and "Created" in r["type"]]
    assert "basis=ASP-VIII, section 6" in office["details"]
    report = asp("report", "office", "asp-vice-chair", "--format", "md").out
    assert "Basis: ASP-VIII, section 6." in report


# --- a member beyond the maximum ----------------------------------------------------------------


def test_a_member_beyond_the_maximum_is_refused_naming_the_override(asp: Cli) -> None:
    before = asp.event_count()

    refused = asp("member", "add", "tiny", "bob", "--from", "2024-01-01", ok=False)

    assert_refused(refused, "body full", "tiny", "1", "--override REASON")
    assert asp.event_count() == before


def test_a_member_beyond_the_maximum_is_added_with_the_override_recorded(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    cli = Cli(tmp_path_factory.mktemp("member-override"))
    for step in ("init", 'person add "Ana Bell" --handle ana', 'person add "Bo Chen" --handle bo'):
        cli.line(step)
    cli.line('body add "Tiny committee" --handle tiny --max-members 1')
    cli.line("member add tiny ana --from 2024-01-01")

    cli("member", "add", "tiny", "bo", "--from", "2024-01-01", "--override", "plenary agreed")

    added = cli.events()[-1]
    assert (added["type"], added["payload"]["member"]) == ("Body.MemberAdded", "bo")
    assert added["payload"]["override"] == "plenary agreed"
    bodies = cli.json("governance", "--as-of", "2024-01-01", "--format", "json")["bodies"]
    assert [m["member"] for m in bodies[0]["members"]] == ["ana", "bo"]


# --- an acting holder the rules do not name -----------------------------------------------------


def test_an_acting_holder_the_rules_do_not_name_is_refused_with_the_way_out(asp: Cli) -> None:
    before = asp.event_count()

    refused = asp(
        "mandate", "start", "asp-chair", "cy", "--from", "2024-09-01", "--acting", ok=False
    )

    assert_refused(
        refused,
        "acting rule",
        "asp-chair",
        "asp-vice-chair",
        "bob",
        "not cy",
        "succession act asp-chair",
        "--override REASON",
    )
    assert asp.event_count() == before


def test_the_holder_the_acting_rule_names_acts_and_anyone_else_with_an_override(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    cli = Cli(tmp_path_factory.mktemp("acting-override"))
    for step in [
        *SETUP[:4],
        'office add "ASP Chair" --handle asp-chair',
        'office add "ASP Vice-Chair" --handle asp-vice-chair',
        "office rules asp-chair --acting-from asp-vice-chair",
        "mandate start asp-chair gina-nilo --from 2021-05-04",
        "mandate start asp-vice-chair bob --from 2021-05-04",
    ]:
        cli.line(step)

    cli.line("mandate start asp-chair bob --from 2024-09-01 --until 2024-10-01 --acting")
    cli.line(
        "mandate start asp-chair cy --from 2024-10-01 --acting"
        ' --override "the Vice-Chair is unavailable too"'
    )

    started = cli.events()[-1]
    assert started["payload"]["holder"] == "cy"
    assert started["payload"]["override"] == "the Vice-Chair is unavailable too"
    held = cli.json("holders", "asp-chair", "--format", "json")
    assert [(h["holder"], h["acting"]) for h in held] == [
        ("gina-nilo", False),
        ("bob", True),
        ("cy", True),
    ]
    table = cli("holders", "asp-chair", "--as-of", "2024-10-01").out
    assert "override: the Vice-Chair is unavailable too" in table


# --- free text on one line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "field", "character"),
    [
        (["body", "add", "X", "--basis", "line one\nline two"], "--basis", "a newline"),
        (["office", "add", "X", "--basis", "a\tb"], "--basis", "a tab"),
        (
            ["mandate", "start", "asp-chair", "cy", "--from", "2030-01-01", "--basis", "a\x07b"],
            "--basis",
            "U+0007",
        ),
        (
            ["mandate", "end", "asp-chair", "gina-nilo", "--on", "2024-05-04", "--reason", "x\ny"],
            "--reason",
            "a newline",
        ),
        (
            ["member", "add", "tiny", "bob", "--from", "2024-01-01", "--override", "\x1b[2J"],
            "--override",
            "U+001B",
        ),
        (
            ["office", "rules", "asp-chair", "--seats", "2", "--basis", "Annex\nIV"],
            "--basis",
            "a newline",
        ),
        (
            ["body", "rules", "tiny", "--max-members", "3", "--override", "r\r"],
            "--override",
            "a carriage return",
        ),
        (
            [
                "correct",
                "mandate",
                "asp-chair",
                "gina-nilo",
                "--from",
                "2021-05-05",
                "--reason",
                "typo\n",
            ],
            "--reason",
            "a newline",
        ),
    ],
)
def test_free_text_with_a_control_character_is_refused_naming_the_field(
    asp: Cli, command: list[str], field: str, character: str
) -> None:
    before = asp.event_count()

    refused = asp(*command, ok=False)

    assert_refused(refused, "invalid text", field, character, "one line")
    assert asp.event_count() == before
