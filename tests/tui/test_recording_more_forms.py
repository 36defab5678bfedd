"""The forms for what the ledger is first told about (people, bodies, offices and their
rules, meetings with their agenda and attendance, work plans and action items), each reached
through the command palette and driven as a user would: typing, → to accept a completion,
Ctrl+S. Each test reads the preview before anything is recorded, then the ledger and a screen
once it is; the refusals show the rule's own message and leave the log as it was."""

from __future__ import annotations

from datetime import date

from tui_helpers import (
    as_of,
    clipped,
    error,
    fill,
    open_form,
    palette,
    record,
    record_through,
    refused_through,
    row_keyed,
    rows,
    settle,
    title,
)

from domain.holders import HolderKind
from domain.workplans import Status


async def go(pilot, tab: str) -> None:
    await palette(pilot, f"go: {tab}")


# --- holders, bodies, offices ----------------------------------------------------------------


async def test_a_person_is_added(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: person")
        assert title(pilot) == "Add a person"
        await record(
            pilot,
            name="Ngo Thi Lan",
            country="Viet Nam",
            previews=(
                "Holder.Registered ngo-thi-lan: name=Ngo Thi Lan, holder_kind=person, "
                "country=Viet Nam"
            ),
        )
    assert demo_ledger.head_position() == head + 1
    assert demo_ledger.kind_of("ngo-thi-lan") == "person"


async def test_an_institution_is_added_under_its_own_handle(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: institution",
            name="Soil Resources Development Institute",
            handle="srdi",
            previews=(
                "Holder.Registered srdi: name=Soil Resources Development Institute, "
                "holder_kind=institution"
            ),
        )
    assert demo_ledger.kind_of("srdi") == "institution"


async def test_a_person_already_recorded_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: person",
            name="Gina Nilo",
            error=(
                "duplicate handle: gina-nilo already names a person; choose another Handle for "
                "the new entry"
            ),
        )
    assert demo_ledger.head_position() == head


async def test_a_body_is_added(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: body",
            name="Working group on soil fertility",
            max_members="12",
            term_years="2",
            previews=(
                "Body.Created working-group-on-soil-fertility: name=Working group on soil "
                "fertility, max_members=12, term_years=2"
            ),
        )
    rules = demo_ledger.body_rules("working-group-on-soil-fertility")
    assert (rules.max_members, rules.term_years) == (12, 2)


async def test_an_office_is_added_to_a_body_and_the_governance_screen_lists_it(
    demo_app, demo_ledger
):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: office")
        assert title(pilot) == "Add an office"
        await record(
            pilot,
            name="CESRA deputy director",
            body="cesra-s→",
            term_years="3",
            completed={"body": "cesra-steering-committee"},
            previews=(
                "Office.Created cesra-deputy-director: name=CESRA deputy director, "
                "body=cesra-steering-committee, term_years=3, seats=1"
            ),
        )
        await go(pilot, "governance")
        assert "cesra-deputy-director" in {row[0] for row in rows(demo_app, "#offices")}
    assert "cesra-deputy-director" in demo_ledger.handles("offices")


async def test_an_office_with_no_seats_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: office",
            name="CESRA deputy director",
            seats="0",
            error="the seats must be a whole number of at least 1, not '0'",
        )
    assert demo_ledger.head_position() == head


async def test_an_offices_rules_change(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: office rules")
        assert title(pilot) == "Change an office's rules"
        await fill(pilot, office="asp-vice→")
        assert error(pilot) == "fill in at least one rule to change"
        await record(
            pilot,
            term_years="2",
            eligible_role="national-focal-point",
            basis="ASP-VIII",
            previews=(
                "Office.RulesChanged asp-vice-chair: term_years=2, seats=1, "
                "eligible_role=national-focal-point, basis=ASP-VIII"
            ),
        )
    rules = demo_ledger.office_rules("asp-vice-chair")
    assert (rules.term_years, rules.eligible_role) == (2, "national-focal-point")


async def test_a_successor_from_an_unknown_office_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: office rules",
            office="asp-chair",
            successor_from="asp-deputy-chair",
            error=(
                "unknown handle: no office is recorded as asp-deputy-chair; add it first or check "
                "the spelling"
            ),
        )
    assert demo_ledger.head_position() == head


async def test_a_bodys_rules_change(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: body rules",
            body="cesra-st→",
            cadence_months="6",
            ex_officio=("cesra-dir→", ", asp-ch→"),
            completed={"ex_officio": "cesra-director, asp-chair"},
            previews=(
                "Body.RulesChanged cesra-steering-committee: cadence_months=6, "
                "ex_officio=[cesra-director, asp-chair]"
            ),
        )
    rules = demo_ledger.body_rules("cesra-steering-committee")
    assert (rules.cadence_months, rules.ex_officio) == (6, ("cesra-director", "asp-chair"))


async def test_an_office_is_abolished_once_no_one_holds_it(demo_app, demo_ledger):
    demo_ledger.add_office("SEALNET Vice-Chair", handle="sealnet-vice-chair")
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "abolish: office")
        assert title(pilot) == "Abolish an office"
        await fill(pilot, office="sealnet-chair", day="2023-01-01")
        assert error(pilot) == (
            "office still held: sealnet-chair is held on or after 2023-01-01 (by gina-nilo); "
            "end those mandates first, then abolish it"
        )
        await record(
            pilot,
            office="sealnet-v→",
            basis="ASP-VIII",
            previews="Office.Abolished sealnet-vice-chair: day=2023-01-01, basis=ASP-VIII",
        )
    assert demo_ledger.head_position() == head + 1


