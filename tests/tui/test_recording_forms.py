"""Every recording form, driven as a user would: its key or the command palette, Tab from
field to field, typing (→ accepts a completion), Ctrl+S. Each test reads what the form
previews before anything is recorded, then what the screens show once it is; the refusals
show the rule's own message and leave the log as it was."""

from __future__ import annotations

from datetime import date

from tui_helpers import (
    as_of,
    clipped,
    error,
    fill,
    including,
    offices,
    open_form,
    open_vice_chair_election,
    press,
    preview,
    record,
    record_through,
    refused,
    refused_through,
    row_keyed,
    settle,
    starting,
    title,
    to_field,
)

NARROW = (80, 24)

# --- decisions -------------------------------------------------------------------------------


async def test_a_new_decision_is_tabled_and_agreed_at_its_meeting(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "D")
        assert title(pilot) == "Record a decision"
        await record(
            pilot,
            decision="ninth-meeting-in-person",
            meeting="asp-v→",
            item="clo→",
            title="The ninth meeting is held in person if a host country offers",
            outcome="agreed",
            completed={"meeting": "asp-viii", "item": "closure"},
            previews=[
                "Decision.Tabled ninth-meeting-in-person: title=The ninth meeting is held in "
                "person if a host country offers, meeting=asp-viii, item=closure, day=2023-05-02",
                "Decision.Decided ninth-meeting-in-person: outcome=agreed, meeting=asp-viii, "
                "day=2023-05-02",
            ],
        )
        assert demo_ledger.head_position() == head + 2
        await press(pilot, "x")
        status, shown = row_keyed(demo_app, "DataTable#decisions", "ninth-meeting-in-person")
        assert status == "agreed"
        assert clipped(shown, "The ninth meeting is held in person if a host country offers")


async def test_a_decision_sent_to_a_written_procedure_and_later_endorsed(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "D",
            decision="asp-work-plan-template",
            meeting="asp-viii→",
            item="work-plan",
            title="A template for national inventories",
            outcome="to a",
            deadline="2023-05-31",
            previews=including(
                "Decision.Referred asp-work-plan-template: day=2023-05-02, deadline=2023-05-31"
            ),
        )
        await open_form(pilot, "record: written procedure result")
        assert title(pilot) == "Record a written procedure's result"
        await record(
            pilot,
            decision="asp-work-plan-t→",
            day="2023-06-01",
            previews=(
                "Decision.ProcedureClosed asp-work-plan-template: endorsed=True, day=2023-06-01"
            ),
        )
    life = {d.decision: d for d in demo_ledger.decisions()}["asp-work-plan-template"]
    assert life.status == "endorsed"


async def test_a_decision_under_an_item_not_on_the_agenda_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "D",
            decision="regional-budget",
            meeting="asp-viii",
            item="budget",
            title="A regional budget",
            outcome="agreed",
            error=starting("unknown handle: no agenda item of asp-viii is recorded"),
        )
        assert demo_ledger.head_position() == head
        assert "regional-budget" not in [d.decision for d in demo_ledger.decisions()]


async def test_a_later_meeting_notes_a_decision(demo_app, demo_ledger):
    demo_ledger.add_meeting("asp-ix", "Ninth meeting of the ASP", date(2024, 5, 21))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: decision noted",
            decision="ceslab",
            meeting="asp-ix",
            previews="Decision.NotedAt ceslab: meeting=asp-ix, day=2024-05-21",
        )
    steps = {d.decision: d for d in demo_ledger.decisions()}["ceslab"].steps
    assert (steps[-1].venue, steps[-1].day) == ("asp-ix", date(2024, 5, 21))


# --- elections -------------------------------------------------------------------------------

JUNE_1, JUNE_30 = date(2023, 6, 1), date(2023, 6, 30)  # the call for the Vice-Chair


async def test_an_election_is_opened_for_an_office(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "o",
            election="asp-vice-chair-2023",
            office="asp-vice→",
            opens="2023-06-01",
            closes="2023-06-30",
            previews=(
                "Election.Opened asp-vice-chair-2023: name=Election of asp-vice-chair, "
                "office=asp-vice-chair, opens=2023-06-01, closes=2023-06-30"
            ),
        )
    [election] = demo_ledger.elections()
    assert (election.election, election.office) == ("asp-vice-chair-2023", "asp-vice-chair")


