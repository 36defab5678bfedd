"""Half-open date intervals `[start, end)` and the busiest day among them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.intervals import Span, busiest_day

D = date.fromisoformat


@dataclass(frozen=True)
class Held:
    who: str
    span: Span


def span(start: str, end: str | None = None) -> Span:
    return Span(D(start), None if end is None else D(end))


# --- holds_on ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "held"),
    [("2023-01-31", False), ("2023-02-01", True), ("2023-02-28", True), ("2023-03-01", False)],
)
def test_a_span_holds_from_its_start_day_up_to_but_not_on_its_end_day(day: str, held: bool) -> None:
    assert span("2023-02-01", "2023-03-01").holds_on(D(day)) is held


def test_an_open_span_holds_from_its_start_for_ever() -> None:
    open_span = span("2023-02-01")

    assert not open_span.holds_on(D("2023-01-31"))
    assert open_span.holds_on(D("2023-02-01"))
    assert open_span.holds_on(date.max)


# --- overlaps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (span("2023-01-01", "2023-03-01"), span("2023-03-01", "2023-06-01"), False),
        (span("2023-01-01", "2023-03-01"), span("2023-02-28", "2023-06-01"), True),
        (span("2023-01-01", "2023-03-01"), span("2023-01-01", "2023-03-01"), True),
        (span("2023-01-01", "2023-01-02"), span("2023-01-01", "2023-01-02"), True),
        (span("2023-01-01", "2023-06-01"), span("2023-02-01", "2023-03-01"), True),
        (span("2023-03-01"), span("2023-01-01", "2023-03-01"), False),
        (span("2023-03-01"), span("2023-01-01", "2023-03-02"), True),
        (span("2023-03-01"), span("2099-01-01"), True),
        (span("2023-03-01"), span("2020-01-01"), True),
    ],
)
def test_spans_overlap_when_they_share_a_day(a: Span, b: Span, overlap: bool) -> None:
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap


# --- busiest_day ------------------------------------------------------------------------------


def test_the_busiest_day_of_nothing_is_the_window_s_start() -> None:
    assert busiest_day([], span("2023-05-02")) == (D("2023-05-02"), [])


def test_the_busiest_day_can_come_after_the_window_s_start() -> None:
    a = Held("a", span("2023-01-01", "2023-06-01"))
    b = Held("b", span("2023-03-01"))

    assert busiest_day([a, b], span("2023-02-01")) == (D("2023-03-01"), [a, b])


def test_the_busiest_day_is_the_first_of_equally_busy_days() -> None:
    a = Held("a", span("2023-01-01", "2023-02-01"))
    b = Held("b", span("2023-03-01"))

    assert busiest_day([a, b], span("2023-01-15")) == (D("2023-01-15"), [a])


def test_the_busiest_day_ignores_what_ends_on_the_window_s_start() -> None:
    a = Held("a", span("2023-01-01", "2023-02-01"))

    assert busiest_day([a], span("2023-02-01")) == (D("2023-02-01"), [])


def test_the_busiest_day_ignores_what_starts_on_the_window_s_end() -> None:
    a = Held("a", span("2023-03-01"))

    assert busiest_day([a], span("2023-02-01", "2023-03-01")) == (D("2023-02-01"), [])


FIRST = D("2023-01-01")
days = st.integers(0, 30).map(lambda n: FIRST + timedelta(n))
spans = st.builds(
    lambda start, length: Span(start, None if length is None else start + timedelta(length)),
    days,
    st.none() | st.integers(1, 20),
)


@given(st.lists(spans, max_size=8), spans)
def test_the_busiest_day_is_the_day_most_hold_counting_day_by_day(
    held_spans: list[Span], window: Span
) -> None:
    held = [Held(str(n), s) for n, s in enumerate(held_spans)]
    last = window.end or FIRST + timedelta(60)
    window_days = [window.start + timedelta(n) for n in range((last - window.start).days)]
    counts = [sum(h.span.holds_on(d) for h in held) for d in window_days]
    most = max(counts)

    day, holding = busiest_day(held, window)

    assert day == window_days[counts.index(most)]
    assert holding == [h for h in held if h.span.holds_on(day)]
