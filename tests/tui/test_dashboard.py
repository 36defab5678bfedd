"""The dashboard: governance at a glance, work-plan health, what is coming, last entries."""

from __future__ import annotations

from tui_helpers import AS_OF, press, seen_in, settle, text_of

import tui.screens.dashboard


async def test_who_holds_what_names_each_office_by_its_handle(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        lines = text_of(demo_app, "#dash-governance").splitlines()
        governance = demo_ledger.governance_on(AS_OF)
        assert [line.split()[0] for line in lines] == [o.office.office for o in governance.offices]
        w = max(len(o.office.office) for o in governance.offices)  # the handles' column
        assert f"{'asp-chair':<{w}}  Gina Nilo" in lines
        # The two directors' offices, whose names differ only after forty characters.
        assert f"{'dsit-director':<{w}}  Satira Udomsri" in lines
        assert f"{'dsrd-director':<{w}}  —" in lines
        # One line an office on the screen: a long name ends at the box's edge, not wrapped.
        box = demo_app.query_one("#dash-governance")
        seen = [line.strip() for line in seen_in(demo_app, box).splitlines()]
        assert seen[:2] == [f"{'asp-chair':<{w}}  Gina Nilo", f"{'asp-vice-chair':<{w}}  —"]
        secretariat = next(line for line in seen if line.startswith("cesra-secretariat"))
        assert secretariat.startswith(f"{'cesra-secretariat':<{w}}  Department of")
        assert secretariat.endswith("…")


async def test_a_long_list_of_offices_is_cut_with_a_pointer_to_governance(
    demo_app, demo_ledger, monkeypatch
):
    monkeypatch.setattr(tui.screens.dashboard, "GLANCE", 3)
    n = len(demo_ledger.governance_on(AS_OF).offices)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        lines = text_of(demo_app, "#dash-governance").splitlines()
        assert len(lines) == 4
        assert lines[-1] == f"… and {n - 3} more offices (g shows them all)"


async def test_the_last_entries_are_the_latest_eight_newest_first(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        lines = text_of(demo_app, "#dash-recent").splitlines()
        assert [int(line.split()[0][1:]) for line in lines] == list(range(head, head - 8, -1))
