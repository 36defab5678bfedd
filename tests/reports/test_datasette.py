"""The read models as open data: every table and column of the three read-model files is
described in ledger/datasette/metadata.json, and Datasette (its own test client, no browser,
no server) opens the demo's files with that metadata and answers its canned queries.

Datasette is an optional extra: without it the Datasette tests skip, except in CI (CI=true),
where they fail, since CI installs the dev extra, which includes it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pytest

from ledger.datasette import MODELS, metadata
from reports.support import run_ledger

if TYPE_CHECKING:
    from pathlib import Path

LATER = (
    ("decision", "endorse", "asp-terms-of-reference", "--on", "2023-06-15",
     "--note", "the TORs were endorsed by email"),
    ("action", "update", "cesra-first-steering-committee-meeting", "--status", "done",
     "--on", "2023-06-10", "--progress", "100"),
)  # fmt: skip


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    """metadata.json as the package ships it."""
    data: dict[str, Any] = json.loads(
        files("ledger.datasette").joinpath("metadata.json").read_text("utf-8")
    )
    return data


def columns(db: Path) -> dict[str, list[str]]:
    """Every table of a read-model file but SQLite's own and FTS5's shadow tables."""
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_") and "_fts_" not in name
        ]
        return {t: [row[1] for row in conn.execute(f"PRAGMA table_info('{t}')")] for t in tables}


@pytest.mark.parametrize("model", MODELS)
def test_every_table_and_column_of_the_read_models_is_described(
    built_demo: Path, shipped: dict[str, Any], model: str
) -> None:
    described = shipped["databases"][model]
    assert described["title"] and described["description"]
    actual = columns(built_demo / f"demo.{model}.db")
    tables = described["tables"]
    assert sorted(tables) == sorted(actual), "tables described and tables in the file differ"
    for table, names in actual.items():
        assert tables[table]["title"] and tables[table]["description"], table
        documented = tables[table]["columns"]
        assert sorted(documented) == sorted(names), f"{table}: columns described != in the file"
        assert all(text.strip() for text in documented.values()), table


def test_the_metadata_is_renamed_for_a_ledgers_own_files() -> None:
    assert sorted(metadata("somewhere/asp.db")["databases"]) == [
        "asp.governance",
        "asp.proceedings",
        "asp.workplans",
    ]
    assert sorted(metadata()["databases"]) == sorted(MODELS)


# --- Datasette itself --------------------------------------------------------------------


@pytest.fixture
def datasette_module() -> Any:
    try:
        import datasette.app
    except ImportError:
        message = "datasette is not installed (an optional extra: pip install datasette)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI installs it with the dev extra and must not skip")
        pytest.skip(message)
    return datasette.app


@pytest.fixture
def ask(datasette_module: Any, demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`ask(model, query, **params)`: the rows a canned query answers, through Datasette's own
    test client on the demo's read-model files (after a few later events) and the metadata."""
    monkeypatch.setenv("LEDGER_ACTOR", "tester")
    for command in LATER:
        done = run_ledger("--db", "demo.db", *command)
        assert done.code == 0, done
    from datasette.utils import tilde_encode

    paths = [str(demo_dir / f"demo.{model}.db") for model in MODELS]
    ds = datasette_module.Datasette(paths, metadata=metadata("demo.db"))

    async def get(path: str, params: dict[str, str]) -> Any:
        await ds.invoke_startup()
        response = await ds.client.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def run(model: str, query: str, **params: str) -> list[dict[str, Any]]:
        path = f"/{tilde_encode('demo.' + model)}/{query}.json"
        rows: list[dict[str, Any]] = asyncio.run(get(path, {**params, "_shape": "array"}))
        return rows

    run.get = lambda path: asyncio.run(get(path, {}))  # type: ignore[attr-defined]
    return run


def test_datasette_lists_the_canned_queries_with_their_titles(ask: Any) -> None:
    from datasette.utils import tilde_encode

    expected = {
        "governance": {"holders_on", "line_of_holders"},
        "proceedings": {"decision_life", "attendance_by_country"},
        "workplans": {"overdue_actions"},
    }
    for model, queries in expected.items():
        page = ask.get(f"/{tilde_encode('demo.' + model)}.json")
        listed = {q["name"]: q for q in page["queries"]}
        assert set(listed) == queries
        assert all(q["title"] for q in listed.values())