async def test_a_call_that_closes_before_it_opens_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "o",
            election="asp-vice-chair-2023",
            office="asp-vice-chair",
            opens="2023-06-30",
            closes="2023-06-01",
            error=starting("end on or before start: the call for candidates of"),
        )
        assert demo_ledger.head_position() == head


async def test_a_candidate_who_is_no_national_focal_point_is_refused(demo_app, demo_ledger):
    open_vice_chair_election(demo_ledger, JUNE_1, JUNE_30)
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "record: election candidate",
            election="asp-vice→",
            candidate="lucrezia-caon",
            day="2023-06-10",
            error=starting("ineligible candidate:"),
        )
        assert demo_ledger.head_position() == head
        await record(
            pilot,
            candidate="manzurul-h→",
            previews=(
                "Election.Nominated asp-vice-chair-2023: candidate=manzurul-hoque, day=2023-06-10"
            ),
        )
    [election] = demo_ledger.elections()
    assert [c.candidate for c in election.candidates] == ["manzurul-hoque"]


async def test_a_candidate_withdraws(demo_app, demo_ledger):
    open_vice_chair_election(demo_ledger, JUNE_1, JUNE_30)
    demo_ledger.nominate("asp-vice-chair-2023", "manzurul-hoque", day=date(2023, 6, 10))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: election withdrawal",
            election="asp-v→",
            candidate="m→",
            day="2023-06-20",
            previews=(
                "Election.Withdrawn asp-vice-chair-2023: candidate=manzurul-hoque, day=2023-06-20"
            ),
        )
    [election] = demo_ledger.elections()
    assert election.candidates[0].withdrawn


async def test_the_votes_are_tallied_and_the_close_starts_the_winners_mandate(
    demo_app, demo_ledger
):
    open_vice_chair_election(demo_ledger, JUNE_1, JUNE_30)
    demo_ledger.nominate("asp-vice-chair-2023", "manzurul-hoque", day=date(2023, 6, 10))
    demo_ledger.nominate(
        "asp-vice-chair-2023", "lucrezia-caon", day=date(2023, 6, 10), override="no NFP stood"
    )
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "record: election tally")
        await fill(pilot, election="asp-vice→", votes="manzurul-hoque=12, l→")
        assert demo_app.focused.value == "manzurul-hoque=12, lucrezia-caon="
        assert error(pilot).startswith("'lucrezia-caon=' is not CANDIDATE=VOTES")
        await press(pilot, "5")
        await record(
            pilot,
            day="2023-07-01",
            previews=(
                "Election.Tallied asp-vice-chair-2023: "
                "votes={manzurul-hoque=12, lucrezia-caon=5}, day=2023-07-01"
            ),
        )
        await record_through(
            pilot,
            "c",
            election="asp-vice→",
            day="2023-07-01",
            previews=[
                "Election.Closed asp-vice-chair-2023: winner=manzurul-hoque, day=2023-07-01, "
                "method=simple majority",
                "Office.MandateStarted asp-vice-chair: number=1, holder=manzurul-hoque, "
                "start=2023-07-01, acting=False, basis=elected (asp-vice-chair-2023)",
            ],
        )
        await as_of(pilot, "2023-07-01")
        assert offices(demo_app)["asp-vice-chair"] == "F.M. Manzurul Hoque"


