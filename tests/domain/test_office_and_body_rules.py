"""The terms of reference as rules on offices and bodies: a change names only the rules it
changes and keeps the others; numbers below one are refused; ex-officio seats count against a
body's maximum; and the day an office's term completes, 29 February included.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.bodies import Body
from domain.errors import BodyFull, InvalidNumber, MaximumBelowMembership
from domain.offices import Office

D = date.fromisoformat


def chair() -> Office:
    return Office.create("asp-chair", "ASP Chair", body="asp-governance-group", term_years=3)


def committee(max_members: int | None = 9) -> Body:
    return Body.create(
        "cesra-technical-committee", "CESRA technical committee", max_members=max_members
    )


def office_rules(o: Office) -> dict[str, object]:
    return {name: getattr(o, name) for name in Office.RULES}


# --- office rules -----------------------------------------------------------------------------


def test_a_new_office_has_only_its_term_and_seats_as_rules() -> None:
    assert office_rules(chair()) == {
        "term_years": 3,
        "seats": 1,
        "role": None,
        "eligible_role": None,
        "successor_from": None,
        "alumni_body": None,
        "alumni_years": None,
        "acting_from": None,
    }


def test_the_annex_iv_rules_of_the_chair_are_recorded_whole_with_their_basis() -> None:
    o = chair()

    o.set_rules(
        basis="Annex IV",
        eligible_role="national-focal-point",
        successor_from="asp-vice-chair",
        alumni_body="asp-governance-group",
        alumni_years=3,
        acting_from="asp-vice-chair",
    )

    changed = o.collect_events()[-1]
    assert isinstance(changed, Office.RulesChanged)
    assert changed.basis == "Annex IV"
    # The event holds the whole set, so a reader never needs the earlier ones.
    assert {name: getattr(changed, name) for name in Office.RULES} == office_rules(o)
    assert (o.successor_from, o.alumni_body, o.alumni_years) == (
        "asp-vice-chair",
        "asp-governance-group",
        3,
    )


def test_a_partial_change_of_an_office_s_rules_keeps_the_others() -> None:
    o = chair()
    o.set_rules(eligible_role="national-focal-point", successor_from="asp-vice-chair")
    before = office_rules(o)

    o.set_rules(alumni_years=2, basis="a later decision")

    assert office_rules(o) == {**before, "alumni_years": 2}


def test_a_role_is_what_holding_an_office_makes_one() -> None:
    o = Office.create("nfp-bangladesh", "GSP national focal point for Bangladesh")

    o.set_rules(role="national-focal-point")

    assert (o.role, o.seats, o.term_years) == ("national-focal-point", 1, None)


@pytest.mark.parametrize(
    ("rule", "named"),
    [("seats", "seats"), ("term_years", "term years"), ("alumni_years", "alumni years")],
)
@pytest.mark.parametrize("value", [0, -3])
def test_an_office_refuses_a_rule_number_below_one(rule: str, named: str, value: int) -> None:
    o = chair()
    before, version = office_rules(o), o.version

    with pytest.raises(InvalidNumber) as refused:
        o.set_rules(**{rule: value})

    assert str(refused.value) == (
        f"invalid number: asp-chair: {named} must be at least 1, not {value}"
    )
    assert (office_rules(o), o.version) == (before, version)


def test_an_office_refuses_a_rule_it_does_not_know() -> None:
    o = chair()

    with pytest.raises(TypeError, match="unknown office rules: max_members"):
        o.set_rules(max_members=3)

    assert o.version == 1


def test_more_seats_by_a_rule_change_take_more_holders() -> None:
    o = Office.create("wg-chairs", "Working group chairs")
    o.start_mandate("gina-nilo", D("2023-05-02"))

    o.set_rules(seats=2, basis="two co-chairs")
    o.start_mandate("kaeo-hana", D("2023-05-02"))

    assert [m.holder for m in o.holders_on(D("2023-05-02"))] == ["gina-nilo", "kaeo-hana"]


# --- body rules -------------------------------------------------------------------------------


def test_a_partial_change_of_a_body_s_rules_keeps_the_others() -> None:
    b = committee()
    b.set_rules(term_years=3, cadence_months=12, ex_officio=("asp-chair",))

    b.set_rules(cadence_months=4, basis="meets every four months")

    assert (b.max_members, b.term_years, b.cadence_months, b.ex_officio) == (
        9,
        3,
        4,
        ("asp-chair",),
    )
    changed = b.collect_events()[-1]
    assert isinstance(changed, Body.RulesChanged)
    assert (changed.max_members, changed.ex_officio, changed.basis) == (
        9,
        ("asp-chair",),
        "meets every four months",
    )


def test_ex_officio_seats_are_replaced_whole_and_named_once() -> None:
    b = Body.create("cesra-steering-committee", "CESRA steering committee")
    b.set_rules(ex_officio=("asp-chair", "asp-vice-chair"))

    b.set_rules(ex_officio=("asp-vice-chair", "asp-chair", "asp-vice-chair", "cesra-director"))

    assert b.ex_officio == ("asp-vice-chair", "asp-chair", "cesra-director")


def test_every_ex_officio_seat_can_be_removed() -> None:
    b = Body.create("cesra-steering-committee", "CESRA steering committee")
    b.set_rules(ex_officio=("asp-chair",))

    b.set_rules(ex_officio=())

    assert b.ex_officio == ()


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ("max_members", "max members"),
        ("term_years", "term years"),
        ("cadence_months", "cadence months"),
    ],
)
def test_a_body_refuses_a_rule_number_below_one(rule: str, named: str) -> None:
    b = committee()

    with pytest.raises(InvalidNumber) as refused:
        b.set_rules(**{rule: 0})

    assert str(refused.value) == (
        f"invalid number: cesra-technical-committee: {named} must be at least 1, not 0"
    )
    assert (b.max_members, b.version) == (9, 1)


def test_a_body_refuses_a_rule_it_does_not_know() -> None:
    with pytest.raises(TypeError, match="unknown body rules: seats"):
        committee().set_rules(seats=2)


def test_a_nine_member_committee_refuses_a_tenth_member() -> None:
    b = committee()
    b.set_rules(max_members=9, term_years=3, basis="Annex III")
    for n in range(9):
        b.add_member(f"expert-{n}", D("2023-05-02"))

    with pytest.raises(BodyFull) as refused:
        b.add_member("expert-9", D("2023-05-02"))

    assert str(refused.value) == (
        "body full: cesra-technical-committee allows at most 9 members and would have 10 on "
        "2023-05-02; remove a member first, or pass --override REASON"
    )
    assert len(b.members_on(D("2023-05-02"))) == 9


def test_ex_officio_seats_count_against_the_maximum_of_members() -> None:
    b = Body.create("steering", "Steering committee", max_members=3)
    b.set_rules(ex_officio=("asp-chair", "asp-vice-chair"))
    b.add_member("gsp-secretariat", D("2023-05-02"))

    with pytest.raises(BodyFull) as refused:
        b.add_member("faorap", D("2023-05-02"))

    assert "allows at most 3 members and would have 4" in str(refused.value)


def test_a_replacement_on_resignation_takes_the_freed_seat() -> None:
    b = committee()
    for n in range(9):
        b.add_member(f"expert-{n}", D("2023-05-02"))
    b.remove_member("expert-4", D("2024-01-01"), reason="resigned")

    b.add_member("expert-9", D("2024-01-01"))

    assert len(b.members_on(D("2024-01-01"))) == 9


def nine_experts() -> Body:
    b = committee()
    for n in range(9):
        b.add_member(f"expert-{n}", D("2023-05-02"))
    return b


def test_a_maximum_below_the_members_seated_on_the_latest_day_known_is_refused() -> None:
    b = nine_experts()
    version = b.version

    with pytest.raises(MaximumBelowMembership) as refused:
        b.set_rules(max_members=7)

    assert str(refused.value) == (
        "maximum below membership: cesra-technical-committee would allow at most 7 but seats 9 "
        "on 2023-05-02, the latest day its membership is known (ex-officio seats included); end "
        "memberships (member remove) or drop ex-officio seats first, or pass --override REASON"
    )
    assert (b.max_members, b.version) == (9, version)


def test_a_maximum_lowered_for_the_next_renewal_is_accepted_once_the_seats_end() -> None:
    b = nine_experts()
    for n in range(9):
        b.remove_member(f"expert-{n}", D("2026-05-02"), reason="three-year cycle completed")

    b.set_rules(max_members=7, basis="fewer experts from 2026")

    assert b.max_members == 7
    assert len(b.members_on(D("2026-05-01"))) == 9


def test_ex_officio_seats_count_when_a_maximum_is_lowered_or_seats_are_added() -> None:
    b = Body.create("steering", "Steering committee", max_members=3)
    b.add_member("gsp-secretariat", D("2023-05-02"))
    b.set_rules(ex_officio=("asp-chair", "asp-vice-chair"))

    with pytest.raises(MaximumBelowMembership, match="at most 3 but seats 4"):
        b.set_rules(ex_officio=("asp-chair", "asp-vice-chair", "asp-secretariat"))
    with pytest.raises(MaximumBelowMembership, match="at most 2 but seats 3"):
        b.set_rules(max_members=2)
    assert (b.max_members, b.ex_officio) == (3, ("asp-chair", "asp-vice-chair"))


def test_ex_officio_seats_alone_above_the_maximum_are_refused() -> None:
    b = Body.create("steering", "Steering committee", max_members=1)

    with pytest.raises(MaximumBelowMembership, match="seats 2 in its ex-officio seats alone"):
        b.set_rules(ex_officio=("asp-chair", "asp-vice-chair"))


def test_a_maximum_below_the_members_seated_is_recorded_with_the_override_s_reason() -> None:
    b = nine_experts()

    b.set_rules(max_members=7, basis="steering committee, 2024", override="two resign in June")

    changed = b.collect_events()[-1]
    assert isinstance(changed, Body.RulesChanged)
    assert (changed.max_members, changed.basis) == (
        7,
        "steering committee, 2024 (override: two resign in June)",
    )


def test_other_rules_of_a_body_seated_above_its_maximum_can_still_change() -> None:
    b = nine_experts()
    b.set_rules(max_members=7, override="two resign in June")

    b.set_rules(cadence_months=12)

    assert (b.max_members, b.cadence_months) == (7, 12)


# --- the day a term completes -----------------------------------------------------------------


def test_a_term_completes_on_the_same_day_years_later() -> None:
    o = chair()
    o.start_mandate("gina-nilo", D("2021-05-04"))

    assert o.term_end(o.mandates[0]) == D("2024-05-04")


def test_a_term_started_on_29_february_completes_on_28_february() -> None:
    o = chair()
    o.start_mandate("gina-nilo", D("2024-02-29"))

    assert o.term_end(o.mandates[0]) == D("2027-02-28")


def test_a_four_year_term_started_on_29_february_completes_on_29_february() -> None:
    o = chair()
    o.set_rules(term_years=4)
    o.start_mandate("gina-nilo", D("2024-02-29"))

    assert o.term_end(o.mandates[0]) == D("2028-02-29")


def test_an_office_without_a_term_has_no_term_end() -> None:
    o = Office.create("asp-secretariat", "ASP Secretariat")
    o.start_mandate("gsp-secretariat", D("2023-05-02"))

    assert o.term_end(o.mandates[0]) is None


def test_a_term_follows_the_office_s_rules_as_they_stand() -> None:
    o = chair()
    o.start_mandate("gina-nilo", D("2021-05-04"))

    o.set_rules(term_years=2, basis="shorter terms agreed at ASP-IX")

    assert o.term_end(o.mandates[0]) == D("2023-05-04")