def test_gina_nilo_holds_the_asp_chair_on_the_day_of_the_meeting(ask: Any) -> None:
    rows = ask("governance", "holders_on", office="asp-chair", day="2023-05-02")
    assert [(r["holder"], r["holder_name"], r["acting"]) for r in rows] == [
        ("gina-nilo", "Gina Nilo", 0)
    ]
    assert ask("governance", "holders_on", office="asp-chair", day="2023-05-01") == []


def test_holders_on_a_day_of_every_office_and_as_known_at_a_position(ask: Any) -> None:
    everyone = ask("governance", "holders_on", office="", day="2023-05-02")
    assert {(r["office"], r["holder"]) for r in everyone} == {
        ("asp-chair", "gina-nilo"),
        ("gsp-secretary", "ronald-vargas"),
        ("sealnet-chair", "gina-nilo"),
        ("cesra-director", "land-development-department"),
        ("dsit-director", "satira-udomsri"),
        ("nfp-bangladesh", "manzurul-hoque"),
        ("cesra-secretariat", "dac"),
    }
    before = ask("governance", "holders_on", office="asp-chair", day="2023-05-02", known_at="1")
    assert before == []


def test_the_line_of_holders_of_the_asp_chair(ask: Any) -> None:
    rows = ask("governance", "line_of_holders", office="asp-chair")
    assert [(r["holder"], r["start"], r["end"]) for r in rows] == [
        ("gina-nilo", "2023-05-02", None)
    ]
    assert "ASP-VIII report" in rows[0]["basis"]


def test_the_swsr_cv_deadline_is_overdue_on_1_june_2023(ask: Any) -> None:
    rows = ask("workplans", "overdue_actions", day="2023-06-01")
    assert {r["item"]: r["due"] for r in rows} == {
        "swsr-cvs-and-threat-rankings": "2023-05-07",
        "cesra-first-steering-committee-meeting": "2023-05-31",
    }
    assert json.loads(rows[0]["owners"])
    assert ask("workplans", "overdue_actions", day="2023-05-07") == []


@pytest.mark.parametrize(
    "day", ["2023-05-02", "2023-05-08", "2023-06-01", "2023-06-11", "2024-01-01", "2025-06-01"]
)
def test_overdue_actions_agree_with_the_ledgers_own_work_plan(ask: Any, day: str) -> None:
    """The canned query recomputes an item's state in SQL; it must say what the ledger says."""
    listed = run_ledger("--db", "demo.db", "workplan", "--as-of", day, "--format", "json")
    assert listed.code == 0, listed
    ledger_says = {i["item"] for i in json.loads(listed.out)["items"] if i["overdue"]}
    assert {r["item"] for r in ask("workplans", "overdue_actions", day=day)} == ledger_says


def test_the_life_of_the_asp_terms_of_reference(ask: Any) -> None:
    rows = ask("proceedings", "decision_life", decision="asp-terms-of-reference")
    assert [(r["step"], r["status"], r["venue"], r["day"]) for r in rows] == [
        ("tabled", "tabled", "asp-viii", "2023-05-02"),
        ("sent to written procedure", "in written procedure", "written-procedure", "2023-05-02"),
        ("endorsed by written procedure", "endorsed", "written-procedure", "2023-06-15"),
    ]
    assert rows[1]["note"] == "Section 6: the TORs will be reviewed and endorsed by email"
    before = ask(
        "proceedings",
        "decision_life",
        decision="asp-terms-of-reference",
        known_at=str(rows[-1]["known_from"] - 1),
    )
    assert [r["step"] for r in before] == ["tabled", "sent to written procedure"]


def test_attendance_of_asp_viii_by_country_follows_annex_ii(ask: Any) -> None:
    rows = ask("proceedings", "attendance_by_country", meeting="asp-viii")
    counts = {r["country"]: r["participants"] for r in rows}
    assert sum(counts.values()) == 90
    assert rows[0] == {"country": "India", "participants": 35}
    assert counts["Thailand"] == 18