async def test_a_tie_asks_for_the_winner_and_the_reason_in_the_forms_words(demo_app, demo_ledger):
    open_vice_chair_election(demo_ledger, JUNE_1, JUNE_30)
    for candidate in ("manzurul-hoque", "lucrezia-caon"):
        demo_ledger.nominate(
            "asp-vice-chair-2023", candidate, day=date(2023, 6, 10), override="no NFP stood"
        )
    demo_ledger.tally(
        "asp-vice-chair-2023", {"manzurul-hoque": 5, "lucrezia-caon": 5}, day=date(2023, 7, 1)
    )
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "c")
        await fill(pilot, election="asp-vice→", day="2023-07-01")
        assert error(pilot).endswith(
            "the software does not break ties: record the deciding body's choice with Winner"
            " and Override"
        )
        await fill(pilot, winner="lucrezia-caon")
        assert error(pilot).endswith(
            "lucrezia-caon is not the winner by simple majority; fill in Override to record"
            " another result"
        )
        await fill(pilot, override="chosen by the governance group")
        assert error(pilot) == ""
        assert preview(pilot).startswith(
            "Election.Closed asp-vice-chair-2023: winner=lucrezia-caon"
        )


# --- mandates, succession, memberships -------------------------------------------------------


async def test_a_mandate_is_ended_and_the_office_shows_vacant(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "N",
            office="asp-chair",
            holder="g→",
            end="2024-05-02",
            reason="resigned",
            completed={"holder": "gina-nilo"},
            previews=(
                "Office.MandateEnded asp-chair: number=1, holder=gina-nilo, end=2024-05-02, "
                "reason=resigned"
            ),
        )
        await as_of(pilot, "2024-05-02")
        assert offices(demo_app)["asp-chair"] == "—"


async def test_a_mandate_ending_before_it_started_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await refused_through(
            pilot,
            "N",
            office="asp-chair",
            holder="gina-nilo",
            end="2023-01-01",
            error=starting("end on or before start:").including("would end on 2023-01-01"),
        )
        assert demo_ledger.head_position() == head


async def test_a_succession_shows_every_event_of_the_handover_then_records_it(
    demo_app, demo_ledger
):
    demo_ledger.start_mandate("asp-vice-chair", "manzurul-hoque", date(2023, 7, 1))
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_form(pilot, "S")
        await fill(pilot, office="asp-chair", day="2024-05-02")
        assert error(pilot).startswith("term not complete: gina-nilo's term of asp-chair")
        await fill(pilot, day="2026-05-02")
        assert error(pilot) == ""
        lines = preview(pilot).splitlines()
        assert lines[0] == (
            "Office.MandateEnded asp-chair: number=1, holder=gina-nilo, end=2026-05-02, "
            "reason=term completed (succession)"
        )
        assert any(
            line.startswith("Office.MandateStarted asp-chair:") and "holder=manzurul-hoque" in line
            for line in lines
        )
        assert any(line.startswith("Body.MemberAdded asp-governance-group:") for line in lines)
        assert demo_ledger.head_position() == head
        await press(pilot, "ctrl+s")
        assert demo_ledger.head_position() == head + len(lines)
        await as_of(pilot, "2026-05-02")
        assert offices(demo_app)["asp-chair"] == "F.M. Manzurul Hoque"


async def test_a_member_joins_a_body_then_leaves_it(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await record_through(
            pilot,
            "record: membership",
            body="cesra-tech→",
            member="satira→",
            start="2023-06-01",
            previews=(
                "Body.MemberAdded cesra-technical-committee: number=1, member=satira-udomsri, "
                "start=2023-06-01"
            ),
        )
        await record_through(
            pilot,
            "record: membership end",
            body="cesra-tech→",
            member="s→",
            end="2024-06-01",
            previews=starting(
                "Body.MemberRemoved cesra-technical-committee: number=1, member=satira-udomsri, "
                "end=2024-06-01"
            ),
        )
    [seat] = [
        s
        for b in demo_ledger.governance_on(date(2023, 7, 1)).bodies
        if b.body.body == "cesra-technical-committee"
        for s in b.members
    ]
    assert (seat.member, seat.end) == ("satira-udomsri", date(2024, 6, 1))


# --- corrections -----------------------------------------------------------------------------


async def correction(pilot, name: str) -> None:
    """C, then the correction chosen from the list by moving down to it."""
    await press(pilot, "C")
    chooser = pilot.app.screen
    for _ in range(10):
        option_list = chooser.query_one("#chooser")
        highlighted = option_list.get_option_at_index(option_list.highlighted or 0)
        if str(highlighted.prompt).startswith(name):
            await press(pilot, "enter")
            return
        await press(pilot, "down")
    raise AssertionError(f"no {name!r} among the corrections")


async def test_a_mandate_recorded_with_the_wrong_start_is_corrected(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "correct: mandate")
        assert title(pilot) == "Correct a mandate"
        await fill(pilot, office="gsp-sec→", holder="r→", start="2019-01-01")
        assert error(pilot) == "a reason is required"
        await record(
            pilot,
            reason="in office since 2019",
            previews=(
                "Office.MandateCorrected gsp-secretary: number=1, holder=ronald-vargas, "
                "start=2019-01-01, acting=False, reason=in office since 2019"
            ),
        )
    [tenure] = demo_ledger.holders("gsp-secretary")
    assert tenure.start == date(2019, 1, 1)


async def test_a_correction_that_changes_nothing_is_refused(demo_app, demo_ledger):
    head = demo_ledger.head_position()
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "correct: mandate")
        await refused(
            pilot,
            office="gsp-secretary",
            holder="ronald-vargas",
            reason="checking",
            error=starting("nothing to correct:"),
        )
        assert demo_ledger.head_position() == head