# --- meetings --------------------------------------------------------------------------------


async def test_a_meeting_is_added_and_the_meetings_screen_lists_it(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: meeting",
            meeting="asp-ix",
            name="Ninth meeting of the ASP",
            day="2024-05-21",
            number="9",
            mode="online",
            body="asp-pl→",
            previews=(
                "Meeting.Created asp-ix: name=Ninth meeting of the ASP, body=asp-plenary, "
                "number=9, day=2024-05-21, mode=online"
            ),
        )
        await go(pilot, "meetings")
        await as_of(pilot, "2024-05-21")
        assert ["2024-05-21", "Ninth meeting of the ASP"] in [
            row[:2] for row in rows(demo_app, "DataTable#meetings")
        ]
    record = demo_ledger.meeting("asp-ix")
    assert (record.day, record.mode, record.number) == (date(2024, 5, 21), "online", 9)


async def test_an_agenda_item_is_added(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: agenda item",
            meeting="asp-v→",
            item="any-other-business",
            title="Any other business",
            presenters=("gina→", ", lucr→"),
            completed={"presenters": "gina-nilo, lucrezia-caon"},
            previews=(
                "Meeting.AgendaItemAdded asp-viii: key=any-other-business, title=Any other "
                "business, presenters=[gina-nilo, lucrezia-caon]"
            ),
        )
    [line] = [a for a in demo_ledger.meeting("asp-viii").agenda if a.key == "any-other-business"]
    assert line.presenters == ("gina-nilo", "lucrezia-caon")


async def test_an_agenda_item_twice_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: agenda item",
            meeting="asp-viii",
            item="governance",
            title="Governance again",
            error=(
                "already recorded: asp-viii already records an agenda item governance; correct "
                "or retract it instead"
            ),
        )
    assert demo_ledger.head_position() == head


async def test_an_attendance_is_recorded(demo_app, demo_ledger):
    demo_ledger.add_holder("Ngo Thi Lan", HolderKind.PERSON)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: attendance",
            meeting="asp-viii",
            holder="ngo→",
            capacity="observer",
            affiliation="Viet Nam",
            previews=(
                "Meeting.Attended asp-viii: holder=ngo-thi-lan, capacity=observer, "
                "affiliation=Viet Nam"
            ),
        )
    present = {p.holder: p for p in demo_ledger.meeting("asp-viii").attendance}
    assert present["ngo-thi-lan"].capacity == "observer"


# --- the work plan ---------------------------------------------------------------------------


async def test_a_work_plan_is_added(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: work plan",
            plan="asp-work-plan-2025-2026",
            name="ASP work plan 2025-2026",
            start="2025-01-01",
            end="2027-01-01",
            previews=(
                "WorkPlan.Created asp-work-plan-2025-2026: name=ASP work plan 2025-2026, "
                "start=2025-01-01, end=2027-01-01"
            ),
        )
    assert "asp-work-plan-2025-2026" in [p.plan for p in demo_ledger.plans()]


async def test_an_action_item_is_added_and_the_work_plan_shows_it(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: action item")
        assert title(pilot) == "Add an action item"
        await record(
            pilot,
            item="wp-soil-fertility-maps",
            title="National soil fertility maps",
            owners=("gsp-sec→", ", country:India"),
            day="2023-05-02",
            plan="asp→",
            due="2024-05-01",
            previews=(
                "ActionItem.Created wp-soil-fertility-maps: title=National soil fertility maps, "
                "plan=asp-work-plan-2023-2024, owners=[gsp-secretariat, country:India], "
                "due=2024-05-01, day=2023-05-02"
            ),
        )
        await go(pilot, "work plan")
        shown = row_keyed(demo_app, "DataTable#items", "wp-soil-fertility-maps")
        assert clipped(shown[0], "National soil fertility maps")
        assert shown[3] == "2024-05-01"
        assert clipped(shown[4], "gsp-secretariat, country:India")
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert items["wp-soil-fertility-maps"].owners == ("gsp-secretariat", "country:India")


async def test_an_action_item_owned_by_an_office_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: action item",
            item="wp-x",
            title="Something",
            owners="asp-chair",
            day="2023-05-02",
            error=(
                "unknown handle: asp-chair is an office, not an owner (a person, institution or "
                "body; country:NAME; or all-member-countries)"
            ),
        )
    assert demo_ledger.head_position() == head


async def test_an_action_item_gets_new_owners(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: action item owners",
            item="wp-swsr→",
            owners="gina→",
            day="2023-06-01",
            previews="ActionItem.Reassigned wp-swsr-2025: owners=[gina-nilo], day=2023-06-01",
        )
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert items["wp-swsr-2025"].owners == ("gina-nilo",)


async def test_an_action_items_due_date_changes_then_it_is_reopened(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: action item due date")
        await fill(pilot, item="wp-swsr→", day="2023-06-01")
        assert error(pilot) == "give either a new due date or tick none"
        await record(
            pilot,
            due="2025-12-31",
            previews="ActionItem.DueChanged wp-swsr-2025: due=2025-12-31, day=2023-06-01",
        )
        demo_ledger.update_action("wp-swsr-2025", Status.DONE, day=date(2023, 7, 1))
        await record_through(
            pilot,
            "record: action item reopened",
            item="wp-swsr→",
            day="2023-08-01",
            note="the data came late",
            previews="ActionItem.Reopened wp-swsr-2025: day=2023-08-01, note=the data came late",
        )
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert (items["wp-swsr-2025"].due, items["wp-swsr-2025"].status) == (
        date(2025, 12, 31),
        "in-progress",
    )
