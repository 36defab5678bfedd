"""Filtering the audit log: the whole log is read in a worker, the latest matches shown."""

from __future__ import annotations

from tui_helpers import labelled_rows, press, replay_at, settle, text_of

WIDE = (120, 36)


def logged(ledger, last=None):
    return (
        list(ledger.audit_log())
        if last is None
        else [e for e in ledger.audit_log() if e.position <= last]
    )


async def test_words_typed_in_the_filter_keep_the_events_that_have_them_all(demo_app, demo_ledger):
    expected = [
        e.position
        for e in logged(demo_ledger)
        if e.type.endswith("MandateStarted") and e.entity == "asp-chair"
    ]
    assert expected
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        await press(pilot, "slash")  # / puts the cursor in the filter
        await press(pilot, *"mandatestarted asp-chair")
        shown = [int(r["Pos"]) for r in labelled_rows(demo_app, "#log")]
        assert shown == expected
        head = demo_ledger.head_position()
        assert text_of(demo_app, "#log-title") == (
            f"Audit log: {len(expected)} events matching 'mandatestarted asp-chair'"
            f" up to position {head} of {head}"
        )
        assert not demo_app.query_one("#log-scan").display


async def test_a_filter_that_matches_nothing_says_so_and_clearing_it_brings_the_log_back(
    demo_app, demo_ledger
):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        await press(pilot, "slash")  # / puts the cursor in the filter
        await press(pilot, *"no-such-thing")
        assert labelled_rows(demo_app, "#log") == []
        assert text_of(demo_app, "#detail") == "No event matches the filter."
        await press(pilot, *["backspace"] * len("no-such-thing"))
        assert len(labelled_rows(demo_app, "#log")) == head
        assert text_of(demo_app, "#log-title") == (
            f"Audit log: {head} events up to position {head} of {head}"
        )


async def test_in_replay_the_filter_reads_only_what_was_known_then(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    then = head // 2
    expected = [e.position for e in logged(demo_ledger, then) if "gina-nilo" in e.entity]
    async with demo_app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        await replay_at(pilot, then)
        await press(pilot, "slash")  # / puts the cursor in the filter
        await press(pilot, *"gina-nilo")
        shown = [int(r["Pos"]) for r in labelled_rows(demo_app, "#log")]
        assert shown and all(p <= then for p in shown)
        assert [p for p in shown if "gina-nilo" in _entity(demo_ledger, p)] == expected
        assert f"up to position {then} of {head}" in text_of(demo_app, "#log-title")


def _entity(ledger, position):
    return next(e.entity for e in ledger.audit_log(after=position - 1, page=1))
