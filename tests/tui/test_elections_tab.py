"""The elections tab: a call for candidates, as it stood on the as-of day."""

from __future__ import annotations

from datetime import date

from tui_helpers import labelled_rows, press, settle, text_of


async def test_the_tab_shows_no_election_before_the_call(election_app):
    async with election_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert "Elections opened by 2023-05-02  (0; 1 opened later)" in text_of(
            election_app, "#elections-title"
        )
        assert "No election opened by this day." in text_of(election_app, "#election-detail")


async def test_during_the_call_the_candidates_nominated_so_far_without_votes(election_app):
    async with election_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        election_app.as_of = date(2023, 5, 16)
        await press(pilot, "e")
        assert labelled_rows(election_app, "#election-list") == [
            {"Call opened": "2023-05-10", "Office": "asp-vice-chair", "Result": "call open"}
        ]
        detail = text_of(election_app, "#election-detail")
        assert "Call for candidates 2023-05-10 to 2023-06-10" in detail
        assert "As of 2023-05-16: call open" in detail
        candidates = labelled_rows(election_app, "#candidates")
        assert [(c["Candidate"], c["Votes"]) for c in candidates] == [("F.M. Manzurul Hoque", "")]


async def test_once_closed_the_votes_and_the_winner(election_app):
    async with election_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        election_app.as_of = date(2023, 6, 20)
        await settle(pilot)
        assert (
            labelled_rows(election_app, "#election-list")[0]["Result"]
            == "F.M. Manzurul Hoque elected"
        )
        assert "Closed 2023-06-12: F.M. Manzurul Hoque elected" in text_of(
            election_app, "#election-detail"
        )
        candidates = {c["Candidate"]: c for c in labelled_rows(election_app, "#candidates")}
        assert candidates["F.M. Manzurul Hoque"]["Votes"] == "31"
        assert candidates["Gina Nilo"]["Votes"] == "12"
        assert candidates["Gina Nilo"]["Note"] == "nominated by the governance group"

        # The winner's mandate started with the close: the governance tab shows it.
        await press(pilot, "g")
        office_rows = labelled_rows(election_app, "#offices")
        vice = next(r for r in office_rows if r["Office"] == "asp-vice-chair")
        assert vice["Held by"] == "F.M. Manzurul Hoque"


async def test_replayed_to_before_the_close_the_election_is_open_again(election_app):
    async with election_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        election_app.as_of = date(2023, 6, 20)
        await press(pilot, "e")
        # The close recorded two events (the election closed, the mandate started): two
        # steps back is the ledger as known before the close.
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert labelled_rows(election_app, "#election-list")[0]["Result"] == (
            "call closed, awaiting result"
        )
