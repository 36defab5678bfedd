"""The issue's walk-through, word for word: Gina Nilo chairs the ASP from 2021 to 2024 and then
joins its governance group; then every read the CLI contract promises, in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from uuid import UUID

import pytest

from .conftest import ACTOR, Cli

WALK_THROUGH = [
    "init",
    'person add "Gina Nilo" --handle gina-nilo --country Philippines',
    'body add "ASP governance group" --handle asp-governance-group --max-members 12',
    'office add "ASP Chair" --handle asp-chair --body asp-governance-group --term-years 3',
    'mandate start asp-chair gina-nilo --from 2021-05-04 --basis "elected at ASP-VI"',
    "mandate end asp-chair gina-nilo --on 2024-05-04 --reason completed",
    "member add asp-governance-group gina-nilo --from 2024-05-04 --until 2027-05-04",
]

GINA_AS_CHAIR = {
    "holder": "gina-nilo",
    "name": "Gina Nilo",
    "start": "2021-05-04",
    "end": "2024-05-04",
    "acting": False,
}


@pytest.fixture(scope="module")
def asp(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("walk-through"))
    for step in WALK_THROUGH:
        cli.line(step)
    return cli


def test_the_chair_on_the_day_of_asp_viii_is_gina_nilo(asp: Cli) -> None:
    out = asp("holders", "asp-chair", "--as-of", "2023-05-02", "--format", "json").out
    assert json.loads(out) == [GINA_AS_CHAIR]


def test_on_the_day_her_mandate_ends_gina_nilo_no_longer_holds_it(asp: Cli) -> None:
    assert asp.json("holders", "asp-chair", "--as-of", "2024-05-04", "--format", "json") == []


def test_the_day_before_her_mandate_ends_gina_nilo_still_holds_it(asp: Cli) -> None:
    held = asp.json("holders", "asp-chair", "--as-of", "2024-05-03", "--format", "json")
    assert held == [GINA_AS_CHAIR]


def test_the_governance_on_the_day_of_asp_viii_has_the_contract_shape(asp: Cli) -> None:
    assert asp.json("governance", "--as-of", "2023-05-02", "--format", "json") == {
        "as_of": "2023-05-02",
        "offices": [
            {
                "office": "asp-chair",
                "name": "ASP Chair",
                "body": "asp-governance-group",
                "holders": [GINA_AS_CHAIR],
            }
        ],
        "bodies": [
            {
                "body": "asp-governance-group",
                "name": "ASP governance group",
                "part_of": None,
                "members": [],
            }
        ],
    }


def test_after_her_mandate_gina_nilo_sits_in_the_governance_group(asp: Cli) -> None:
    governance = asp.json("governance", "--as-of", "2024-05-04", "--format", "json")
    assert governance["offices"][0]["holders"] == []
    assert governance["bodies"][0]["members"] == [
        {
            "member": "gina-nilo",
            "name": "Gina Nilo",
            "start": "2024-05-04",
            "end": "2027-05-04",
            "ex_officio": False,
        }
    ]


def test_the_governance_table_shows_names(asp: Cli) -> None:
    out = asp("governance", "--as-of", "2023-05-02").out
    for shown in ("2023-05-02", "ASP Chair", "Gina Nilo", "asp-governance-group"):
        assert shown in out


def test_the_governance_markdown_shows_names_in_tables(asp: Cli) -> None:
    out = asp("governance", "--as-of", "2024-05-04", "--format", "md").out
    assert "ASP Chair" in out
    assert "Gina Nilo" in out
    assert any(line.startswith("|") for line in out.splitlines())


def test_the_holders_table_shows_names(asp: Cli) -> None:
    out = asp("holders", "asp-chair").out
    for shown in ("Gina Nilo", "gina-nilo", "2021-05-04", "2024-05-04"):
        assert shown in out


def test_the_holders_csv_parses_as_csv(asp: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(asp("holders", "asp-chair", "--format", "csv").out)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["holder"], row["name"], row["start"], row["end"]) == (
        "gina-nilo",
        "Gina Nilo",
        "2021-05-04",
        "2024-05-04",
    )


def test_the_audit_log_has_one_json_object_a_line_in_log_order(asp: Cli) -> None:
    events = asp.events()
    keys = {"position", "type", "originator", "version", "recorded_at", "actor"}
    keys |= {"effective", "payload", "link"}
    assert [e["position"] for e in events] == [1, 2, 3, 4, 5, 6]
    for e in events:
        assert keys <= e.keys(), e
        assert e["actor"] == ACTOR
        UUID(str(e["originator"]))
        assert isinstance(e["payload"], dict)
    times = [datetime.fromisoformat(str(e["recorded_at"])) for e in events]
    assert times == sorted(times)


def test_the_audit_log_dates_each_fact_where_it_has_a_date(asp: Cli) -> None:
    person, body, office, started, ended, joined = asp.events()
    assert [person["effective"], body["effective"], office["effective"]] == [None, None, None]
    assert started["effective"] == "2021-05-04"
    assert ended["effective"] == "2024-05-04"
    assert joined["effective"] == "2024-05-04"
    assert started["payload"]["holder"] == "gina-nilo"
    assert started["payload"]["basis"] == "elected at ASP-VI"
    assert ended["payload"]["reason"] == "completed"


def test_the_audit_log_numbers_each_entitys_versions(asp: Cli) -> None:
    person, body, office, started, ended, joined = asp.events()
    assert office["originator"] == started["originator"] == ended["originator"]
    assert body["originator"] == joined["originator"]
    assert len({person["originator"], body["originator"], office["originator"]}) == 3
    assert [office["version"], started["version"], ended["version"]] == [1, 2, 3]
    assert [body["version"], joined["version"]] == [1, 2]


def test_the_audit_log_links_every_event_into_a_hash_chain(asp: Cli) -> None:
    links = [e["link"] for e in asp.events()]
    assert all(isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) for h in links), links
    assert len(set(links)) == len(links)


def test_as_known_at_position_zero_the_ledger_is_empty(asp: Cli) -> None:
    governance = asp.json(
        "governance", "--as-of", "2023-05-02", "--known-at", "0", "--format", "json"
    )
    assert governance == {"as_of": "2023-05-02", "offices": [], "bodies": []}


def test_as_known_before_the_mandate_was_recorded_the_chair_had_no_holder(asp: Cli) -> None:
    held = asp.json("holders", "asp-chair", "--known-at", "3", "--format", "json")
    assert held == []


def test_as_known_before_the_end_was_recorded_the_mandate_was_open(asp: Cli) -> None:
    held = asp.json(
        "holders", "asp-chair", "--as-of", "2025-01-01", "--known-at", "4", "--format", "json"
    )
    assert held == [{**GINA_AS_CHAIR, "end": None}]
    now = asp.json("holders", "asp-chair", "--as-of", "2025-01-01", "--format", "json")
    assert now == []


def test_the_actor_option_names_who_recorded_an_event(run: Cli) -> None:
    run("init")
    run("--actor", "Ronald Vargas", "person", "add", "Gina Nilo")
    run("person", "add", "Ana Bell")
    assert [e["actor"] for e in run.events()] == ["Ronald Vargas", ACTOR]


def test_a_handle_is_derived_from_the_name_when_none_is_given(run: Cli) -> None:
    run("init")
    assert "jose-graziano-da-silva" in run("person", "add", "José Graziano da Silva").out
    run("office", "add", "FAO Director-General")
    run(
        "mandate", "start", "fao-director-general", "jose-graziano-da-silva", "--from", "2012-01-01"
    )
    (held,) = run.json("holders", "fao-director-general", "--format", "json")
    assert held["name"] == "José Graziano da Silva"
