"""The forms for what the ledger is first told about (people, bodies, offices and their
rules, meetings with their agenda and attendance, work plans and action items), each reached
through the command palette and driven as a user would: typing, → to accept a completion,
Ctrl+S. Each test reads the preview before anything is recorded, then the ledger and a screen
once it is; the refusals show the rule's own message and leave the log as it was."""

from __future__ import annotations

from datetime import date

from test_recording_forms import as_of, error, fill, palette, preview
from textual.widgets import Input
from tui_helpers import press, rows, settle, text_of

from domain.holders import HolderKind
from domain.workplans import Status


async def go(pilot, tab: str) -> None:
    await palette(pilot, f"go: {tab}")


async def fill_list(pilot, field: str, *parts: str) -> None:
    """Type a list of handles part by part, each ending in `→` taking the completion of the
    handle being typed."""
    await fill(pilot, **{field: parts[0]})
    for part in parts[1:]:
        await press(pilot, *part.removesuffix("→"))
        await press(pilot, "right") if part.endswith("→") else None


# --- holders, bodies, offices ----------------------------------------------------------------


async def test_a_person_is_added(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: person")
        form = demo_app.screen
        assert text_of(form, ".box-title") == "Add a person"
        await fill(pilot, name="Ngo Thi Lan", country="Viet Nam")
        assert error(pilot) == ""
        assert preview(pilot) == (
            "Holder.Registered ngo-thi-lan: name=Ngo Thi Lan, holder_kind=person, country=Viet Nam"
        )
        assert demo_ledger.head_position() == head
        await press(pilot, "ctrl+s")
        assert demo_app.screen is not form
    assert demo_ledger.head_position() == head + 1
    assert demo_ledger.kind_of("ngo-thi-lan") == "person"


async def test_an_institution_is_added_under_its_own_handle(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: institution")
        await fill(pilot, name="Soil Resources Development Institute", handle="srdi")
        assert preview(pilot) == (
            "Holder.Registered srdi: name=Soil Resources Development Institute, "
            "holder_kind=institution"
        )
        await press(pilot, "ctrl+s")
    assert demo_ledger.kind_of("srdi") == "institution"


async def test_a_person_already_recorded_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: person")
        await fill(pilot, name="Gina Nilo")
        assert error(pilot) == (
            "duplicate handle: gina-nilo already names a person; choose another Handle for "
            "the new entry"
        )
        assert preview(pilot) == "—"
        await press(pilot, "ctrl+s")
        assert demo_app.screen.query_one("#form-record").disabled
    assert demo_ledger.head_position() == head


async def test_a_body_is_added(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: body")
        await fill(pilot, name="Working group on soil fertility", max_members="12", term_years="2")
        assert preview(pilot) == (
            "Body.Created working-group-on-soil-fertility: name=Working group on soil "
            "fertility, max_members=12, term_years=2"
        )
        await press(pilot, "ctrl+s")
    rules = demo_ledger.body_rules("working-group-on-soil-fertility")
    assert (rules.max_members, rules.term_years) == (12, 2)


async def test_an_office_is_added_to_a_body_and_the_governance_screen_lists_it(
    demo_app, demo_ledger
):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: office")
        assert text_of(demo_app.screen, ".box-title") == "Add an office"
        await fill(pilot, name="CESRA deputy director", body="cesra-s→", term_years="3")
        assert demo_app.screen.query_one("#body", Input).value == "cesra-steering-committee"
        assert preview(pilot) == (
            "Office.Created cesra-deputy-director: name=CESRA deputy director, "
            "body=cesra-steering-committee, term_years=3, seats=1"
        )
        await press(pilot, "ctrl+s")
        await go(pilot, "governance")
        assert "cesra-deputy-director" in {row[0] for row in rows(demo_app, "#offices")}
    assert "cesra-deputy-director" in demo_ledger.handles("offices")


async def test_an_office_with_no_seats_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: office")
        await fill(pilot, name="CESRA deputy director", seats="0")
        assert error(pilot) == "the seats must be a whole number of at least 1, not '0'"
        await press(pilot, "ctrl+s")
    assert demo_ledger.head_position() == head


async def test_an_offices_rules_change(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: office rules")
        assert text_of(demo_app.screen, ".box-title") == "Change an office's rules"
        await fill(pilot, office="asp-vice→")
        assert error(pilot) == "fill in at least one rule to change"
        await fill(pilot, term_years="2", eligible_role="national-focal-point", basis="ASP-VIII")
        assert preview(pilot) == (
            "Office.RulesChanged asp-vice-chair: term_years=2, seats=1, "
            "eligible_role=national-focal-point, basis=ASP-VIII"
        )
        await press(pilot, "ctrl+s")
    rules = demo_ledger.office_rules("asp-vice-chair")
    assert (rules.term_years, rules.eligible_role) == (2, "national-focal-point")


async def test_a_successor_from_an_unknown_office_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: office rules")
        await fill(pilot, office="asp-chair", successor_from="asp-deputy-chair")
        assert error(pilot) == (
            "unknown handle: no office is recorded as asp-deputy-chair; add it first or check "
            "the spelling"
        )
        await press(pilot, "ctrl+s")
    assert demo_ledger.head_position() == head


async def test_a_bodys_rules_change(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: body rules")
        await fill(
            pilot,
            body="cesra-st→",
            cadence_months="6",
        )
        await fill_list(pilot, "ex_officio", "cesra-dir→", ", asp-ch→")
        assert demo_app.screen.query_one("#ex_officio", Input).value == "cesra-director, asp-chair"
        assert preview(pilot) == (
            "Body.RulesChanged cesra-steering-committee: cadence_months=6, "
            "ex_officio=[cesra-director, asp-chair]"
        )
        await press(pilot, "ctrl+s")
    rules = demo_ledger.body_rules("cesra-steering-committee")
    assert (rules.cadence_months, rules.ex_officio) == (6, ("cesra-director", "asp-chair"))


async def test_an_office_is_abolished_once_no_one_holds_it(demo_app, demo_ledger):
    demo_ledger.add_office("SEALNET Vice-Chair", handle="sealnet-vice-chair")
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "abolish: office")
        assert text_of(demo_app.screen, ".box-title") == "Abolish an office"
        await fill(pilot, office="sealnet-chair", day="2023-01-01")
        assert error(pilot) == (
            "office still held: sealnet-chair is held on or after 2023-01-01 (by gina-nilo); "
            "end those mandates first, then abolish it"
        )
        await fill(pilot, office="sealnet-v→", basis="ASP-VIII")
        assert preview(pilot) == (
            "Office.Abolished sealnet-vice-chair: day=2023-01-01, basis=ASP-VIII"
        )
        await press(pilot, "ctrl+s")
    assert demo_ledger.head_position() == head + 1


# --- meetings --------------------------------------------------------------------------------


async def test_a_meeting_is_added_and_the_meetings_screen_lists_it(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: meeting")
        await fill(
            pilot,
            meeting="asp-ix",
            name="Ninth meeting of the ASP",
            day="2024-05-21",
            number="9",
            mode="online",
            body="asp-pl→",
        )
        assert preview(pilot) == (
            "Meeting.Created asp-ix: name=Ninth meeting of the ASP, body=asp-plenary, "
            "number=9, day=2024-05-21, mode=online"
        )
        await press(pilot, "ctrl+s")
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
        await palette(pilot, "record: agenda item")
        await fill(
            pilot,
            meeting="asp-v→",
            item="any-other-business",
            title="Any other business",
        )
        await fill_list(pilot, "presenters", "gina→", ", lucr→")
        assert demo_app.screen.query_one("#presenters", Input).value == "gina-nilo, lucrezia-caon"
        assert preview(pilot) == (
            "Meeting.AgendaItemAdded asp-viii: key=any-other-business, title=Any other "
            "business, presenters=[gina-nilo, lucrezia-caon]"
        )
        await press(pilot, "ctrl+s")
    [line] = [a for a in demo_ledger.meeting("asp-viii").agenda if a.key == "any-other-business"]
    assert line.presenters == ("gina-nilo", "lucrezia-caon")


async def test_an_agenda_item_twice_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: agenda item")
        await fill(pilot, meeting="asp-viii", item="governance", title="Governance again")
        assert error(pilot) == (
            "already recorded: asp-viii already records an agenda item governance; correct or "
            "retract it instead"
        )
        await press(pilot, "ctrl+s")
    assert demo_ledger.head_position() == head


async def test_an_attendance_is_recorded(demo_app, demo_ledger):
    demo_ledger.add_holder("Ngo Thi Lan", HolderKind.PERSON)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: attendance")
        await fill(
            pilot, meeting="asp-viii", holder="ngo→", capacity="observer", affiliation="Viet Nam"
        )
        assert preview(pilot) == (
            "Meeting.Attended asp-viii: holder=ngo-thi-lan, capacity=observer, affiliation=Viet Nam"
        )
        await press(pilot, "ctrl+s")
    present = {p.holder: p for p in demo_ledger.meeting("asp-viii").attendance}
    assert present["ngo-thi-lan"].capacity == "observer"


# --- the work plan ---------------------------------------------------------------------------


async def test_a_work_plan_is_added(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: work plan")
        await fill(
            pilot,
            plan="asp-work-plan-2025-2026",
            name="ASP work plan 2025-2026",
            start="2025-01-01",
            end="2027-01-01",
        )
        assert preview(pilot) == (
            "WorkPlan.Created asp-work-plan-2025-2026: name=ASP work plan 2025-2026, "
            "start=2025-01-01, end=2027-01-01"
        )
        await press(pilot, "ctrl+s")
    assert "asp-work-plan-2025-2026" in [p.plan for p in demo_ledger.plans()]


async def test_an_action_item_is_added_and_the_work_plan_shows_it(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: action item")
        assert text_of(demo_app.screen, ".box-title") == "Add an action item"
        await fill(
            pilot,
            item="wp-soil-fertility-maps",
            title="National soil fertility maps",
        )
        await fill_list(pilot, "owners", "gsp-sec→", ", country:India")
        await fill(
            pilot,
            day="2023-05-02",
            plan="asp→",
            due="2024-05-01",
        )
        assert preview(pilot) == (
            "ActionItem.Created wp-soil-fertility-maps: title=National soil fertility maps, "
            "plan=asp-work-plan-2023-2024, owners=[gsp-secretariat, country:India], "
            "due=2024-05-01, day=2023-05-02"
        )
        await press(pilot, "ctrl+s")
        await go(pilot, "work plan")
        assert any(
            "National soil fertility maps" in " ".join(r) for r in rows(demo_app, "DataTable#items")
        )
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert items["wp-soil-fertility-maps"].owners == ("gsp-secretariat", "country:India")


async def test_an_action_item_owned_by_an_office_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: action item")
        await fill(pilot, item="wp-x", title="Something", owners="asp-chair", day="2023-05-02")
        assert error(pilot) == (
            "unknown handle: asp-chair is an office, not an owner (a person, institution or "
            "body; country:NAME; or all-member-countries)"
        )
        await press(pilot, "ctrl+s")
    assert demo_ledger.head_position() == head


async def test_an_action_item_gets_new_owners(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: action item owners")
        await fill(pilot, item="wp-swsr→", owners="gina→", day="2023-06-01")
        assert preview(pilot) == (
            "ActionItem.Reassigned wp-swsr-2025: owners=[gina-nilo], day=2023-06-01"
        )
        await press(pilot, "ctrl+s")
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert items["wp-swsr-2025"].owners == ("gina-nilo",)


async def test_an_action_items_due_date_changes_then_it_is_reopened(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "record: action item due date")
        await fill(pilot, item="wp-swsr→", day="2023-06-01")
        assert error(pilot) == "give either a new due date or tick none"
        await fill(pilot, due="2025-12-31")
        assert (
            preview(pilot) == "ActionItem.DueChanged wp-swsr-2025: due=2025-12-31, day=2023-06-01"
        )
        await press(pilot, "ctrl+s")
        demo_ledger.update_action("wp-swsr-2025", Status.DONE, day=date(2023, 7, 1))
        await palette(pilot, "record: action item reopened")
        await fill(pilot, item="wp-swsr→", day="2023-08-01", note="the data came late")
        assert preview(pilot) == (
            "ActionItem.Reopened wp-swsr-2025: day=2023-08-01, note=the data came late"
        )
        await press(pilot, "ctrl+s")
    items = {i.item: i for i in demo_ledger.workplan(as_of=date.max)}
    assert (items["wp-swsr-2025"].due, items["wp-swsr-2025"].status) == (
        date(2025, 12, 31),
        "in-progress",
    )
