"""A real office's history that nobody here wrote: FAO's Directors-General since 1945,
recorded through the CLI as a secretariat would (end the predecessor, start the successor),
then asked on every handover day."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from .conftest import Cli

# From FAO's published list of its Directors-General (fao.org, "Former Directors-General").
# The first day each held the office; where the exact handover day is not certain it is the
# first of the month (1 January for the usual new-year handovers, 1 August 2019 for Qu Dongyu).
# Marc Veillet-Lavallée was acting Director-General between Cardon's resignation and Sen.
# (handle derived from the name, name, country, first day, acting)
DIRECTORS_GENERAL = [
    ("john-boyd-orr", "John Boyd Orr", "United Kingdom", "1945-10-16", False),
    ("norris-e-dodd", "Norris E. Dodd", "United States", "1948-04-14", False),
    ("philip-v-cardon", "Philip V. Cardon", "United States", "1954-01-01", False),
    ("marc-veillet-lavallee", "Marc Veillet-Lavallée", "France", "1956-04-01", True),
    ("binay-ranjan-sen", "Binay Ranjan Sen", "India", "1956-11-01", False),
    ("addeke-hendrik-boerma", "Addeke Hendrik Boerma", "Netherlands", "1968-01-01", False),
    ("edouard-saouma", "Edouard Saouma", "Lebanon", "1976-01-01", False),
    ("jacques-diouf", "Jacques Diouf", "Senegal", "1994-01-01", False),
    ("jose-graziano-da-silva", "José Graziano da Silva", "Brazil", "2012-01-01", False),
    ("qu-dongyu", "Qu Dongyu", "China", "2019-08-01", False),
]

DirectorGeneral = tuple[str, str, str, str, bool]

HANDOVERS = list(itertools.pairwise(DIRECTORS_GENERAL))


def tenure(dg: DirectorGeneral, end: str | None) -> dict[str, object]:
    handle, name, _, start, acting = dg
    return {"holder": handle, "name": name, "start": start, "end": end, "acting": acting}


def the_day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def fao(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    cli = Cli(tmp_path_factory.mktemp("fao"), db="fao.db")
    cli("init")
    cli("office", "add", "FAO Director-General", "--handle", "fao-dg", "--term-years", "4")
    for handle, name, country, _, _ in DIRECTORS_GENERAL:
        assert f"added person {handle}:" in cli("person", "add", name, "--country", country).out
    predecessor = None
    for handle, _, _, start, acting in DIRECTORS_GENERAL:
        if predecessor is not None:
            cli("mandate", "end", "fao-dg", predecessor, "--on", start, "--reason", "handover")
        basis = "acting, pending the Conference" if acting else "appointed by the FAO Conference"
        flags = ["--acting"] if acting else []
        cli("mandate", "start", "fao-dg", handle, "--from", start, "--basis", basis, *flags)
        predecessor = handle
    return cli


def held_on(fao: Cli, day: str) -> list[str]:
    return [t["holder"] for t in fao.json("holders", "fao-dg", "--as-of", day, "--format", "json")]


def test_the_line_of_directors_general_is_listed_in_order(fao: Cli) -> None:
    ends = [dg[3] for dg in DIRECTORS_GENERAL[1:]] + [None]
    expected = [tenure(dg, end) for dg, end in zip(DIRECTORS_GENERAL, ends, strict=True)]
    assert fao.json("holders", "fao-dg", "--format", "json") == expected


@pytest.mark.parametrize(("predecessor", "successor"), HANDOVERS, ids=[s[3] for _, s in HANDOVERS])
def test_on_a_handover_day_the_successor_holds_and_the_day_before_the_predecessor(
    fao: Cli,
    predecessor: tuple[str, str, str, str, bool],
    successor: tuple[str, str, str, str, bool],
) -> None:
    handover = successor[3]
    assert held_on(fao, handover) == [successor[0]]
    assert held_on(fao, the_day_before(handover)) == [predecessor[0]]


def test_before_fao_was_founded_nobody_held_the_office(fao: Cli) -> None:
    assert held_on(fao, "1945-10-15") == []
    assert held_on(fao, "1945-10-16") == ["john-boyd-orr"]


def test_the_acting_director_general_is_marked_acting(fao: Cli) -> None:
    (held,) = fao.json("holders", "fao-dg", "--as-of", "1956-06-01", "--format", "json")
    assert held == tenure(DIRECTORS_GENERAL[3], "1956-11-01")
    assert held["acting"] is True


def test_the_governance_on_the_day_of_asp_viii_names_qu_dongyu(fao: Cli) -> None:
    governance = fao.json("governance", "--as-of", "2023-05-02", "--format", "json")
    (office,) = governance["offices"]
    assert office["holders"] == [tenure(DIRECTORS_GENERAL[-1], None)]
    assert "Qu Dongyu" in fao("governance", "--as-of", "2023-05-02").out


def test_accented_names_come_out_as_written(fao: Cli) -> None:
    out = fao("holders", "fao-dg", "--as-of", "2015-01-01").out
    assert "José Graziano da Silva" in out
    csv_out = fao("holders", "fao-dg", "--format", "csv").out
    assert "Marc Veillet-Lavallée" in csv_out
