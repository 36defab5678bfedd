"""Dropping an office (the keep-or-drop question on the ASP Secretariat): no mandate runs on
or after the day it is abolished, and one still held blocks the abolition."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import NotAllowedNow, OfficeAbolished, OfficeStillHeld
from domain.offices import Office

DROPPED = date(2023, 9, 1)


def secretariat() -> Office:
    return Office.create("asp-secretariat", "ASP Secretariat")


def test_an_office_held_on_the_day_cannot_be_abolished():
    o = secretariat()
    o.start_mandate("gsp-secretariat", date(2020, 1, 1))
    with pytest.raises(OfficeStillHeld, match="asp-secretariat is held on or after 2023-09-01"):
        o.abolish(day=DROPPED)


def test_an_office_whose_mandates_ended_is_abolished_and_takes_no_new_one():
    o = secretariat()
    o.start_mandate("gsp-secretariat", date(2020, 1, 1), end=DROPPED)
    o.abolish(day=DROPPED, basis="keep-or-drop-asp-secretariat")
    with pytest.raises(OfficeAbolished, match="abolished from 2023-09-01"):
        o.start_mandate("faorap", date(2024, 1, 1))
    with pytest.raises(OfficeAbolished):
        o.start_mandate("faorap", date(2023, 1, 1))  # open-ended: it would run past the day
    o.start_mandate("faorap", date(2023, 1, 1), end=date(2023, 2, 1), acting=True)


def test_an_office_is_abolished_once():
    o = secretariat()
    o.abolish(day=DROPPED)
    with pytest.raises(NotAllowedNow, match="abolished since 2023-09-01"):
        o.abolish(day=date(2024, 1, 1))
