"""The rules of a body and its memberships: the maximum of members on the busiest day,
overlaps, half-open ends and removals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.bodies import Body
from domain.errors import (
    BodyFull,
    EndsBeforeStart,
    InvalidHandle,
    InvalidName,
    InvalidNumber,
    MembershipNotOpen,
    OverlappingMembership,
)
from domain.recorded import entity_id

D = date.fromisoformat

NINE_COUNTRIES = [
    "bangladesh",
    "bhutan",
    "cambodia",
    "china",
    "india",
    "indonesia",
    "japan",
    "korea",
    "laos",
]


def committee(*, max_members: int | None = 2) -> Body:
    return Body.create("cesra-tc", "CESRA technical committee", max_members=max_members)


def members_on(body: Body, day: str) -> list[str]:
    return [m.member for m in body.members_on(D(day))]


def replay(events: list[Body.Event]) -> Body:
    body = None
    for e in events:
        body = e.mutate(body)
    assert isinstance(body, Body)
    return body


# --- creating a body --------------------------------------------------------------------------


def test_a_body_has_no_maximum_of_members_unless_told() -> None:
    body = Body.create("asp-plenary", "ASP plenary")

    assert (body.handle, body.name, body.max_members, body.term_years) == (
        "asp-plenary",
        "ASP plenary",
        None,
        None,
    )
    assert body.id == entity_id("asp-plenary")


def test_a_body_without_a_maximum_takes_any_number_of_members() -> None:
    body = committee(max_members=None)

    for n in range(50):
        body.add_member(f"country-{n}", D("2023-05-02"))

    assert len(body.members_on(D("2023-05-02"))) == 50


@pytest.mark.parametrize("max_members", [0, -9])
def test_a_body_refuses_a_maximum_of_fewer_than_one_member(max_members: int) -> None:
    with pytest.raises(InvalidNumber) as refused:
        committee(max_members=max_members)

    assert str(refused.value) == (
        f"invalid number: cesra-tc: maximum of members must be at least 1, not {max_members}"
    )


@pytest.mark.parametrize(
    ("rule", "value", "named"),
    [
        ("max_members", 10_001, "maximum of members must be at most 10000"),
        ("term_years", 101, "term in years must be at most 100"),
    ],
)
def test_a_body_refuses_a_number_beyond_any_body(rule: str, value: int, named: str) -> None:
    with pytest.raises(InvalidNumber) as refused:
        Body.create("cesra-tc", "CESRA technical committee", **{rule: value})

    assert str(refused.value) == f"invalid number: cesra-tc: {named}, not {value}"


def test_a_body_refuses_a_term_of_less_than_a_year() -> None:
    with pytest.raises(InvalidNumber) as refused:
        Body.create("cesra-tc", "CESRA technical committee", term_years=0)

    assert str(refused.value) == (
        "invalid number: cesra-tc: term in years must be at least 1, not 0"
    )


def test_a_body_refuses_a_handle_that_is_not_one() -> None:
    with pytest.raises(InvalidHandle) as refused:
        Body.create("CESRA TC", "CESRA technical committee")

    assert str(refused.value).startswith("invalid handle: 'CESRA TC' is not a handle; use ")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("  ", "is empty"),
        ("W" * 301, "is longer than 300 characters"),
        ("Working\x00group", "contains control characters"),
    ],
)
def test_a_body_refuses_a_name_that_is_not_one(name: str, reason: str) -> None:
    with pytest.raises(InvalidName) as refused:
        Body.create("wg-1", name)

    assert str(refused.value) == f"invalid name: the body name {reason}"


# --- the maximum of members -------------------------------------------------------------------


def test_a_nine_member_body_refuses_a_tenth_member() -> None:
    body = committee(max_members=9)
    for country in NINE_COUNTRIES:
        body.add_member(country, D("2023-05-02"))

    with pytest.raises(BodyFull) as refused:
        body.add_member("malaysia", D("2023-06-01"))

    assert str(refused.value) == (
        "body full: cesra-tc allows at most 9 members and would have 10 on 2023-06-01; "
        "remove a member first, or pass --override REASON"
    )


def test_a_body_is_full_on_its_busiest_day_even_if_it_comes_later() -> None:
    body = committee(max_members=2)
    body.add_member("bhutan", D("2023-01-01"), end=D("2023-06-01"))
    body.add_member("china", D("2023-03-01"))

    with pytest.raises(BodyFull) as refused:
        body.add_member("india", D("2023-01-15"))

    assert str(refused.value) == (
        "body full: cesra-tc allows at most 2 members and would have 3 on 2023-03-01; "
        "remove a member first, or pass --override REASON"
    )


def test_a_body_takes_a_member_where_the_busy_days_leave_room() -> None:
    body = committee(max_members=2)
    body.add_member("bhutan", D("2023-01-01"), end=D("2023-06-01"))
    body.add_member("china", D("2023-03-01"))

    body.add_member("india", D("2023-01-15"), end=D("2023-03-01"))
    body.add_member("japan", D("2023-06-01"))

    assert members_on(body, "2023-02-28") == ["bhutan", "india"]
    assert members_on(body, "2023-03-01") == ["bhutan", "china"]
    assert members_on(body, "2023-06-01") == ["china", "japan"]


def test_a_member_removed_frees_their_place_from_the_day_of_removal() -> None:
    body = committee(max_members=1)
    body.add_member("bhutan", D("2023-01-01"))
    body.remove_member("bhutan", D("2023-05-02"))

    body.add_member("china", D("2023-05-02"))

    assert members_on(body, "2023-05-01") == ["bhutan"]
    assert members_on(body, "2023-05-02") == ["china"]


# --- one member's own memberships -------------------------------------------------------------


def test_a_member_cannot_join_a_body_they_already_sit_in() -> None:
    body = committee()
    body.add_member("bhutan", D("2023-05-02"))

    with pytest.raises(OverlappingMembership) as refused:
        body.add_member("bhutan", D("2024-01-01"), end=D("2025-01-01"))

    assert str(refused.value) == (
        "overlapping membership: bhutan is already a member of cesra-tc from 2023-05-02 "
        "(open-ended); remove that membership first, or add the new one on or after "
        "its end"
    )


def test_a_member_cannot_join_for_a_time_running_into_a_later_membership() -> None:
    body = committee()
    body.add_member("bhutan", D("2024-01-01"), end=D("2025-01-01"))

    with pytest.raises(OverlappingMembership) as refused:
        body.add_member("bhutan", D("2023-01-01"))

    assert "bhutan is already a member of cesra-tc from 2024-01-01 (until 2025-01-01)" in str(
        refused.value
    )


def test_a_member_may_rejoin_on_the_day_their_membership_ended() -> None:
    body = committee()
    body.add_member("bhutan", D("2020-05-02"), end=D("2023-05-02"))

    body.add_member("bhutan", D("2023-05-02"))

    assert [(m.number, m.span.start, m.span.end) for m in body.memberships] == [
        (1, D("2020-05-02"), D("2023-05-02")),
        (2, D("2023-05-02"), None),
    ]


# --- ends -------------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["2023-05-02", "2023-04-30"])
def test_a_membership_cannot_be_added_with_an_end_on_or_before_its_start(end: str) -> None:
    body = committee()

    with pytest.raises(EndsBeforeStart) as refused:
        body.add_member("bhutan", D("2023-05-02"), end=D(end))

    assert str(refused.value) == (
        f"end on or before start: bhutan's membership of cesra-tc would end on {end}, not "
        "after its start on 2023-05-02; the end is the first day no longer held, so it must "
        "be later than the start"
    )


@pytest.mark.parametrize("end", ["2023-05-02", "2023-04-30"])
def test_a_membership_cannot_be_removed_on_or_before_its_start(end: str) -> None:
    body = committee()
    body.add_member("bhutan", D("2023-05-02"))

    with pytest.raises(EndsBeforeStart) as refused:
        body.remove_member("bhutan", D(end))

    assert str(refused.value).startswith(
        f"end on or before start: bhutan's membership of cesra-tc would end on {end}, not "
        "after its start on 2023-05-02"
    )


def test_removing_a_member_who_does_not_sit_is_refused() -> None:
    body = committee()
    body.add_member("bhutan", D("2023-05-02"))

    with pytest.raises(MembershipNotOpen) as refused:
        body.remove_member("china", D("2024-01-01"))

    assert str(refused.value) == (
        "membership not open: china has no open membership of cesra-tc to end on 2024-01-01; "
        "see `ledger governance` for the members recorded"
    )


def test_a_member_cannot_be_removed_twice_on_the_same_day() -> None:
    body = committee()
    body.add_member("bhutan", D("2020-05-02"))
    body.remove_member("bhutan", D("2023-05-02"))

    with pytest.raises(MembershipNotOpen):
        body.remove_member("bhutan", D("2023-05-02"))


def test_a_member_cannot_be_removed_again_earlier() -> None:
    """A removal is history: moving its day is a correction, not a second removal."""
    body = committee()
    body.add_member("bhutan", D("2020-05-02"))
    body.remove_member("bhutan", D("2023-05-02"))

    with pytest.raises(MembershipNotOpen) as refused:
        body.remove_member("bhutan", D("2022-01-01"))

    assert "bhutan has no open membership of cesra-tc to end on 2022-01-01" in str(refused.value)
    assert body.memberships[0].span.end == D("2023-05-02")


def test_a_membership_reopened_by_a_correction_can_be_ended_again() -> None:
    body = committee()
    body.add_member("bhutan", D("2020-05-02"))
    body.remove_member("bhutan", D("2023-05-02"))
    body.correct_membership("bhutan", reason="the removal was recorded by mistake", reopen=True)

    body.remove_member("bhutan", D("2024-01-01"))

    assert body.memberships[0].span.end == D("2024-01-01")


def test_a_membership_with_a_planned_end_can_be_ended_earlier() -> None:
    body = committee()
    body.add_member("bhutan", D("2023-05-02"), end=D("2026-05-02"))

    body.remove_member("bhutan", D("2024-03-01"), reason="withdrew")

    assert body.memberships[0].span.end == D("2024-03-01")
    assert members_on(body, "2024-03-01") == []


@pytest.mark.parametrize("end", ["2026-05-02", "2026-05-03"])
def test_a_membership_with_a_planned_end_cannot_be_ended_on_or_after_it(end: str) -> None:
    body = committee()
    body.add_member("bhutan", D("2023-05-02"), end=D("2026-05-02"))

    with pytest.raises(MembershipNotOpen):
        body.remove_member("bhutan", D(end))

    assert body.memberships[0].span.end == D("2026-05-02")


@pytest.mark.parametrize(
    ("day", "members"),
    [
        ("2022-12-31", []),
        ("2023-01-01", ["bhutan"]),
        ("2023-05-01", ["bhutan"]),
        ("2023-05-02", ["china"]),
    ],
)
def test_members_on_a_day_count_the_start_day_but_not_the_end_day(
    day: str, members: list[str]
) -> None:
    body = committee(max_members=1)
    body.add_member("bhutan", D("2023-01-01"), end=D("2023-05-02"))
    body.add_member("china", D("2023-05-02"))

    assert members_on(body, day) == members


# --- nothing half-recorded, history replayed as it was ----------------------------------------


def _add_a_third(body: Body) -> None:
    body.add_member("india", D("2023-06-01"))


def _add_again(body: Body) -> None:
    body.add_member("bhutan", D("2023-06-01"))


def _add_ending_before_start(body: Body) -> None:
    body.add_member("india", D("2030-01-01"), end=D("2029-01-01"))


def _remove_before_start(body: Body) -> None:
    body.remove_member("bhutan", D("2023-01-01"))


def _remove_a_stranger(body: Body) -> None:
    body.remove_member("india", D("2024-01-01"))


@pytest.mark.parametrize(
    "refused_command",
    [_add_a_third, _add_again, _add_ending_before_start, _remove_before_start, _remove_a_stranger],
)
def test_a_refused_command_leaves_nothing_pending(refused_command: Callable[[Body], None]) -> None:
    body = committee(max_members=2)
    body.add_member("bhutan", D("2023-05-02"))
    body.add_member("china", D("2023-05-02"))
    version = body.version

    with pytest.raises((BodyFull, OverlappingMembership, EndsBeforeStart, MembershipNotOpen)):
        refused_command(body)

    assert body.version == version
    assert [type(e) for e in body.collect_events()] == [
        Body.Created,
        Body.MemberAdded,
        Body.MemberAdded,
    ]
    assert [(m.member, m.span.end) for m in body.memberships] == [
        ("bhutan", None),
        ("china", None),
    ]


def test_replaying_a_body_s_events_rebuilds_the_same_body() -> None:
    body = committee(max_members=2)
    body.add_member("bhutan", D("2020-05-02"))
    body.add_member("china", D("2021-01-01"), end=D("2024-01-01"))
    body.remove_member("bhutan", D("2023-05-02"), reason="term over")
    body.add_member("india", D("2023-05-02"))

    replayed = replay(body.collect_events())

    assert replayed.id == body.id
    assert replayed.version == body.version == 5
    assert (replayed.handle, replayed.max_members) == ("cesra-tc", 2)
    assert replayed.memberships == body.memberships


def test_replaying_history_does_not_re_run_a_maximum_lowered_since() -> None:
    larger = committee(max_members=3)
    for country in ("bhutan", "china", "india"):
        larger.add_member(country, D("2023-05-02"))
    memberships = larger.collect_events()[1:]

    replayed = replay(committee(max_members=1).collect_events() + memberships)

    assert replayed.max_members == 1
    assert members_on(replayed, "2023-05-02") == ["bhutan", "china", "india"]