async def test_a_mandate_that_never_was_is_retracted(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "retract: mandate")
        await record(
            pilot,
            office="sealnet→",
            holder="g→",
            reason="recorded by mistake",
            previews=(
                "Office.MandateRetracted sealnet-chair: number=1, holder=gina-nilo, "
                "reason=recorded by mistake"
            ),
        )
        assert offices(demo_app)["sealnet-chair"] == "—"


async def test_a_membership_is_corrected_then_retracted(demo_app, demo_ledger):
    demo_ledger.add_member("cesra-technical-committee", "satira-udomsri", date(2023, 6, 1))
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "correct: membership")
        await record(
            pilot,
            body="cesra-tech→",
            member="s→",
            start="2023-06-15",
            reason="the right day",
            previews=starting(
                "Body.MembershipCorrected cesra-technical-committee: number=1, "
                "member=satira-udomsri, start=2023-06-15"
            ),
        )
        await correction(pilot, "retract: membership")
        await record(
            pilot,
            body="cesra-tech→",
            member="s→",
            reason="never appointed",
            previews=starting("Body.MembershipRetracted cesra-technical-committee:"),
        )
    members = [
        s.member
        for b in demo_ledger.governance_on(date(2023, 7, 1)).bodies
        if b.body.body == "cesra-technical-committee"
        for s in b.members
    ]
    assert members == []


async def test_a_decisions_outcome_is_corrected(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "correct: decision outcome")
        await record(
            pilot,
            decision="ceslab",
            outcome="agreed",
            reason="the report says agreed",
            previews=(
                "Decision.OutcomeCorrected ceslab: outcome=agreed, reason=the report says agreed"
            ),
        )
        await press(pilot, "x")
        status, shown = row_keyed(demo_app, "DataTable#decisions", "ceslab")
        assert status == "agreed"
        assert clipped(shown, demo_ledger.decision("ceslab").title)


async def test_an_attendance_recorded_wrongly_is_retracted(demo_app, demo_ledger):
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await correction(pilot, "retract: attendance")
        await record(
            pilot,
            meeting="asp-viii",
            holder="anna-t→",
            reason="registered, not present",
            previews=(
                "Meeting.AttendanceRetracted asp-viii: holder=anna-tsuchiya, "
                "reason=registered, not present"
            ),
        )
    present = [p.holder for p in demo_ledger.meeting("asp-viii").attendance]
    assert "anna-tsuchiya" not in present


async def test_a_long_form_still_reaches_record_at_80_by_24(demo_app, demo_ledger):
    async with demo_app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await open_form(pilot, "D")
        await fill(
            pilot,
            decision="ninth-meeting-in-person",
            meeting="asp-viii",
            title="The ninth meeting is held in person",
            outcome="noted",
            note="if a host country offers",
        )
        assert error(pilot) == ""
        await to_field(pilot, "form-record")
        await press(pilot, "enter")
        assert demo_app.screen is not None
    assert "ninth-meeting-in-person" in [d.decision for d in demo_ledger.decisions()]
