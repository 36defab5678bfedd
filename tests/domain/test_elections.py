"""The rules of an election: the call for candidates and its window, nominations checked against
the office's eligible role, withdrawals, the tally, and the result by simple majority, where a
tie is reported with the tied names and never decided by the software.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.elections import Election
from domain.errors import (
    DuplicateEntry,
    ElectionClosed,
    EndsBeforeStart,
    IneligibleCandidate,
    InvalidNumber,
    NoSuchEntry,
    NoWinner,
    OutOfOrder,
    RuleBroken,
)

D = date.fromisoformat
OPENS = D("2023-06-01")
CLOSES = D("2023-07-01")
IN_THE_CALL = D("2023-06-15")
VOTE_DAY = D("2023-07-10")
ROLE = "national-focal-point"


def election(*candidates: str) -> Election:
    e = Election.open("chair-2023", office="asp-chair", opens=OPENS, closes=CLOSES)
    for c in candidates:
        e.nominate(c, day=IN_THE_CALL, eligible_role=ROLE, holds_role=True)
    return e


def replay(events: list[Election.Event]) -> Election:
    e = None
    for ev in events:
        e = ev.mutate(e)
    assert isinstance(e, Election)
    return e


# --- the call for candidates ------------------------------------------------------------------


def test_an_election_is_named_after_its_office_unless_told_otherwise() -> None:
    e = election()

    assert (e.handle, e.name, e.office, e.opens, e.closes) == (
        "chair-2023",
        "Election of asp-chair",
        "asp-chair",
        OPENS,
        CLOSES,
    )
    assert (e.standing, e.winner, e.closed_on) == ([], None, None)


@pytest.mark.parametrize("closes", [OPENS, D("2023-05-31")], ids=["same-day", "day-before"])
def test_a_call_for_candidates_must_close_after_it_opens(closes: date) -> None:
    with pytest.raises(EndsBeforeStart) as refused:
        Election.open("chair-2023", office="asp-chair", opens=OPENS, closes=closes)

    assert str(refused.value).startswith(
        f"end on or before start: the call for candidates of chair-2023 would end on "
        f"{closes.isoformat()}, not after its start on 2023-06-01"
    )


def test_a_nomination_on_the_day_the_call_opens_is_accepted() -> None:
    e = election()

    e.nominate("gina-nilo", day=OPENS)

    assert e.standing == ["gina-nilo"]


def test_a_nomination_before_the_call_opens_is_refused() -> None:
    e = election()

    with pytest.raises(OutOfOrder) as refused:
        e.nominate("gina-nilo", day=D("2023-05-31"))

    assert str(refused.value) == (
        "out of order: chair-2023 cannot be given gina-nilo as a candidate on 2023-05-31, "
        "before its last step on 2023-06-01"
    )
    assert e.standing == []


@pytest.mark.parametrize("day", [CLOSES, D("2023-08-01")], ids=["closing-day", "after"])
def test_a_nomination_after_the_call_closes_is_refused(day: date) -> None:
    e = election()

    with pytest.raises(ElectionClosed) as refused:
        e.nominate("gina-nilo", day=day)

    assert str(refused.value) == (
        "election closed: chair-2023 closed its call for candidates on 2023-07-01"
    )
    assert e.standing == []


def test_a_candidate_is_nominated_once() -> None:
    e = election("gina-nilo")

    with pytest.raises(DuplicateEntry) as refused:
        e.nominate("gina-nilo", day=IN_THE_CALL)

    assert str(refused.value).startswith(
        "already recorded: chair-2023 already records gina-nilo as a candidate"
    )
    assert len(e.candidacies) == 1


# --- eligibility ------------------------------------------------------------------------------


def test_a_candidate_who_holds_no_office_of_the_eligible_role_is_refused() -> None:
    e = election()
    version = e.version

    with pytest.raises(IneligibleCandidate) as refused:
        e.nominate("kaeo-hana", day=IN_THE_CALL, eligible_role=ROLE, holds_role=False)

    assert str(refused.value) == (
        "ineligible candidate: kaeo-hana holds no office of role national-focal-point on "
        "2023-06-15, and chair-2023 chooses among its holders; record that mandate first, or "
        "pass --override REASON"
    )
    assert (e.version, e.standing) == (version, [])


def test_an_ineligible_candidate_is_accepted_with_an_override_and_its_reason_recorded() -> None:
    e = election()

    e.nominate(
        "kaeo-hana",
        day=IN_THE_CALL,
        eligible_role=ROLE,
        holds_role=False,
        override="the plenary admitted an ITPS member",
    )

    assert e.standing == ["kaeo-hana"]
    assert e.candidacies[0].override == "the plenary admitted an ITPS member"
    assert e.collect_events()[-1].override == "the plenary admitted an ITPS member"


def test_a_blank_override_does_not_make_a_candidate_eligible() -> None:
    e = election()

    with pytest.raises(IneligibleCandidate):
        e.nominate("kaeo-hana", day=IN_THE_CALL, eligible_role=ROLE, holds_role=False, override=" ")


def test_an_office_without_an_eligible_role_takes_any_candidate() -> None:
    e = election()

    e.nominate("kaeo-hana", day=IN_THE_CALL, eligible_role=None, holds_role=False)

    assert e.standing == ["kaeo-hana"]


# --- withdrawals ------------------------------------------------------------------------------


def test_a_withdrawn_candidate_no_longer_stands() -> None:
    e = election("gina-nilo", "kaeo-hana")

    e.withdraw("kaeo-hana", day=D("2023-06-20"), reason="took another post")

    assert e.standing == ["gina-nilo"]
    assert [(c.candidate, c.withdrawn) for c in e.candidacies] == [
        ("gina-nilo", False),
        ("kaeo-hana", True),
    ]


def test_only_a_standing_candidate_can_withdraw() -> None:
    e = election("gina-nilo")
    e.withdraw("gina-nilo", day=D("2023-06-20"))

    with pytest.raises(NoSuchEntry) as refused:
        e.withdraw("gina-nilo", day=D("2023-06-21"))

    assert "candidacy of gina-nilo in chair-2023" in str(refused.value)


def test_a_withdrawn_candidate_may_stand_again_while_the_call_is_open() -> None:
    e = election("gina-nilo")
    e.withdraw("gina-nilo", day=D("2023-06-20"))

    e.nominate("gina-nilo", day=D("2023-06-25"))

    assert e.standing == ["gina-nilo"]


# --- the tally and the result -----------------------------------------------------------------


def test_votes_are_tallied_only_for_standing_candidates() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.withdraw("kaeo-hana", day=D("2023-06-20"))

    with pytest.raises(NoSuchEntry) as refused:
        e.tally({"gina-nilo": 10, "kaeo-hana": 3}, day=VOTE_DAY)

    assert "candidacy of kaeo-hana in chair-2023" in str(refused.value)
    assert e.votes == {}


def test_votes_are_never_negative() -> None:
    e = election("gina-nilo", "kaeo-hana")

    with pytest.raises(InvalidNumber) as refused:
        e.tally({"gina-nilo": 10, "kaeo-hana": -1}, day=VOTE_DAY)

    message = str(refused.value)
    assert message.startswith("invalid number: chair-2023: votes for kaeo-hana must be at least")
    assert message.endswith("not -1")
    # No votes at all is a count the tally accepts (below), so the way out is not "at least 1".
    assert "at least 1," not in message
    assert e.votes == {}


def test_no_votes_at_all_is_a_count_not_a_refusal() -> None:
    e = election("gina-nilo", "kaeo-hana")

    e.tally({"gina-nilo": 0, "kaeo-hana": 2}, day=VOTE_DAY)

    assert e.votes == {"gina-nilo": 0, "kaeo-hana": 2}


def test_a_tally_before_the_call_opens_is_refused() -> None:
    e = election("gina-nilo")

    with pytest.raises(OutOfOrder):
        e.tally({"gina-nilo": 1}, day=D("2023-05-01"))


def test_the_candidate_with_most_votes_wins_by_simple_majority() -> None:
    e = election("gina-nilo", "kaeo-hana", "lucrezia-caon")
    e.tally({"gina-nilo": 12, "kaeo-hana": 20, "lucrezia-caon": 4}, day=VOTE_DAY)

    assert e.result() == "kaeo-hana"
    assert e.close(day=VOTE_DAY) == "kaeo-hana"
    closed = e.collect_events()[-1]
    assert (closed.winner, closed.method, closed.override) == (
        "kaeo-hana",
        "simple majority",
        None,
    )
    assert (e.winner, e.closed_on) == ("kaeo-hana", VOTE_DAY)


def test_a_later_tally_updates_the_counts() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 12, "kaeo-hana": 10}, day=VOTE_DAY)

    e.tally({"kaeo-hana": 15}, day=VOTE_DAY)

    assert e.result() == "kaeo-hana"


def test_votes_for_a_candidate_who_withdrew_after_the_tally_do_not_count() -> None:
    e = election("gina-nilo", "kaeo-hana", "lucrezia-caon")
    e.tally({"gina-nilo": 5, "kaeo-hana": 30, "lucrezia-caon": 9}, day=VOTE_DAY)
    e.withdraw("kaeo-hana", day=VOTE_DAY)

    assert e.result() == "lucrezia-caon"


def test_a_tie_is_reported_with_the_tied_names_and_never_decided() -> None:
    e = election("lucrezia-caon", "gina-nilo", "kaeo-hana")
    e.tally({"lucrezia-caon": 11, "gina-nilo": 11, "kaeo-hana": 3}, day=VOTE_DAY)
    version = e.version

    with pytest.raises(NoWinner) as refused:
        e.close(day=VOTE_DAY)

    message = str(refused.value)
    assert message.startswith(
        "no winner: chair-2023: a tie between gina-nilo, lucrezia-caon (11 votes each)"
    )
    assert "kaeo-hana" not in message
    assert "--winner H and --override REASON" in message
    assert (e.version, e.winner, e.closed_on) == (version, None, None)


def test_a_single_unopposed_candidate_wins_without_a_tally() -> None:
    e = election("gina-nilo")

    assert e.close(day=VOTE_DAY) == "gina-nilo"
    assert e.collect_events()[-1].method == "unopposed"


def test_a_single_candidate_left_after_withdrawals_wins_unopposed() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.withdraw("kaeo-hana", day=D("2023-06-20"))

    assert e.close(day=VOTE_DAY) == "gina-nilo"


def test_several_candidates_without_a_tally_have_no_winner_yet() -> None:
    e = election("gina-nilo", "kaeo-hana")

    with pytest.raises(NoWinner) as refused:
        e.close(day=VOTE_DAY)

    assert "no votes are tallied yet (election tally)" in str(refused.value)


def test_an_election_with_nobody_standing_has_no_winner() -> None:
    e = election("gina-nilo")
    e.withdraw("gina-nilo", day=D("2023-06-20"))

    with pytest.raises(NoWinner) as refused:
        e.close(day=VOTE_DAY)

    assert str(refused.value) == "no winner: chair-2023: no candidate is standing"


# --- another winner than the count ------------------------------------------------------------


def test_naming_the_majority_winner_needs_no_override() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 12, "kaeo-hana": 10}, day=VOTE_DAY)

    assert e.close(day=VOTE_DAY, winner="gina-nilo") == "gina-nilo"
    assert e.collect_events()[-1].method == "simple majority"


def test_a_winner_other_than_the_majority_one_is_refused_without_an_override() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 12, "kaeo-hana": 10}, day=VOTE_DAY)

    with pytest.raises(NoWinner) as refused:
        e.close(day=VOTE_DAY, winner="kaeo-hana")

    assert str(refused.value) == (
        "no winner: chair-2023: kaeo-hana is not the winner by simple majority; pass "
        "--override REASON to record another result"
    )
    assert e.closed_on is None


def test_a_tie_broken_by_the_deciding_body_is_recorded_with_its_reason() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 11, "kaeo-hana": 11}, day=VOTE_DAY)

    winner = e.close(day=VOTE_DAY, winner="kaeo-hana", override="drawn by lot at ASP-IX")

    closed = e.collect_events()[-1]
    assert winner == "kaeo-hana"
    assert (closed.method, closed.override) == ("override", "drawn by lot at ASP-IX")


def test_the_winner_named_must_be_a_standing_candidate() -> None:
    e = election("gina-nilo")

    with pytest.raises(NoSuchEntry):
        e.close(day=VOTE_DAY, winner="kaeo-hana", override="whatever")


# --- a closed election ------------------------------------------------------------------------


def _closed() -> Election:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 12, "kaeo-hana": 10}, day=VOTE_DAY)
    e.close(day=VOTE_DAY)
    return e


@pytest.mark.parametrize(
    "step",
    [
        lambda e: e.nominate("lucrezia-caon", day=IN_THE_CALL),
        lambda e: e.withdraw("kaeo-hana", day=VOTE_DAY),
        lambda e: e.tally({"kaeo-hana": 30}, day=VOTE_DAY),
        lambda e: e.close(day=VOTE_DAY),
    ],
    ids=["nominate", "withdraw", "tally", "close"],
)
def test_a_closed_election_refuses_every_further_step(step: Callable[[Election], object]) -> None:
    e = _closed()
    version = e.version

    with pytest.raises(ElectionClosed) as refused:
        step(e)

    assert str(refused.value) == "election closed: chair-2023 was closed on 2023-07-10"
    assert (e.version, e.winner) == (version, "gina-nilo")


def test_closing_before_the_call_opens_is_refused() -> None:
    e = election("gina-nilo")

    with pytest.raises(OutOfOrder):
        e.close(day=D("2023-05-01"))


def test_a_refusal_is_a_broken_rule_the_cli_reports_in_one_line() -> None:
    e = election("gina-nilo", "kaeo-hana")
    e.tally({"gina-nilo": 1, "kaeo-hana": 1}, day=VOTE_DAY)

    with pytest.raises(RuleBroken) as refused:
        e.close(day=VOTE_DAY)

    assert "\n" not in str(refused.value)


def test_replaying_an_election_s_events_rebuilds_its_result() -> None:
    e = election("gina-nilo", "kaeo-hana", "lucrezia-caon")
    e.withdraw("lucrezia-caon", day=D("2023-06-20"))
    e.tally({"gina-nilo": 12, "kaeo-hana": 10}, day=VOTE_DAY)
    e.close(day=VOTE_DAY)

    replayed = replay(e.collect_events())

    assert (replayed.standing, replayed.votes, replayed.winner, replayed.closed_on) == (
        ["gina-nilo", "kaeo-hana"],
        {"gina-nilo": 12, "kaeo-hana": 10},
        "gina-nilo",
        VOTE_DAY,
    )
