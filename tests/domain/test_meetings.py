"""The rules of a meeting: its numbers, its agenda (one item a key) and its attendance (one line
a person, retracted with a reason and never erased).

Each refusal is checked as the secretariat would read it: the rule, the meeting and the way
out, with nothing left pending on the aggregate.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DuplicateEntry, InvalidHandle, InvalidNumber, NoSuchEntry, ReasonRequired
from domain.meetings import Capacity, Meeting, Mode

D = date.fromisoformat


def asp_viii() -> Meeting:
    return Meeting.create(
        "asp-viii",
        "Eighth meeting of the Asian Soil Partnership",
        D("2023-05-02"),
        mode=Mode.ONLINE,
        number=8,
        venue="Zoom",
        hours="10:00-13:00 GMT+7",
        registered=87,
        attending=48,
    )


def replay(events: list[Meeting.Event]) -> Meeting:
    meeting = None
    for e in events:
        meeting = e.mutate(meeting)
    assert isinstance(meeting, Meeting)
    return meeting


def pending_types(meeting: Meeting) -> list[type]:
    return [type(e) for e in meeting.collect_events()]


# --- the meeting itself -----------------------------------------------------------------------


def test_a_meeting_keeps_its_day_mode_venue_and_the_counts_the_report_gives() -> None:
    m = asp_viii()

    assert (m.handle, m.number, m.day, m.mode, m.venue, m.hours) == (
        "asp-viii",
        8,
        D("2023-05-02"),
        Mode.ONLINE,
        "Zoom",
        "10:00-13:00 GMT+7",
    )
    assert (m.registered, m.attending) == (87, 48)
    assert (m.agenda, m.attendance) == ([], [])


def test_a_meeting_is_in_person_unless_told_otherwise() -> None:
    assert Meeting.create("gg-1", "Governance group", D("2023-09-01")).mode == Mode.IN_PERSON


def test_the_counts_of_the_report_need_not_add_up_to_the_named_attendance() -> None:
    m = asp_viii()
    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT)

    assert (m.attending, len(m.present)) == (48, 1)


@pytest.mark.parametrize("number", [0, -8])
def test_a_meeting_refuses_a_number_below_one(number: int) -> None:
    with pytest.raises(InvalidNumber) as refused:
        Meeting.create("asp-viii", "ASP-VIII", D("2023-05-02"), number=number)

    assert str(refused.value) == (
        f"invalid number: asp-viii: meeting number must be at least 1, not {number}"
    )


@pytest.mark.parametrize(
    ("field", "what"), [("registered", "number registered"), ("attending", "number attending")]
)
def test_a_meeting_refuses_a_negative_count(field: str, what: str) -> None:
    with pytest.raises(InvalidNumber) as refused:
        Meeting.create("asp-viii", "ASP-VIII", D("2023-05-02"), **{field: -1})

    message = str(refused.value)
    assert message.startswith(f"invalid number: asp-viii: {what} must be at least")
    # Nobody registered is a count the meeting accepts (below), so the way out is not "at least 1".
    assert "at least 1," not in message


def test_a_meeting_accepts_nobody_registered() -> None:
    assert Meeting.create("gg-0", "GG", D("2023-05-02"), registered=0).registered == 0


# --- the agenda -------------------------------------------------------------------------------


def test_an_agenda_item_keeps_its_time_presenters_and_moderator() -> None:
    m = asp_viii()

    m.add_agenda_item(
        "regional-updates",
        "News and updates on ongoing regional activities",
        time="10:20-11:00",
        presenters=("manzurul-hoque", "gina-nilo"),
        moderator="lucrezia-caon",
    )

    [item] = m.agenda
    assert (item.key, item.time, item.presenters, item.moderator) == (
        "regional-updates",
        "10:20-11:00",
        ("manzurul-hoque", "gina-nilo"),
        "lucrezia-caon",
    )
    assert m.has_item("regional-updates")
    assert not m.has_item("governance")


def test_agenda_items_keep_the_order_they_were_added_in() -> None:
    m = asp_viii()
    for key in ("opening", "rsp-survey", "governance", "closure"):
        m.add_agenda_item(key, key.title())

    assert [item.key for item in m.agenda] == ["opening", "rsp-survey", "governance", "closure"]


def test_an_agenda_refuses_a_second_item_with_the_same_key() -> None:
    m = asp_viii()
    m.add_agenda_item("governance", "ASP governance")
    version = m.version

    with pytest.raises(DuplicateEntry) as refused:
        m.add_agenda_item("governance", "ASP governance, again")

    assert str(refused.value) == (
        "already recorded: asp-viii already records an agenda item governance; "
        "correct or retract it instead"
    )
    assert m.version == version
    assert [item.title for item in m.agenda] == ["ASP governance"]


def test_an_agenda_item_key_must_be_a_handle() -> None:
    m = asp_viii()

    with pytest.raises(InvalidHandle):
        m.add_agenda_item("ASP Governance", "ASP governance")

    assert pending_types(m) == [Meeting.Created]


# --- attendance -------------------------------------------------------------------------------


def test_attendance_keeps_who_came_in_which_capacity_and_from_where() -> None:
    m = asp_viii()

    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT, affiliation="Philippines")
    m.attend("lucrezia-caon", Capacity.FAO, affiliation="FAORAP")

    assert [(a.holder, a.capacity, a.affiliation) for a in m.present] == [
        ("gina-nilo", Capacity.NATIONAL_FOCAL_POINT, "Philippines"),
        ("lucrezia-caon", Capacity.FAO, "FAORAP"),
    ]


def test_a_person_attends_a_meeting_once() -> None:
    m = asp_viii()
    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT)

    with pytest.raises(DuplicateEntry) as refused:
        m.attend("gina-nilo", Capacity.PARTNER)

    assert str(refused.value) == (
        "already recorded: asp-viii already records gina-nilo as attending; "
        "correct or retract it instead"
    )
    assert pending_types(m) == [Meeting.Created, Meeting.Attended]


def test_a_retraction_needs_a_reason() -> None:
    m = asp_viii()
    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT)

    with pytest.raises(ReasonRequired) as refused:
        m.retract_attendance("gina-nilo", reason="  ")

    assert str(refused.value).startswith(
        "reason required: the retraction of gina-nilo's attendance at asp-viii needs a --reason"
    )
    assert [a.holder for a in m.present] == ["gina-nilo"]
    assert pending_types(m) == [Meeting.Created, Meeting.Attended]


def test_only_a_present_attendance_line_can_be_retracted() -> None:
    m = asp_viii()

    with pytest.raises(NoSuchEntry) as refused:
        m.retract_attendance("gina-nilo", reason="never came")

    assert str(refused.value) == (
        "no such entry: there is no attendance of gina-nilo at asp-viii to correct or retract"
    )


def test_a_retracted_line_leaves_the_attendance_but_stays_in_the_history() -> None:
    m = asp_viii()
    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT)
    m.attend("lucrezia-caon", Capacity.FAO)

    m.retract_attendance("lucrezia-caon", reason=" left before the start ")

    assert [a.holder for a in m.present] == ["gina-nilo"]
    assert [(a.holder, a.retracted) for a in m.attendance] == [
        ("gina-nilo", False),
        ("lucrezia-caon", True),
    ]
    events = m.collect_events()
    assert [type(e) for e in events] == [
        Meeting.Created,
        Meeting.Attended,
        Meeting.Attended,
        Meeting.AttendanceRetracted,
    ]
    assert events[-1].reason == "left before the start"


def test_a_retracted_line_cannot_be_retracted_twice() -> None:
    m = asp_viii()
    m.attend("lucrezia-caon", Capacity.FAO)
    m.retract_attendance("lucrezia-caon", reason="left before the start")

    with pytest.raises(NoSuchEntry):
        m.retract_attendance("lucrezia-caon", reason="again")


def test_a_person_whose_line_was_retracted_can_be_recorded_again() -> None:
    m = asp_viii()
    m.attend("lucrezia-caon", Capacity.PARTNER)
    m.retract_attendance("lucrezia-caon", reason="wrong capacity")

    m.attend("lucrezia-caon", Capacity.FAO, affiliation="FAORAP")

    assert [(a.holder, a.capacity) for a in m.present] == [("lucrezia-caon", Capacity.FAO)]
    assert len(m.attendance) == 2


def test_replaying_a_meeting_s_events_rebuilds_the_same_meeting() -> None:
    m = asp_viii()
    m.add_agenda_item("governance", "ASP governance", moderator="lucrezia-caon")
    m.attend("gina-nilo", Capacity.NATIONAL_FOCAL_POINT, affiliation="Philippines")
    m.attend("lucrezia-caon", Capacity.FAO)
    m.retract_attendance("lucrezia-caon", reason="left")

    replayed = replay(m.collect_events())

    assert replayed.id == m.id
    assert (replayed.agenda, replayed.attendance) == (m.agenda, m.attendance)
    assert [a.holder for a in replayed.present] == ["gina-nilo"]
