"""The governance tab shows a window of the offices and finds the others by words."""

from __future__ import annotations

from tui_helpers import AS_OF, offices, press, settle, text_of

import tui.screens.governance


async def test_a_ledger_with_more_offices_than_the_window_says_how_many_and_how_to_find_them(
    demo_app, demo_ledger, monkeypatch
):
    monkeypatch.setattr(tui.screens.governance, "PAGE", 3)
    monkeypatch.setattr(tui.screens.governance, "BODIES", 2)
    everything = demo_ledger.governance_on(AS_OF)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert list(offices(demo_app)) == [o.office.office for o in everything.offices[:3]]
        assert text_of(demo_app, "#offices-title") == (
            f"Offices on 2023-05-02  (first 3 of {len(everything.offices)})  / to filter"
        )
        assert text_of(demo_app, "#bodies-title").startswith(
            f"Body members on 2023-05-02  (first 2 of {len(everything.bodies)} bodies;"
        )


async def test_words_typed_after_slash_find_offices_beyond_the_window(
    demo_app, demo_ledger, monkeypatch
):
    monkeypatch.setattr(tui.screens.governance, "PAGE", 3)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"director")
        assert offices(demo_app) == {
            "cesra-director": "Land Development Depart…",
            "dsit-director": "Satira Udomsri",
            "dsrd-director": "—",
        }
        assert text_of(demo_app, "#offices-title") == "Offices on 2023-05-02  (3)"
        await press(pilot, "enter")  # back to the table, on the first office found
        assert demo_app.focused is demo_app.query_one("#offices")
        assert text_of(demo_app, "#line-title").startswith("Line of holders: cesra-director")
        # The filter stays as the day changes: the same offices, a year before anyone held them.
        demo_app.as_of = AS_OF.replace(year=2022)
        await settle(pilot)
        assert offices(demo_app) == {
            "cesra-director": "—",
            "dsit-director": "—",
            "dsrd-director": "—",
        }
