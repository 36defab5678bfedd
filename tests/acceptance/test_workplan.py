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


def test_owners_of_every_kind_each_change_its_own_event_with_its_day_and_actor(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    cli("institution", "add", "Land Development Department", "--handle", "ldd")
    cli("body", "add", "CESRA steering committee", "--handle", "cesra-sc")
    owners = ("gina-nilo", "ldd", "cesra-sc", "country:India", "all-member-countries")
    cli(
        "action",
        "add",
        "framework",
        "Finalize the regional Soil Health Action Framework",
        "--plan",
        "wp",
        *(arg for owner in owners for arg in ("--owner", owner)),
        "--on",
        "2023-05-02",
        "--due",
        "2024-05-01",
    )
    steps = [
        ("update", "--status", "in-progress", "--progress", "30", "--note", "draft out"),
        ("update", "--status", "blocked", "--note", "waiting for funds"),
        ("assign", "--owner", "ldd", "--note", "LDD takes it over"),
        ("due", "--due", "2024-06-30", "--note", "extended"),
        ("update", "--status", "done", "--note", "finished"),
        ("reopen", "--note", "one more chapter"),
    ]
    days = ["2023-09-01", "2023-10-01", "2023-10-15", "2023-10-16", "2024-06-01", "2024-06-10"]
    for (verb, *args), day in zip(steps, days, strict=True):
        cli("action", verb, "framework", *args, "--on", day, env={"LEDGER_ACTOR": "Lucrezia"})

    kinds = ["StatusChanged", "StatusChanged", "Reassigned", "DueChanged", "StatusChanged"]
    kinds.append("Reopened")
    changes = cli.events()[-len(steps) :]
    assert [(e["type"], e["effective"], e["actor"], e["entity"]) for e in changes] == [
        (f"ActionItem.{kind}", day, "Lucrezia", "framework")
        for kind, day in zip(kinds, days, strict=True)
    ]
    history = cli.json("action", "history", "framework", "--format", "json")
    assert [(c["day"], c["what"], c["progress"], c["note"]) for c in history] == [
        ("2023-05-02", "created", 0, None),
        ("2023-09-01", "in-progress", 30, "draft out"),
        ("2023-10-01", "blocked", None, "waiting for funds"),
        ("2023-10-15", "reassigned", None, "LDD takes it over"),
        ("2023-10-16", "due date changed", None, "extended"),
        ("2024-06-01", "done", 100, "finished"),
        ("2024-06-10", "reopened", None, "one more chapter"),
    ]
    assert history[0]["owners"] == list(owners)

    def stood(day: str, *args: str) -> list[tuple[str, str, int, list[str], str | None]]:
        plan = cli.json("workplan", "wp", "--as-of", day, "--format", "json", *args)
        return [
            (i["item"], i["status"], i["progress"], i["owners"], i["due"]) for i in plan["items"]
        ]

    assert stood("2023-10-01", "--owner", "country:India") == [
        ("framework", "blocked", 30, list(owners), "2024-05-01")
    ]
    assert stood("2023-10-16", "--owner", "country:India") == []
    assert stood("2023-10-16", "--owner", "ldd") == [
        ("framework", "blocked", 30, ["ldd"], "2024-06-30")
    ]
    assert stood("2024-06-05", "--status", "done") == [
        ("framework", "done", 100, ["ldd"], "2024-06-30")
    ]
    assert stood("2024-06-10", "--status", "in-progress") == [
        ("framework", "in-progress", 100, ["ldd"], "2024-06-30")
    ]


def test_progress_rolls_up_per_plan_and_per_owner(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    cli(
        "action",
        "add",
        "atlas",
        "Soil Atlas launch events",
        "--plan",
        "wp",
        "--owner",
        "gina-nilo",
        "--on",
        "2023-05-02",
    )
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
    )
    cli("action", "update", "atlas", "--status", "done", "--on", "2023-09-01")

    plan = cli.json("workplan", "--as-of", "2023-09-01", "--format", "json")

    by_plan = {r["key"]: (r["items"], r["by_status"], r["progress"]) for r in plan["by_plan"]}
    assert by_plan == {
        "wp": (2, {"in-progress": 1, "done": 1}, 70.0),
        "(no plan)": (1, {"planned": 1}, 0.0),
    }
    by_owner = {r["key"]: (r["items"], r["progress"]) for r in plan["by_owner"]}
    assert by_owner == {"all-member-countries": (1, 40.0), "gina-nilo": (2, 50.0)}
    table = cli("workplan", "wp", "--as-of", "2023-09-01").out
    assert "wp: 2 items (1 done, 1 in-progress); mean progress 70.0%; 0 overdue" in table


def test_a_plan_adopted_by_a_meeting_and_sub_items_under_their_item(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    cli("meeting", "add", "asp-viii", "ASP-VIII", "--date", "2023-05-02", "--mode", "online")
    cli(
        "plan",
        "add",
        "wp2",
        "Work plan",
        "--from",
        "2023-05-02",
        "--until",
        "2025-01-01",
        "--adopted-by",
        "asp-viii",
    )
    adopted = [e for e in cli.events() if e["type"] == "WorkPlan.Created"][-1]
    assert (adopted["entity"], adopted["payload"]["adopted_by"]) == ("wp2", "asp-viii")
    plan = cli.json("workplan", "wp2", "--as-of", "2023-05-02", "--format", "json")
    assert (plan["name"], plan["from"], plan["until"], plan["adopted_by"]) == (
        "Work plan",
        "2023-05-02",
        "2025-01-01",
        "asp-viii",
    )
    cli(
        "action",
        "add",
        "national",
        "National frameworks",
        "--plan",
        "wp2",
        "--owner",
        "all-member-countries",
        "--on",
        "2023-05-02",
        "--source",
        "asp-viii",
    )
    cli(
        "action",
        "add",
        "other",
        "Another activity",
        "--plan",
        "wp2",
        "--owner",
        "all-member-countries",
        "--on",
        "2023-05-02",
    )
    cli(
        "action",
        "add",
        "pilot",
        "Pilot countries: test it",
        "--parent",
        "national",
        "--owner",
        "all-member-countries",
        "--on",
        "2023-05-03",
    )

    table = cli("workplan", "wp2", "--as-of", "2023-05-03").out.splitlines()
    assert table[0] == (
        "Work plan wp2 (Work plan, 2023-05-02 until 2025-01-01, adopted by asp-viii)"
        " as of 2023-05-03"
    )
    assert [line.split()[0] for line in table[3:6]] == ["national", "pilot", "other"]
    assert table[4].startswith("  pilot ")
    csv = cli("workplan", "wp2", "--as-of", "2023-05-03", "--format", "csv").out.splitlines()
    assert csv[0].startswith("item,parent,status,")
    assert csv[2].startswith("pilot,national,planned,")

    count = cli.event_count()
    assert_refused(
        cli(
            "action",
            "add",
            "early",
            "Too early",
            "--parent",
            "national",
            "--owner",
            "gina-nilo",
            "--on",
            "2023-05-01",
            ok=False,
        ),
        "sub-item before its item",
        "early",
        "national",
    )
    assert_refused(
        cli(
            "action",
            "add",
            "elsewhere",
            "Elsewhere",
            "--parent",
            "national",
            "--plan",
            "wp",
            "--owner",
            "gina-nilo",
            "--on",
            "2023-05-03",
            ok=False,
        ),
        "sub-item in another plan",
        "elsewhere",
        "wp2",
    )
    assert_refused(
        cli(
            "plan",
            "add",
            "wp3",
            "Plan",
            "--from",
            "2023-05-02",
            "--until",
            "2024-01-01",
            "--adopted-by",
            "gina-nilo",
            ok=False,
        ),
        "unknown handle",
        "gina-nilo is a person, not a decision or meeting",
    )
    assert_refused(
        cli("action", "update", "nope", "--status", "done", "--on", "2023-06-01", ok=False),
        "no action item is recorded as nope",
    )
    assert_refused(
        cli("action", "update", "pilot", "--status", "done", "--on", "2023-05-02", ok=False),
        "out of order",
        "pilot cannot be marked done on 2023-05-02, before it was created on 2023-05-03",
    )
    assert cli.event_count() == count


def test_search_finds_decisions_and_action_items_by_their_words_and_notes(tmp_path):
    cli = Cli(tmp_path)
    setup(cli)
    cli("meeting", "add", "asp-viii", "ASP-VIII", "--date", "2023-05-02", "--mode", "online")
    cli(
        "decision",
        "record",
        "shaf",
        "--outcome",
        "agreed",
        "--meeting",
        "asp-viii",
        "--title",
        "Prepare a Regional Soil Health Action Framework",
    )
    cli(
        "action",
        "add",
        "shaf-final",
        "Finalize the regional Soil Health Action Framework",
        "--owner",
        "all-member-countries",
        "--on",
        "2023-05-02",
        "--source",
        "shaf",
    )
    cli(
        "action",
        "update",
        "toolkit",
        "--status",
        "blocked",
        "--on",
        "2023-06-01",
        "--note",
        "waiting for the template",
    )

    hits = cli.json("search", "soil health", "--format", "json")
    assert [(h["kind"], h["handle"]) for h in hits] == [
        ("decision", "shaf"),
        ("action item", "shaf-final"),
    ]
    assert [h["handle"] for h in cli.json("search", "template", "--format", "json")] == ["toolkit"]
    assert cli("search", "nothing-like-this").out.strip() == "nothing matches 'nothing-like-this'"


def test_search_known_at_answers_as_the_index_did_then(tmp_path):
    """The full-text index is updated in place; asked `--known-at`, search answers with the
    text known then: a later note neither matches nor ranks, and nothing recorded later
    shows."""
    cli = Cli(tmp_path)
    setup(cli)
    long_title = "Map the soils of every member country of the region"
    cli("action", "add", "soils", long_title, "--owner", "gina-nilo", "--on", "2023-05-02")
    cli("action", "add", "soil-map", "Soil map", "--owner", "gina-nilo", "--on", "2023-05-02")
    then = cli("head").out.split()[0]
    said = cli("search", "soil", "--format", "json").out
    cli(
        "action",
        "update",
        "soils",
        "--status",
        "in-progress",
        "--on",
        "2023-06-01",
        "--note",
        "soil survey: soil samples from soil pits, soil maps and soil tests",
    )
    cli("action", "add", "soil-2", "Soil again", "--owner", "gina-nilo", "--on", "2023-06-01")

    now = [h["handle"] for h in cli.json("search", "soil", "--format", "json")]
    assert now[0] == "soils" and "soil-2" in now  # the note's words rank it first now
    assert cli("search", "soil", "--known-at", then, "--format", "json").out == said
    assert [h["handle"] for h in json.loads(said)] == ["soil-map", "soils"]
    assert [h["handle"] for h in cli.json("search", "survey", "--format", "json")] == ["soils"]
    out = cli("search", "survey", "--known-at", then).out.strip()
    assert out == "nothing matches 'survey'"
