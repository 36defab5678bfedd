"""`succession act` in the TUI: the holder the terms of reference name acts for an office's
holder, shown before it is recorded."""

from __future__ import annotations

from datetime import date

from tui_helpers import (
    as_of,
    including,
    offices,
    record_through,
    refused_through,
    rows,
    settle,
)


async def test_the_vice_chair_acts_for_the_chair_as_the_rules_say(demo_app, demo_ledger):
    demo_ledger.start_mandate("asp-vice-chair", "manzurul-hoque", date(2023, 7, 1))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: acting",
            office="asp-ch→",
            start="2024-09-01",
            until="2024-10-01",
            completed={"office": "asp-chair"},
            previews=including(
                "Office.MandateStarted asp-chair:",
                "holder=manzurul-hoque",
                "acting=True",
                "end=2024-10-01",
            ),
        )
        await as_of(pilot, "2024-09-15")
        assert offices(demo_app)["asp-chair"].startswith("Gina Nilo, F.M. Manzuru")
        assert ["F.M. Manzurul Hoque (acting)", "2024-09-01", "2024-10-01"] in [
            row[:3] for row in rows(demo_app, "#line")
        ]
        await as_of(pilot, "2024-10-01")
        assert offices(demo_app)["asp-chair"] == "Gina Nilo"


async def test_an_office_whose_rules_name_no_one_to_act_is_refused(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: acting",
            office="sealnet-chair",
            start="2024-09-01",
            error=including(
                "succession impossible: sealnet-chair",
                "name no office whose holder acts",
            ),
        )
