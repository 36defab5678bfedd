"""Recording from the screens: a form validates as you type, shows the event it will record
before anything is recorded, shows a broken rule as the rule's own message, and after
recording every screen shows the change."""

from __future__ import annotations

from tui_helpers import (
    as_of,
    error,
    fill,
    including,
    offices,
    open_form,
    press,
    record,
    record_through,
    refused_through,
    settle,
    starting,
    text_of,
    to_field,
)


async def test_a_mandate_form_previews_the_event_then_records_it(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "n",
            office="asp-vice-chair",
            holder="lucrezia-caon",
            start="2023-06-01",
            previews=including("Office.MandateStarted", "holder=lucrezia-caon", "start=2023-06-01"),
        )
        assert demo_ledger.head_position() == head + 1
        await as_of(pilot, "2023-07-01")
        assert offices(demo_app)["asp-vice-chair"] == "Lucrezia Caon"


async def test_a_mandate_form_shows_the_broken_rule_and_records_nothing(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        form = await refused_through(
            pilot,
            "n",
            office="asp-chair",
            holder="lucrezia-caon",
            start="2023-06-01",
            error=starting("seats full: asp-chair has 1 seat"),
        )
        assert demo_ledger.head_position() == head
        await press(pilot, "escape")
        assert demo_app.screen is not form


async def test_a_malformed_day_is_caught_as_it_is_typed(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "n")
        await fill(pilot, office="asp-vice-chair", holder="lucrezia-caon", start="2023-13-01")
        assert "month must be in 1..12" in error(pilot)


async def test_an_action_item_update_shows_on_the_work_plan_at_once(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "u")
        await fill(pilot, item="wp-swsr-2025")
        await to_field(pilot, "status")
        form.query_one("#status").value = "in-progress"  # type: ignore[attr-defined]
        await record(
            pilot,
            progress="40",
            day="2023-06-15",
            previews=including("status=in-progress, progress=40"),
        )
        await as_of(pilot, "2023-07-01")
        await press(pilot, "w")
        title = text_of(demo_app, "#items-title")
        assert title.startswith("Work plan on 2023-07-01")
        history = [c.what for c in demo_ledger.action_history("wp-swsr-2025")]
        assert history == ["created", "in-progress"]


async def test_a_report_is_previewed_and_saved(demo_app, demo_ledger, tmp_path):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "R")
        await settle(pilot)
        preview = demo_app.query_one("#report-preview")
        assert "Governance as of 2023-05-02" in preview.source  # type: ignore[attr-defined]
        await press(pilot, "s")
        saved = tmp_path / "reports" / "governance.md"
        assert saved.read_text().startswith("# Governance as of 2023-05-02")
        assert (tmp_path / "reports" / "governance.html").read_text().startswith("<!DOCTYPE html>")
