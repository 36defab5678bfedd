"""What every entity and event shares: handles, ids from handles, the actor who recorded an
event and the effective date kept apart from the recorded one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.bodies import Body
from domain.errors import InvalidHandle, InvalidName
from domain.holders import Holder, HolderKind
from domain.offices import Office
from domain.recorded import HANDLES, check_handle, current_actor, derive_handle, entity_id

D = date.fromisoformat


@pytest.fixture
def recorded_by() -> Iterator[None]:
    token = current_actor.set("amelie-secretariat")
    yield
    current_actor.reset(token)


# --- handles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "handle"),
    [
        ("ASP Chair", "asp-chair"),
        ("Lucrezia Caón", "lucrezia-caon"),
        ("Land Development Department, Thailand", "land-development-department-thailand"),
        ("  GSP   Secretariat ", "gsp-secretariat"),
        ("CESRA -- Technical Committee (2023)", "cesra-technical-committee-2023"),
        ("Nguyễn Thị Minh Khai", "nguyen-thi-minh-khai"),
    ],
)
def test_a_handle_is_derived_from_a_name_in_lowercase_with_hyphens(name: str, handle: str) -> None:
    assert derive_handle(name) == handle


def test_a_derived_handle_is_cut_at_64_characters_without_a_trailing_hyphen() -> None:
    assert derive_handle("a" * 70) == "a" * 64
    assert derive_handle("a" * 63 + " bcd") == "a" * 63


@pytest.mark.parametrize("name", ["東京大学", "Совет", "---", "!!!"])
def test_a_name_that_gives_no_handle_is_refused(name: str) -> None:
    with pytest.raises(InvalidName) as refused:
        derive_handle(name)

    assert str(refused.value) == (
        f"invalid name: the entity name {name!r} gives no handle; pass one with --handle"
    )


@given(st.text(max_size=80))
def test_a_derived_handle_is_always_a_valid_handle(name: str) -> None:
    try:
        handle = derive_handle(name)
    except InvalidName:
        return
    assert check_handle(handle) == handle


@pytest.mark.parametrize("handle", ["asp-chair", "a", "7", "1st-vice-chair", "a" * 64])
def test_a_handle_of_lowercase_letters_digits_and_hyphens_is_accepted(handle: str) -> None:
    assert check_handle(handle) == handle


@pytest.mark.parametrize(
    "handle",
    ["", "Asp-chair", "asp chair", "asp_chair", "asp.chair", "-asp", "asp-", "a" * 65, "caón"],
)
def test_a_handle_outside_the_handle_alphabet_is_refused(handle: str) -> None:
    with pytest.raises(InvalidHandle) as refused:
        check_handle(handle)

    assert str(refused.value) == (
        f"invalid handle: {handle!r} is not a handle; use lowercase letters, digits and "
        "hyphens, starting with a letter or digit, at most 64 characters (e.g. asp-chair)"
    )


# --- ids --------------------------------------------------------------------------------------


def test_an_id_is_the_uuid5_of_the_handle_and_the_same_every_time() -> None:
    first = entity_id("asp-chair")

    assert first == entity_id("asp-chair") == uuid5(HANDLES, "asp-chair")
    assert first.version == 5


def test_different_handles_have_different_ids() -> None:
    handles = ["asp-chair", "asp-vice-chair", "gina-nilo", "cesra-tc", "a", "b"]

    assert len({entity_id(h) for h in handles}) == len(handles)


def test_an_office_and_a_person_with_the_same_handle_share_an_id() -> None:
    """So the store itself refuses a second entity under a handle already taken."""
    office = Office.create("gina-nilo", "Gina Nilo")
    person = Holder.register("gina-nilo", "Gina Nilo", HolderKind.PERSON)

    assert office.id == person.id == entity_id("gina-nilo")


# --- who recorded it --------------------------------------------------------------------------


@pytest.mark.usefixtures("recorded_by")
def test_every_event_carries_the_actor_who_recorded_it() -> None:
    office = Office.create("asp-chair", "ASP Chair")
    office.start_mandate("gina-nilo", D("2020-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))
    body = Body.create("cesra-tc", "CESRA technical committee")
    body.add_member("bhutan", D("2023-05-02"))
    body.remove_member("bhutan", D("2024-05-02"))
    gina = Holder.register("gina-nilo", "Gina Nilo", HolderKind.PERSON)

    events = office.collect_events() + body.collect_events() + gina.collect_events()

    assert len(events) == 7
    assert {e.actor for e in events} == {"amelie-secretariat"}


def test_an_event_recorded_outside_any_actor_says_unknown() -> None:
    [created] = Office.create("asp-chair", "ASP Chair").collect_events()

    assert created.actor == "unknown"


def test_the_actor_is_read_when_the_event_is_recorded_not_when_the_entity_was_made() -> None:
    office = Office.create("asp-chair", "ASP Chair")
    token = current_actor.set("kaeo-hana")
    try:
        office.start_mandate("gina-nilo", D("2020-05-02"))
    finally:
        current_actor.reset(token)

    assert [e.actor for e in office.collect_events()] == ["unknown", "kaeo-hana"]


# --- effective dates --------------------------------------------------------------------------


def test_a_mandate_takes_effect_on_its_start_and_its_end() -> None:
    office = Office.create("asp-chair", "ASP Chair")
    office.start_mandate("gina-nilo", D("2020-05-02"), end=D("2026-05-02"))
    office.end_mandate("gina-nilo", D("2023-05-02"))

    created, started, ended = office.collect_events()

    assert created.effective() is None
    assert started.effective() == D("2020-05-02")
    assert ended.effective() == D("2023-05-02")


def test_a_membership_takes_effect_on_its_start_and_its_end() -> None:
    body = Body.create("cesra-tc", "CESRA technical committee")
    body.add_member("bhutan", D("2023-05-02"))
    body.remove_member("bhutan", D("2024-05-02"))

    created, added, removed = body.collect_events()

    assert created.effective() is None
    assert added.effective() == D("2023-05-02")
    assert removed.effective() == D("2024-05-02")


def test_a_registration_has_no_effective_date() -> None:
    [registered] = Holder.register("gina-nilo", "Gina Nilo", HolderKind.PERSON).collect_events()

    assert registered.effective() is None
