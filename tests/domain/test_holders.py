"""People and institutions who hold offices and sit in bodies."""

from __future__ import annotations

import pytest

from domain.errors import InvalidHandle, InvalidName
from domain.holders import Holder, HolderKind
from domain.recorded import entity_id


def test_a_person_is_registered_with_their_name_and_country() -> None:
    gina = Holder.register("gina-nilo", "Gina  Nilo", HolderKind.PERSON, country="Philippines")

    assert (gina.handle, gina.name, gina.kind, gina.country) == (
        "gina-nilo",
        "Gina Nilo",
        "person",
        "Philippines",
    )
    assert gina.id == entity_id("gina-nilo")


def test_an_institution_is_a_holder_of_its_own_kind() -> None:
    ldd = Holder.register(
        "ldd-thailand", "Land Development Department, Thailand", HolderKind.INSTITUTION
    )

    assert (ldd.kind, ldd.holder_kind, ldd.country) == (
        "institution",
        HolderKind.INSTITUTION,
        None,
    )


@pytest.mark.parametrize(
    ("kind", "what"), [(HolderKind.PERSON, "person"), (HolderKind.INSTITUTION, "institution")]
)
def test_a_holder_refuses_an_empty_name_naming_its_kind(kind: HolderKind, what: str) -> None:
    with pytest.raises(InvalidName) as refused:
        Holder.register("gina-nilo", " ", kind)

    assert str(refused.value) == f"invalid name: the {what} name is empty"


def test_a_holder_refuses_an_empty_country() -> None:
    with pytest.raises(InvalidName) as refused:
        Holder.register("gina-nilo", "Gina Nilo", HolderKind.PERSON, country="")

    assert str(refused.value) == "invalid name: the country name is empty"


def test_a_holder_refuses_a_handle_that_is_not_one() -> None:
    with pytest.raises(InvalidHandle) as refused:
        Holder.register("Gina Nilo", "Gina Nilo", HolderKind.PERSON)

    assert str(refused.value).startswith("invalid handle: 'Gina Nilo' is not a handle")


def test_a_registration_records_one_event_with_everything_said() -> None:
    gina = Holder.register("gina-nilo", "Gina Nilo", HolderKind.PERSON, country="Philippines")

    [registered] = gina.collect_events()

    assert isinstance(registered, Holder.Registered)
    assert (registered.handle, registered.name, registered.holder_kind, registered.country) == (
        "gina-nilo",
        "Gina Nilo",
        HolderKind.PERSON,
        "Philippines",
    )
