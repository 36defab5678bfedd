"""A body part of another, the basis a body or an office was created on, the deviations that
need an override (a member beyond a body's maximum, an acting holder the rules do not name),
the bounds on the numbers of the rules, and free text kept to one line.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.bodies import Body
from domain.errors import ActingNotByRule, BodyFull, InvalidNumber, InvalidText
from domain.offices import Office
from domain.recorded import MOST_SEATS, MOST_YEARS

D = date.fromisoformat


def chair_acted_for_by_the_vice_chair() -> Office:
    o = Office.create("asp-chair", "ASP Chair", term_years=3)
    o.set_rules(acting_from="asp-vice-chair")
    return o


# --- part of, and the basis of a creation -----------------------------------------------------


def test_the_asp_is_recorded_as_part_of_the_gsp() -> None:
    asp = Body.create("asp", "Asian Soil Partnership", part_of="gsp")

    [created] = asp.collect_events()
    assert isinstance(created, Body.Created)
    assert (asp.part_of, created.part_of) == ("gsp", "gsp")


def test_a_body_is_part_of_nothing_unless_told() -> None:
    assert Body.create("gsp", "Global Soil Partnership").part_of is None


def test_a_body_part_of_something_that_is_not_a_handle_is_refused() -> None:
    with pytest.raises(Exception, match="invalid handle"):
        Body.create("asp", "Asian Soil Partnership", part_of="Global Soil Partnership")


def test_a_body_and_an_office_keep_the_decision_that_created_them() -> None:
    group = Body.create("asp-governance-group", "ASP governance group", basis=" ASP-VIII, 6 ")
    vice = Office.create("asp-vice-chair", "ASP Vice-Chair", basis="ASP-VIII, section 6")

    assert group.collect_events()[0].basis == "ASP-VIII, 6"
    assert vice.collect_events()[0].basis == "ASP-VIII, section 6"


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_basis_is_no_basis(blank: str) -> None:
    assert Body.create("gsp", "GSP", basis=blank).basis is None
    assert Office.create("chair", "Chair", basis=blank).basis is None


# --- a member beyond the maximum ----------------------------------------------------------------


def test_a_member_beyond_the_maximum_is_refused_naming_the_way_out() -> None:
    tiny = Body.create("tiny", "Tiny", max_members=1)
    tiny.add_member("gina", D("2024-01-01"))

    with pytest.raises(BodyFull) as refused:
        tiny.add_member("bob", D("2024-01-01"))

    assert str(refused.value) == (
        "body full: tiny allows at most 1 members and would have 2 on 2024-01-01; "
        "remove a member first, or pass --override REASON"
    )


def test_a_member_beyond_the_maximum_is_added_with_an_override_recorded_with_it() -> None:
    tiny = Body.create("tiny", "Tiny", max_members=1)
    tiny.add_member("gina", D("2024-01-01"))

    tiny.add_member("bob", D("2024-01-01"), override="the plenary agreed a second seat")

    added = tiny.collect_events()[-1]
    assert isinstance(added, Body.MemberAdded)
    assert (added.member, added.override) == ("bob", "the plenary agreed a second seat")
    assert [m.member for m in tiny.members_on(D("2024-01-01"))] == ["gina", "bob"]


def test_a_member_within_the_maximum_records_no_override() -> None:
    tiny = Body.create("tiny", "Tiny", max_members=2)
    tiny.add_member("gina", D("2024-01-01"))

    assert tiny.collect_events()[-1].override is None


# --- an acting holder the rules do not name -----------------------------------------------------


def test_an_acting_holder_other_than_the_one_the_rules_name_is_refused() -> None:
    o = chair_acted_for_by_the_vice_chair()

    with pytest.raises(ActingNotByRule) as refused:
        o.start_mandate("carol", D("2024-09-01"), acting=True, acting_holders=["bob"])

    assert str(refused.value) == (
        "acting rule: asp-chair's terms of reference name the holder of asp-vice-chair to act "
        "for it (its holder on 2024-09-01 is bob), not carol; record the acting mandate with "
        "`ledger succession act asp-chair`, or pass --override REASON"
    )
    assert o.holders_on(D("2024-09-01")) == []


def test_no_one_acts_by_the_rule_when_the_acting_office_is_vacant() -> None:
    o = chair_acted_for_by_the_vice_chair()

    with pytest.raises(ActingNotByRule, match=r"it has no holder on 2024-09-01\), not carol"):
        o.start_mandate("carol", D("2024-09-01"), acting=True, acting_holders=[])


def test_the_holder_the_rules_name_acts_without_an_override() -> None:
    o = chair_acted_for_by_the_vice_chair()

    o.start_mandate("bob", D("2024-09-01"), acting=True, acting_holders=["bob"])

    assert [m.holder for m in o.holders_on(D("2024-09-01"))] == ["bob"]


def test_another_acting_holder_is_recorded_with_the_override_given() -> None:
    o = chair_acted_for_by_the_vice_chair()

    o.start_mandate(
        "carol", D("2024-09-01"), acting=True, acting_holders=["bob"], override="bob is ill"
    )

    started = o.collect_events()[-1]
    assert isinstance(started, Office.MandateStarted)
    assert (started.holder, started.acting, started.override) == ("carol", True, "bob is ill")


def test_an_office_without_an_acting_rule_takes_any_acting_holder() -> None:
    o = Office.create("asp-chair", "ASP Chair")

    o.start_mandate("carol", D("2024-09-01"), acting=True)

    assert [m.holder for m in o.holders_on(D("2024-09-01"))] == ["carol"]


# --- the bounds of the rules' numbers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "value", "named", "most"),
    [
        ("seats", 50_000, "seats", MOST_SEATS),
        ("term_years", 1_000, "term years", MOST_YEARS),
        ("alumni_years", 1_000, "alumni years", MOST_YEARS),
    ],
)
def test_office_rules_refuse_a_number_beyond_any_office(
    rule: str, value: int, named: str, most: int
) -> None:
    o = Office.create("asp-chair", "ASP Chair")

    with pytest.raises(InvalidNumber) as refused:
        o.set_rules(**{rule: value})

    assert (
        str(refused.value)
        == f"invalid number: asp-chair: {named} must be at most {most}, not {value}"
    )
    assert o.collect_events()[-1].__class__ is Office.Created


@pytest.mark.parametrize(
    ("rule", "value", "named", "most"),
    [
        ("max_members", 50_000, "max members", MOST_SEATS),
        ("term_years", 1_000, "term years", MOST_YEARS),
        ("cadence_months", 100_000, "cadence months", 12 * MOST_YEARS),
    ],
)
def test_body_rules_refuse_a_number_beyond_any_body(
    rule: str, value: int, named: str, most: int
) -> None:
    b = Body.create("tiny", "Tiny")

    with pytest.raises(InvalidNumber) as refused:
        b.set_rules(**{rule: value})

    assert (
        str(refused.value) == f"invalid number: tiny: {named} must be at most {most}, not {value}"
    )


def test_the_largest_numbers_the_rules_allow_are_taken() -> None:
    o = Office.create("asp-chair", "ASP Chair")
    o.set_rules(seats=MOST_SEATS, term_years=MOST_YEARS, alumni_years=MOST_YEARS)
    b = Body.create("tiny", "Tiny")
    b.set_rules(max_members=MOST_SEATS, term_years=MOST_YEARS, cadence_months=12 * MOST_YEARS)

    assert (o.seats, b.max_members, b.cadence_months) == (MOST_SEATS, MOST_SEATS, 1200)


# --- free text on one line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "character"),
    [("elected\nat ASP-VI", "a newline"), ("elected\tat ASP-VI", "a tab"), ("a\x00b", "NUL")],
)
def test_a_basis_with_a_control_character_is_refused_naming_the_field(
    text: str, character: str
) -> None:
    o = Office.create("asp-chair", "ASP Chair")

    with pytest.raises(InvalidText) as refused:
        o.start_mandate("gina", D("2021-05-04"), basis=text)

    assert str(refused.value) == (
        f"invalid text: the basis of gina's mandate of asp-chair holds a control character "
        f"({character}); write it on one line, with no tabs, newlines or other control characters"
    )
    assert o.mandates == []


def test_a_reason_an_override_and_a_rules_basis_are_kept_to_one_line_too() -> None:
    o = Office.create("asp-chair", "ASP Chair")
    o.start_mandate("gina", D("2021-05-04"))
    b = Body.create("tiny", "Tiny", max_members=1)

    with pytest.raises(InvalidText, match="the reason gina's mandate of asp-chair ended"):
        o.end_mandate("gina", D("2024-05-04"), reason="completed\n")
    with pytest.raises(InvalidText, match="the basis of asp-chair's rules"):
        o.set_rules(seats=2, basis="Annex\x1bIV")
    with pytest.raises(InvalidText, match="the override of bob's membership of tiny"):
        b.add_member("bob", D("2024-01-01"), override="agreed\r")
    with pytest.raises(InvalidText, match="the basis of asp"):
        Body.create("asp", "ASP", basis="line one\nline two")
