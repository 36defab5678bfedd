"""Each tab's key shows that tab and puts the focus on its list, from any other tab."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent
from tui_helpers import press, settle

KEYS = {
    "l": ("audit", "log"),
    "x": ("decisions", "decisions"),
    "m": ("meetings", "meetings"),
    "e": ("elections", "election-list"),
    "w": ("workplan", "items"),
    "g": ("governance", "offices"),
}


@pytest.mark.parametrize("first", ["g", "l", "x"])
async def test_every_tab_key_shows_its_tab_with_the_focus_on_its_list(demo_app, first):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, first)
        for key, (tab, table) in KEYS.items():
            await press(pilot, key)
            assert demo_app.query_one(TabbedContent).active == tab, key
            assert demo_app.focused is not None and demo_app.focused.id == table, key
            # The dashboard has nothing to focus; it stays in front all the same.
            await press(pilot, "d")
            assert demo_app.query_one(TabbedContent).active == "dashboard", f"{key} d"
