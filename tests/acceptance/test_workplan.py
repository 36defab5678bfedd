"""The work plan through the CLI: asked as of a day before and after a status change, it
answers differently; overdue items, history, search, and the refusals."""

from __future__ import annotations

import json

from acceptance.conftest import Cli, assert_refused


def setup(cli: Cli) -> None:
    cli("init")
    cli("person", "add", "Gina Nilo", "--handle", "gina-nilo")
    cli("plan", "add", "wp", "Work plan 2023-2024", "--from", "2023-05-02", "--until", "2025-01-01")
    cli(
        "action",
        "add",
        "toolkit",
        "Provide national tools for the SSM toolkit",
        "--plan",
        "wp",
        "--owner",
        "all-member-countries",
        "--on",
        "2023-05-02",
    )
    cli(
        "action",
        "add",
        "cvs",
        "Submit CVs for the SWSR report",
        "--owner",
        "gina-nilo",
        "--on",
        "2023-05-02",
        "--due",
        "2023-05-07",
    )


def test_the_work_plan_answers_as_it_stood_before_and_after_a_change(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    cli(
        "action",
        "update",
        "toolkit",
        "--status",
        "in-progress",
        "--progress",
        "40",
        "--on",
        "2023-09-01",
        "--note",
        "two countries sent tools",
    )
    before = cli.json("workplan", "wp", "--as-of", "2023-08-31", "--format", "json")
    after = cli.json("workplan", "wp", "--as-of", "2023-09-01", "--format", "json")
    assert [(i["item"], i["status"], i["progress"]) for i in before["items"]] == [
        ("toolkit", "planned", 0)
    ]
    assert [(i["item"], i["status"], i["progress"]) for i in after["items"]] == [
        ("toolkit", "in-progress", 40)
    ]
    assert after["by_plan"][0]["progress"] == 40.0


def test_overdue_items_history_and_search(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    overdue = cli.json("workplan", "--as-of", "2023-05-08", "--overdue", "--format", "json")
    assert [i["item"] for i in overdue["items"]] == ["cvs"]
    assert (
        cli.json("workplan", "--as-of", "2023-05-07", "--overdue", "--format", "json")["items"]
        == []
    )
    cli("action", "assign", "cvs", "--owner", "country:Malaysia", "--on", "2023-05-03")
    history = json.loads(cli("action", "history", "cvs", "--format", "json").out)
    assert [c["what"] for c in history] == ["created", "reassigned"]
    hits = json.loads(cli("search", "SWSR", "--format", "json").out)
    assert [h["handle"] for h in hits] == ["cvs"]


def test_the_work_plan_refusals(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    count = cli.event_count()
    assert_refused(
        cli(
            "action",
            "update",
            "cvs",
            "--status",
            "done",
            "--progress",
            "120",
            "--on",
            "2023-06-01",
            ok=False,
        ),
        "invalid progress",
        "cvs",
    )
    assert_refused(
        cli("action", "update", "cvs", "--status", "done", "--on", "2023-05-01", ok=False),
        "out of order",
        "cvs",
    )
    assert_refused(
        cli("action", "due", "cvs", "--due", "2023-04-01", "--on", "2023-06-01", ok=False),
        "due before creation",
        "cvs",
    )
    assert_refused(
        cli("action", "add", "x", "Anything", "--owner", "nobody", "--on", "2023-05-02", ok=False),
        "unknown handle",
        "nobody",
    )
    assert_refused(
        cli("action", "reopen", "cvs", "--on", "2023-06-01", ok=False), "item not closed", "cvs"
    )
    assert cli.event_count() == count
