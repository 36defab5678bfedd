"""The governance view fed an aggregate's events one position at a time, as eventsourcing's
projection interface delivers them, and asked as of a day and as known at a position."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.sqlite import SQLiteDatastore

from domain.bodies import Body
from domain.holders import Holder, HolderKind
from domain.offices import Office
from projections.governance import GovernanceView, Seat, Tenure
from projections.governance_events import GovernanceProjection

APP = "ledger"

D2020 = date(2020, 1, 1)
D2022 = date(2022, 1, 1)
D2023 = date(2023, 1, 1)

# Log positions of the history below.
GINA, ABE, PLENARY, CHAIR = 1, 2, 3, 4
GINA_STARTS, GINA_JOINS, GINA_RESIGNS, ABE_STARTS = 5, 6, 7, 8
SECRETARIAT, GINA_LEAVES = 9, 10


def history() -> list[Any]:
    """Gina chairs from 2020 and resigns for 2022, when Abe takes over; she sits in the
    plenary from 2020 to 2023. A secretariat is created late in the log."""
    gina = Holder.register("gina", "Gina Nilo", HolderKind.PERSON, "TH")
    abe = Holder.register("abe", "Abe Kebe", HolderKind.PERSON)
    plenary = Body.create("plenary", "Plenary", max_members=30)
    chair = Office.create("chair", "Chair", body="plenary", term_years=2)
    events = [*gina.collect_events(), *abe.collect_events()]
    events += plenary.collect_events() + chair.collect_events()
    chair.start_mandate("gina", D2020, basis="elected")
    events += chair.collect_events()
    plenary.add_member("gina", D2020)
    events += plenary.collect_events()
    chair.end_mandate("gina", D2022, reason="resigned")
    chair.start_mandate("abe", D2022)
    events += chair.collect_events()
    events += Office.create("secretariat", "Secretariat", seats=2).collect_events()
    plenary.remove_member("gina", D2023, reason="term over")
    events += plenary.collect_events()
    assert len(events) == GINA_LEAVES
    return events


@dataclass
class Fed:
    view: GovernanceView
    projection: GovernanceProjection
    events: list[Any]

    def feed(self, upto: int | None = None) -> None:
        start = self.view.position(APP)
        for position, event in enumerate(self.events[start:upto], start=start + 1):
            self.projection.process_event(event, Tracking(APP, position))

    def snapshot(self) -> Any:
        """Everything the view can tell, to compare before and after a refused write."""
        return (
            self.view.position(APP),
            self.view.holders("chair"),
            self.view.holders("secretariat"),
            [self.view.governance(day) for day in (D2020, D2022, D2023)],
            self.view.holder("gina"),
        )


@pytest.fixture
def fed(tmp_path: Path) -> Any:
    view = GovernanceView.open(tmp_path / "v.db")
    assert isinstance(view, GovernanceView)
    yield Fed(view, GovernanceProjection(view), history())
    view.close()


def tenure(holder: str, name: str, start: date, end: date | None, **kw: Any) -> Tenure:
    return Tenure(holder=holder, name=name, start=start, end=end, acting=False, **kw)


GINA_CHAIR = tenure("gina", "Gina Nilo", D2020, D2022, basis="elected", reason="resigned")
GINA_CHAIR_OPEN = tenure("gina", "Gina Nilo", D2020, None, basis="elected")
ABE_CHAIR = tenure("abe", "Abe Kebe", D2022, None)


def test_an_empty_view_is_at_position_zero_and_knows_nothing(fed: Fed) -> None:
    assert fed.view.position(APP) == 0
    assert fed.view.holders("chair") == []
    assert fed.view.office("chair") is None
    governance = fed.view.governance(D2022)
    assert governance.offices == [] and governance.bodies == []


def test_the_position_follows_each_event_processed(fed: Fed) -> None:
    for position, event in enumerate(fed.events, start=1):
        fed.projection.process_event(event, Tracking(APP, position))
        assert fed.view.position(APP) == position
    assert fed.view.position("another-ledger") == 0


def test_holders_lists_every_mandate_of_an_office_in_start_order(fed: Fed) -> None:
    fed.feed()
    assert fed.view.holders("chair") == [GINA_CHAIR, ABE_CHAIR]
    assert fed.view.holders("secretariat") == []
    assert fed.view.holders("no-such-office") == []


def test_the_entities_are_described_as_created(fed: Fed) -> None:
    fed.feed()
    gina = fed.view.holder("gina")
    assert gina is not None
    assert (gina.name, gina.kind, gina.country) == ("Gina Nilo", "person", "TH")
    chair = fed.view.office("chair")
    assert chair is not None
    assert (chair.body, chair.seats, chair.term_years) == ("plenary", 1, 2)
    plenary = fed.view.body("plenary")
    assert plenary is not None
    assert (plenary.name, plenary.max_members) == ("Plenary", 30)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 12, 31), []),
        (D2020, [GINA_CHAIR]),  # the start is the first day held
        (date(2021, 12, 31), [GINA_CHAIR]),
        (D2022, [ABE_CHAIR]),  # the end is the first day no longer held
        (date(2030, 1, 1), [ABE_CHAIR]),
    ],
    ids=str,
)
def test_holders_as_of_a_day_is_half_open(fed: Fed, day: date, expected: list[Tenure]) -> None:
    fed.feed()
    assert fed.view.holders("chair", as_of=day) == expected


def test_holders_as_known_at_a_position_shows_what_the_ledger_knew_then(fed: Fed) -> None:
    fed.feed()
    assert fed.view.holders("chair", known_at=CHAIR) == []
    assert fed.view.holders("chair", known_at=GINA_STARTS) == [GINA_CHAIR_OPEN]
    # The mandate is open until the position of its end event, closed from it on.
    assert fed.view.holders("chair", known_at=GINA_RESIGNS - 1) == [GINA_CHAIR_OPEN]
    assert fed.view.holders("chair", known_at=GINA_RESIGNS) == [GINA_CHAIR]
    assert fed.view.holders("chair", known_at=ABE_STARTS) == [GINA_CHAIR, ABE_CHAIR]
    assert fed.view.holders("chair", known_at=GINA_LEAVES) == [GINA_CHAIR, ABE_CHAIR]


def test_as_of_and_known_at_combine(fed: Fed) -> None:
    fed.feed()
    # Before the resignation was recorded, Gina was thought to hold the chair in 2023.
    assert fed.view.holders("chair", as_of=D2023, known_at=GINA_RESIGNS - 1) == [GINA_CHAIR_OPEN]
    assert fed.view.holders("chair", as_of=D2023, known_at=GINA_RESIGNS) == []
    assert fed.view.holders("chair", as_of=D2023, known_at=ABE_STARTS) == [ABE_CHAIR]


def test_a_view_fed_part_of_the_log_answers_as_the_full_view_does_known_at_that_point(
    fed: Fed, tmp_path: Path
) -> None:
    fed.feed()
    partial_view = GovernanceView.open(tmp_path / "partial.db")
    assert isinstance(partial_view, GovernanceView)
    try:
        partial = Fed(partial_view, GovernanceProjection(partial_view), fed.events)
        for position in range(1, len(fed.events) + 1):
            partial.feed(upto=position)
            for day in (D2020, D2022, D2023):
                assert partial_view.governance(day) == fed.view.governance(day, known_at=position)
            assert partial_view.holders("chair") == fed.view.holders("chair", known_at=position)
    finally:
        partial_view.close()


def test_governance_on_a_day_lists_offices_with_holders_and_bodies_with_members(
    fed: Fed,
) -> None:
    fed.feed()
    governance = fed.view.governance(date(2021, 6, 1))
    assert governance.as_of == date(2021, 6, 1)
    assert [(o.office.office, o.holders) for o in governance.offices] == [
        ("chair", [GINA_CHAIR]),
        ("secretariat", []),
    ]
    (plenary,) = governance.bodies
    assert plenary.body.body == "plenary"
    assert plenary.members == [Seat("gina", "Gina Nilo", D2020, D2023)]


def test_a_member_removed_is_no_longer_listed_from_the_day_of_the_end(fed: Fed) -> None:
    fed.feed()
    assert fed.view.governance(date(2022, 12, 31)).bodies[0].members != []
    assert fed.view.governance(D2023).bodies[0].members == []
    assert [o.holders for o in fed.view.governance(D2023).offices] == [[ABE_CHAIR], []]


def test_governance_known_at_a_position_omits_what_was_recorded_later(fed: Fed) -> None:
    fed.feed()
    then = fed.view.governance(date(2021, 6, 1), known_at=SECRETARIAT - 1)
    assert [o.office.office for o in then.offices] == ["chair"]
    assert [o.office.office for o in fed.view.governance(D2020, known_at=SECRETARIAT).offices] == [
        "chair",
        "secretariat",
    ]
    early = fed.view.governance(D2020, known_at=PLENARY)
    assert early.offices == []
    assert [(b.body.body, b.members) for b in early.bodies] == [("plenary", [])]
    # Before her removal was recorded, Gina was thought a member in 2023.
    assert fed.view.governance(D2023, known_at=GINA_LEAVES - 1).bodies[0].members == [
        Seat("gina", "Gina Nilo", D2020, None)
    ]


@pytest.mark.parametrize("position", range(1, GINA_LEAVES + 1))
def test_re_processing_a_tracked_position_is_refused_and_changes_nothing(
    fed: Fed, position: int
) -> None:
    fed.feed()
    before = fed.snapshot()
    with pytest.raises(IntegrityError):
        fed.projection.process_event(fed.events[position - 1], Tracking(APP, position))
    assert fed.snapshot() == before


def test_re_processing_the_latest_position_is_refused_and_changes_nothing(fed: Fed) -> None:
    fed.feed(upto=GINA_STARTS)
    before = fed.snapshot()
    with pytest.raises(IntegrityError):
        fed.projection.process_event(fed.events[GINA_STARTS - 1], Tracking(APP, GINA_STARTS))
    assert fed.snapshot() == before
    # The view goes on from where it was.
    fed.feed()
    assert fed.view.holders("chair") == [GINA_CHAIR, ABE_CHAIR]


def test_an_event_below_the_position_reached_is_refused_not_filled_into_the_gap(
    fed: Fed,
) -> None:
    # Single-row tracking cannot tell a position skipped from one processed, so a position
    # at or below the one reached must be refused whatever the event (TrackingRecorderTestCase:
    # "Can't fill in the gap"), rather than its rows committed without a tracking record.
    skipped = ABE_STARTS  # no later event depends on it
    fed.feed(upto=skipped - 1)
    for position in range(skipped + 1, len(fed.events) + 1):
        fed.projection.process_event(fed.events[position - 1], Tracking(APP, position))
    before = fed.snapshot()
    with pytest.raises(IntegrityError):
        fed.projection.process_event(fed.events[skipped - 1], Tracking(APP, skipped))
    assert fed.snapshot() == before


def test_an_event_the_view_ignores_still_may_not_reuse_a_tracked_position(fed: Fed) -> None:
    fed.feed()
    with pytest.raises(IntegrityError):
        fed.projection.process_event(object(), Tracking(APP, GINA))
    assert fed.view.position(APP) == GINA_LEAVES


def test_an_event_the_view_ignores_advances_its_position(fed: Fed) -> None:
    fed.feed(upto=GINA)
    fed.projection.process_event(object(), Tracking(APP, 2))
    assert fed.view.position(APP) == 2
    assert fed.view.holder("abe") is None


def test_a_shared_in_memory_datastore_serves_the_view_as_a_file_does(fed: Fed) -> None:
    # Plain ":memory:" would give each pooled connection its own empty database.
    name = f"file:governance-{uuid4().hex}?mode=memory&cache=shared"
    view = GovernanceView(SQLiteDatastore(name))
    view.create_table()
    try:
        Fed(view, GovernanceProjection(view), fed.events).feed()
        fed.feed()
        assert view.position(APP) == fed.view.position(APP)
        assert view.governance(D2020) == fed.view.governance(D2020)
        assert view.holders("chair") == fed.view.holders("chair")
    finally:
        view.close()


def test_a_view_reopened_resumes_from_its_position_with_a_fresh_projection(
    fed: Fed, tmp_path: Path
) -> None:
    fed.feed(upto=GINA_STARTS)
    fed.view.close()
    reopened = GovernanceView.open(tmp_path / "v.db")
    assert isinstance(reopened, GovernanceView)
    fed.view, fed.projection = reopened, GovernanceProjection(reopened)
    assert reopened.position(APP) == GINA_STARTS
    # The new projection has no handle cache: it finds the office's handle in the view.
    fed.feed()
    assert reopened.holders("chair") == [GINA_CHAIR, ABE_CHAIR]


def test_a_window_of_governance_is_the_first_offices_and_bodies_and_how_many_in_all(
    fed: Fed,
) -> None:
    fed.feed()
    day = date(2021, 6, 1)
    whole = fed.view.governance(day)
    window = fed.view.governance(day, limit=1)
    assert window.offices == whole.offices[:1]
    assert window.bodies == whole.bodies[:1]
    assert (window.offices_total, window.bodies_total) == (2, 1)
    assert (whole.offices_total, whole.bodies_total) == (2, 1)


def test_a_window_keeps_the_offices_and_bodies_whose_handle_or_name_has_every_word(
    fed: Fed,
) -> None:
    fed.feed()
    day = date(2021, 6, 1)
    found = fed.view.governance(day, limit=10, words="SECRET")
    assert [o.office.office for o in found.offices] == ["secretariat"]
    assert (found.offices_total, found.bodies_total) == (1, 0)
    assert fed.view.governance(day, limit=10, words="chair gina").offices == []
    nothing = fed.view.governance(day, limit=10, words="plenary")
    assert (nothing.offices, [b.body.body for b in nothing.bodies]) == ([], ["plenary"])
    # Known at a position, the window counts only what was known then.
    then = fed.view.governance(day, known_at=SECRETARIAT - 1, limit=10)
    assert [o.office.office for o in then.offices] == ["chair"] and then.offices_total == 1


def test_a_body_s_parent_and_the_bases_of_creation_are_in_the_view(tmp_path: Path) -> None:
    view = GovernanceView.open(tmp_path / "parents.db")
    assert isinstance(view, GovernanceView)
    projection = GovernanceProjection(view)
    gsp = Body.create("gsp", "Global Soil Partnership")
    asp = Body.create("asp", "Asian Soil Partnership", part_of="gsp", basis="GSP plenary")
    vice = Office.create("vice", "Vice-Chair", basis="ASP-VIII, section 6")
    vice.set_rules(acting_from="chair")
    vice.start_mandate("abe", D2022, acting=True, acting_holders=[], override="no chair yet")
    abe = Holder.register("abe", "Abe Kebe", HolderKind.PERSON)
    events = [*abe.collect_events(), *gsp.collect_events(), *asp.collect_events()]
    events += vice.collect_events()
    for position, event in enumerate(events, start=1):
        projection.process_event(event, Tracking(APP, position))

    bodies = {b.body.body: b.body for b in view.governance(D2022).bodies}
    assert (bodies["gsp"].part_of, bodies["asp"].part_of) == (None, "gsp")
    assert (bodies["gsp"].basis, bodies["asp"].basis) == (None, "GSP plenary")
    office = view.office("vice")
    assert office is not None
    assert office.basis == "ASP-VIII, section 6"
    # The reason for the deviation shows where the mandate's basis does.
    [held] = view.holders("vice")
    assert held.basis == "override: no chair yet"
    view.close()


def test_a_view_made_before_parents_and_bases_were_kept_is_migrated_on_open(
    tmp_path: Path,
) -> None:
    added = GovernanceView.migrations.index("ALTER TABLE bodies ADD COLUMN part_of TEXT")

    class Before(GovernanceView):
        migrations = GovernanceView.migrations[:added]

    old = Before.open(tmp_path / "old.db")
    old.close()
    view = GovernanceView.open(tmp_path / "old.db")
    assert isinstance(view, GovernanceView)
    projection = GovernanceProjection(view)
    for position, event in enumerate(history(), start=1):
        projection.process_event(event, Tracking(APP, position))

    plenary = view.body("plenary")
    assert plenary is not None
    assert (plenary.part_of, plenary.basis) == (None, None)
    view.close()
