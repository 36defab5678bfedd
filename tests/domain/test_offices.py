"""The rules of an office and its mandates: seats, overlaps, half-open ends, acting holders.

Each refusal is checked as the secretariat would read it: the rule, the office and holder it
was broken on, and the way out, with nothing left pending on the aggregate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.errors import (
    ActingSeatsFull,
    EndsBeforeStart,
    InvalidHandle,
    InvalidName,
    InvalidNumber,
    MandateNotOpen,
    OverlappingMandate,
    SeatsFull,
)
from domain.offices import Office
from domain.recorded import entity_id

D = date.fromisoformat


def chair(*, seats: int = 1) -> Office:
    return Office.create("asp-chair", "ASP Chair", seats=seats)


def holders_on(office: Office, day: str) -> list[str]:
    return [m.holder for m in office.holders_on(D(day))]


def replay(events: list[Office.Event]) -> Office:
    office = None
    for e in events:
        office = e.mutate(office)
    assert isinstance(office, Office)
    return office


# --- creating an office -----------------------------------------------------------------------


def test_an_office_has_one_seat_unless_told_otherwise() -> None:
    office = Office.create("asp-chair", "ASP Chair")

    assert office.seats == 1
    assert (office.handle, office.name, office.body, office.term_years) == (
        "asp-chair",
        "ASP Chair",
        None,
        None,
    )


def test_an_office_keeps_the_seats_body_and_term_it_was_given() -> None:
    office = Office.create(
        "wg-chairs", "Working group chairs", body="asp-gg", term_years=3, seats=2
    )

    assert (office.seats, office.body, office.term_years) == (2, "asp-gg", 3)


def test_an_office_is_identified_by_its_handle() -> None:
    assert chair().id == entity_id("asp-chair")


@pytest.mark.parametrize("seats", [0, -1])
def test_an_office_refuses_fewer_than_one_seat(seats: int) -> None:
    with pytest.raises(InvalidNumber) as refused:
        Office.create("asp-chair", "ASP Chair", seats=seats)

    assert str(refused.value) == (
        f"invalid number: asp-chair: seats must be at least 1, not {seats}"
    )


@pytest.mark.parametrize("seats", [10_001, 2**64])
def test_an_office_refuses_more_seats_than_any_office_has(seats: int) -> None:
    with pytest.raises(InvalidNumber) as refused:
        Office.create("asp-chair", "ASP Chair", seats=seats)

    assert str(refused.value) == (
        f"invalid number: asp-chair: seats must be at most 10000, not {seats}"
    )


def test_an_office_refuses_a_term_of_more_than_a_hundred_years() -> None:
    with pytest.raises(InvalidNumber) as refused:
        Office.create("asp-chair", "ASP Chair", term_years=101)

    assert str(refused.value) == (
        "invalid number: asp-chair: term in years must be at most 100, not 101"
    )


def test_an_office_takes_the_largest_seats_and_term_allowed() -> None:
    office = Office.create("asp-chair", "ASP Chair", seats=10_000, term_years=100)

    assert (office.seats, office.term_years) == (10_000, 100)


def test_an_office_refuses_a_term_of_less_than_a_year() -> None:
    with pytest.raises(InvalidNumber) as refused:
        Office.create("asp-chair", "ASP Chair", term_years=0)

    assert str(refused.value) == (
        "invalid number: asp-chair: term in years must be at least 1, not 0"
    )


@pytest.mark.parametrize(
    "handle",
    ["ASP-Chair", "asp chair", "asp_chair", "-asp-chair", "asp-chair-", "", "a" * 65, "chaír"],
)
def test_an_office_refuses_a_handle_that_is_not_one(handle: str) -> None:
    with pytest.raises(InvalidHandle) as refused:
        Office.create(handle, "ASP Chair")

    message = str(refused.value)
    assert message.startswith(f"invalid handle: {handle!r} is not a handle")
    assert "use lowercase letters, digits and hyphens" in message
    assert "e.g. asp-chair" in message


def test_an_office_accepts_a_handle_of_64_characters() -> None:
    assert Office.create("a" * 64, "ASP Chair").handle == "a" * 64


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_an_office_refuses_an_empty_name(name: str) -> None:
    with pytest.raises(InvalidName) as refused:
        Office.create("asp-chair", name)

    assert str(refused.value) == "invalid name: the office name is empty"


def test_an_office_refuses_a_name_longer_than_300_characters() -> None:
    assert Office.create("asp-chair", "C" * 300).name == "C" * 300

    with pytest.raises(InvalidName) as refused:
        Office.create("asp-chair", "C" * 301)

    assert str(refused.value) == "invalid name: the office name is longer than 300 characters"


@pytest.mark.parametrize("name", ["ASP\x00Chair", "ASP Chair\x1b[2J", "ASP\x7fChair"])
def test_an_office_refuses_a_name_with_control_characters(name: str) -> None:
    with pytest.raises(InvalidName) as refused:
        Office.create("asp-chair", name)

    assert str(refused.value) == "invalid name: the office name contains control characters"


def test_an_office_name_has_its_runs_of_whitespace_collapsed() -> None:
    assert Office.create("asp-chair", "  ASP \t Chair\n").name == "ASP Chair"


# --- seats ------------------------------------------------------------------------------------


def test_a_one_seat_office_takes_a_first_holder() -> None:
    office = chair()

    office.start_mandate("gina-nilo", D("2023-05-02"), basis="elected at ASP-VIII")

    [mandate] = office.mandates
    assert (mandate.number, mandate.holder, mandate.acting, mandate.basis) == (
        1,
        "gina-nilo",
        False,
        "elected at ASP-VIII",
    )
    assert (mandate.span.start, mandate.span.end) == (D("2023-05-02"), None)


def test_a_one_seat_office_refuses_a_second_holder() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(SeatsFull) as refused:
        office.start_mandate("kaeo-hana", D("2023-06-01"))

    assert str(refused.value) == (
        "seats full: asp-chair has 1 seat, all held on 2023-06-01 (by gina-nilo); "
        "end a mandate first, or record this one as --acting"
    )


def test_a_mandate_that_would_run_into_a_later_recorded_one_is_refused() -> None:
    office = chair()
    office.start_mandate("kaeo-hana", D("2024-01-01"), end=D("2025-01-01"))

    with pytest.raises(SeatsFull) as refused:
        office.start_mandate("gina-nilo", D("2023-05-02"))

    message = str(refused.value)
    assert message.startswith("seats full: asp-chair has 1 seat, all held on 2024-01-01")
    assert "(by kaeo-hana)" in message
    assert "end a mandate first" in message


def test_a_mandate_ending_when_a_later_recorded_one_starts_is_accepted() -> None:
    office = chair()
    office.start_mandate("kaeo-hana", D("2024-01-01"), end=D("2025-01-01"))

    office.start_mandate("gina-nilo", D("2023-05-02"), end=D("2024-01-01"))
    office.start_mandate("lucrezia-caon", D("2025-01-01"))

    assert holders_on(office, "2023-12-31") == ["gina-nilo"]
    assert holders_on(office, "2024-01-01") == ["kaeo-hana"]
    assert holders_on(office, "2025-01-01") == ["lucrezia-caon"]


def test_a_two_seat_office_takes_two_holders_and_refuses_a_third() -> None:
    office = chair(seats=2)
    office.start_mandate("gina-nilo", D("2023-05-02"))
    office.start_mandate("kaeo-hana", D("2023-05-02"))

    with pytest.raises(SeatsFull) as refused:
        office.start_mandate("lucrezia-caon", D("2023-05-03"))

    assert str(refused.value) == (
        "seats full: asp-chair has 2 seats, all held on 2023-05-03 (by gina-nilo, kaeo-hana); "
        "end a mandate first, or record this one as --acting"
    )
    assert sorted(holders_on(office, "2023-05-03")) == ["gina-nilo", "kaeo-hana"]


def test_a_two_seat_office_is_full_only_on_the_days_both_seats_are_held() -> None:
    office = chair(seats=2)
    office.start_mandate("gina-nilo", D("2023-01-01"), end=D("2023-06-01"))
    office.start_mandate("kaeo-hana", D("2023-03-01"))

    with pytest.raises(SeatsFull) as refused:
        office.start_mandate("ratu-mara", D("2023-01-15"))
    office.start_mandate("lucrezia-caon", D("2023-02-01"), end=D("2023-03-01"))
    office.start_mandate("ratu-mara", D("2023-06-01"))

    assert "all held on 2023-03-01 (by gina-nilo, kaeo-hana)" in str(refused.value)
    assert sorted(holders_on(office, "2023-06-01")) == ["kaeo-hana", "ratu-mara"]


# --- one holder's own mandates ----------------------------------------------------------------


def test_a_holder_cannot_start_a_mandate_inside_one_they_already_hold() -> None:
    office = chair(seats=2)
    office.start_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(OverlappingMandate) as refused:
        office.start_mandate("gina-nilo", D("2024-01-01"))

    assert str(refused.value) == (
        "overlapping mandate: gina-nilo already holds asp-chair from 2023-05-02 "
        "(open-ended); end that mandate first, or start the new one on or after its end"
    )


def test_a_holder_cannot_start_a_mandate_running_into_one_they_hold_later() -> None:
    office = chair(seats=2)
    office.start_mandate("gina-nilo", D("2024-01-01"), end=D("2025-01-01"))

    with pytest.raises(OverlappingMandate) as refused:
        office.start_mandate("gina-nilo", D("2023-05-02"), end=D("2024-01-02"))

    assert "gina-nilo already holds asp-chair from 2024-01-01 (until 2025-01-01)" in str(
        refused.value
    )


def test_a_holder_cannot_act_in_an_office_they_already_hold() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(OverlappingMandate):
        office.start_mandate("gina-nilo", D("2023-06-01"), acting=True)


def test_a_holder_may_hold_an_office_again_from_the_day_their_mandate_ended() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))

    office.start_mandate("gina-nilo", D("2023-05-02"), basis="re-elected")

    assert [(m.holder, m.span.start, m.span.end) for m in office.mandates] == [
        ("gina-nilo", D("2020-05-02"), D("2023-05-02")),
        ("gina-nilo", D("2023-05-02"), None),
    ]


# --- ends: the first day no longer held -------------------------------------------------------


@pytest.mark.parametrize("end", ["2023-05-02", "2023-05-01"])
def test_a_mandate_cannot_be_started_with_an_end_on_or_before_its_start(end: str) -> None:
    office = chair()

    with pytest.raises(EndsBeforeStart) as refused:
        office.start_mandate("gina-nilo", D("2023-05-02"), end=D(end))

    assert str(refused.value) == (
        f"end on or before start: gina-nilo's mandate of asp-chair would end on {end}, not "
        "after its start on 2023-05-02; the end is the first day no longer held, so it must "
        "be later than the start"
    )


@pytest.mark.parametrize("end", ["2023-05-02", "2023-05-01"])
def test_a_mandate_cannot_be_ended_on_or_before_its_start(end: str) -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(EndsBeforeStart) as refused:
        office.end_mandate("gina-nilo", D(end))

    message = str(refused.value)
    assert message.startswith(
        f"end on or before start: gina-nilo's mandate of asp-chair would end on {end}"
    )
    assert "the end is the first day no longer held, so it must be later than the start" in (
        message
    )


def test_a_successor_may_start_on_the_day_the_predecessor_s_mandate_ends() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"), reason="term over")

    office.start_mandate("kaeo-hana", D("2023-05-02"))

    assert holders_on(office, "2023-05-01") == ["gina-nilo"]
    assert holders_on(office, "2023-05-02") == ["kaeo-hana"]


def test_a_successor_may_start_on_the_planned_end_of_the_predecessor() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"), end=D("2023-05-02"))

    office.start_mandate("kaeo-hana", D("2023-05-02"))

    assert holders_on(office, "2023-05-02") == ["kaeo-hana"]


def test_ending_a_mandate_nobody_holds_is_refused() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(MandateNotOpen) as refused:
        office.end_mandate("kaeo-hana", D("2024-01-01"))

    assert str(refused.value) == (
        "mandate not open: kaeo-hana holds no open mandate of asp-chair to end on 2024-01-01; "
        "see `ledger holders asp-chair` for the mandates recorded"
    )


def test_a_mandate_cannot_be_ended_twice_on_the_same_day() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(MandateNotOpen) as refused:
        office.end_mandate("gina-nilo", D("2023-05-02"))

    assert "gina-nilo holds no open mandate of asp-chair to end on 2023-05-02" in str(refused.value)


def test_a_mandate_cannot_be_ended_again_later() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(MandateNotOpen):
        office.end_mandate("gina-nilo", D("2023-06-01"))


def test_a_mandate_cannot_be_ended_again_earlier() -> None:
    """An ended mandate is history: moving its end is a correction, not a second end."""
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))

    with pytest.raises(MandateNotOpen) as refused:
        office.end_mandate("gina-nilo", D("2022-01-01"))

    assert "gina-nilo holds no open mandate of asp-chair to end on 2022-01-01" in str(refused.value)
    assert office.mandates[0].span.end == D("2023-05-02")


def test_a_mandate_reopened_by_a_correction_can_be_ended_again() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))
    office.correct_mandate("gina-nilo", reason="the end was recorded by mistake", reopen=True)

    office.end_mandate("gina-nilo", D("2024-01-01"))

    assert office.mandates[0].span.end == D("2024-01-01")


def test_a_mandate_with_a_planned_end_can_be_ended_earlier() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"), end=D("2026-05-02"))

    office.end_mandate("gina-nilo", D("2024-03-01"), reason="resigned")

    assert office.mandates[0].span.end == D("2024-03-01")
    assert holders_on(office, "2024-02-29") == ["gina-nilo"]
    assert holders_on(office, "2024-03-01") == []


@pytest.mark.parametrize("end", ["2026-05-02", "2027-01-01"])
def test_a_mandate_with_a_planned_end_cannot_be_ended_on_or_after_it(end: str) -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"), end=D("2026-05-02"))

    with pytest.raises(MandateNotOpen) as refused:
        office.end_mandate("gina-nilo", D(end))

    assert f"gina-nilo holds no open mandate of asp-chair to end on {end}" in str(refused.value)
    assert office.mandates[0].span.end == D("2026-05-02")


def test_ending_ends_the_holder_s_mandate_that_holds_on_that_day() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-01-01"), end=D("2021-01-01"))
    office.start_mandate("gina-nilo", D("2022-01-01"))

    office.end_mandate("gina-nilo", D("2023-01-01"))

    assert [m.span.end for m in office.mandates] == [D("2021-01-01"), D("2023-01-01")]


# --- acting mandates --------------------------------------------------------------------------


def test_an_acting_holder_may_serve_alongside_the_substantive_one() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))

    office.start_mandate("kaeo-hana", D("2023-07-01"), end=D("2023-08-01"), acting=True)

    assert [(m.holder, m.acting) for m in office.holders_on(D("2023-07-15"))] == [
        ("gina-nilo", False),
        ("kaeo-hana", True),
    ]


def test_a_second_acting_holder_at_the_same_time_is_refused() -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))
    office.start_mandate("kaeo-hana", D("2023-07-01"), end=D("2023-08-01"), acting=True)

    with pytest.raises(ActingSeatsFull) as refused:
        office.start_mandate("lucrezia-caon", D("2023-06-01"), acting=True)

    assert str(refused.value) == (
        "acting seats full: asp-chair already has 1 acting holder(s) on 2023-07-01 "
        "(kaeo-hana) for 1 seat(s); end an acting mandate first"
    )


def test_acting_holders_may_follow_one_another() -> None:
    office = chair()
    office.start_mandate("kaeo-hana", D("2023-07-01"), acting=True)
    office.end_mandate("kaeo-hana", D("2023-08-01"))

    office.start_mandate("lucrezia-caon", D("2023-08-01"), acting=True)

    assert [m.holder for m in office.holders_on(D("2023-08-01"))] == ["lucrezia-caon"]


def test_an_acting_holder_does_not_take_the_substantive_seat() -> None:
    office = chair()
    office.start_mandate("kaeo-hana", D("2023-07-01"), acting=True)

    office.start_mandate("gina-nilo", D("2023-07-15"))

    assert sorted(holders_on(office, "2023-07-15")) == ["gina-nilo", "kaeo-hana"]


# --- holders on a day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "holders"),
    [
        ("2019-12-31", []),
        ("2020-01-01", ["gina-nilo"]),
        ("2020-02-29", ["gina-nilo"]),
        ("2020-03-01", ["kaeo-hana"]),
        ("2099-01-01", ["kaeo-hana"]),
    ],
)
def test_holders_on_a_day_count_the_start_day_but_not_the_end_day(
    day: str, holders: list[str]
) -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2020-01-01"), end=D("2020-03-01"))
    office.start_mandate("kaeo-hana", D("2020-03-01"))

    assert holders_on(office, day) == holders


# --- nothing half-recorded, history replayed as it was ----------------------------------------


def _start_second_holder(office: Office) -> None:
    office.start_mandate("kaeo-hana", D("2023-06-01"))


def _start_inside_own_mandate(office: Office) -> None:
    office.start_mandate("gina-nilo", D("2023-06-01"))


def _start_ending_before_it_starts(office: Office) -> None:
    office.start_mandate("kaeo-hana", D("2030-01-01"), end=D("2029-01-01"))


def _end_on_the_start_day(office: Office) -> None:
    office.end_mandate("gina-nilo", D("2023-05-02"))


def _end_nobody_s_mandate(office: Office) -> None:
    office.end_mandate("kaeo-hana", D("2024-01-01"))


def _start_second_acting_holder(office: Office) -> None:
    office.start_mandate("kaeo-hana", D("2023-06-01"), acting=True)
    office.start_mandate("lucrezia-caon", D("2023-06-15"), acting=True)


@pytest.mark.parametrize(
    "refused_command",
    [
        _start_second_holder,
        _start_inside_own_mandate,
        _start_ending_before_it_starts,
        _end_on_the_start_day,
        _end_nobody_s_mandate,
    ],
)
def test_a_refused_command_leaves_nothing_pending(
    refused_command: Callable[[Office], None],
) -> None:
    office = chair()
    office.start_mandate("gina-nilo", D("2023-05-02"))
    version = office.version

    with pytest.raises(
        (SeatsFull, OverlappingMandate, EndsBeforeStart, MandateNotOpen, ActingSeatsFull)
    ):
        refused_command(office)

    assert office.version == version
    assert [type(e) for e in office.collect_events()] == [
        Office.Created,
        Office.MandateStarted,
    ]
    assert [(m.holder, m.span.end) for m in office.mandates] == [("gina-nilo", None)]


def test_a_refused_acting_mandate_leaves_only_the_accepted_ones_pending() -> None:
    office = chair()

    with pytest.raises(ActingSeatsFull):
        _start_second_acting_holder(office)

    assert [type(e) for e in office.collect_events()] == [
        Office.Created,
        Office.MandateStarted,
    ]
    assert [m.holder for m in office.mandates] == ["kaeo-hana"]


def test_replaying_an_office_s_events_rebuilds_the_same_office() -> None:
    office = chair(seats=2)
    office.start_mandate("gina-nilo", D("2020-05-02"), basis="elected")
    office.start_mandate("kaeo-hana", D("2021-01-01"), end=D("2024-01-01"))
    office.start_mandate("lucrezia-caon", D("2022-01-01"), acting=True)
    office.end_mandate("gina-nilo", D("2023-05-02"), reason="term over")
    office.start_mandate("ratu-mara", D("2023-05-02"))

    replayed = replay(office.collect_events())

    assert replayed.id == office.id
    assert replayed.version == office.version == 6
    assert (replayed.handle, replayed.name, replayed.seats) == ("asp-chair", "ASP Chair", 2)
    assert replayed.mandates == office.mandates


def test_replaying_history_does_not_re_run_rules_that_have_changed_since() -> None:
    """Two holders recorded under a two-seat office are still read back under a one-seat
    creation event: the @event methods only change state."""
    two_seats = chair(seats=2)
    two_seats.start_mandate("gina-nilo", D("2023-05-02"))
    two_seats.start_mandate("kaeo-hana", D("2023-05-02"))
    two_seats.end_mandate("kaeo-hana", D("2023-05-03"))
    mandate_events = two_seats.collect_events()[1:]
    one_seat_created = chair(seats=1).collect_events()

    replayed = replay(one_seat_created + mandate_events)

    assert replayed.seats == 1
    assert holders_on(replayed, "2023-05-02") == ["gina-nilo", "kaeo-hana"]
    assert holders_on(replayed, "2023-05-03") == ["gina-nilo"]
