"""Recording forms, one for every command a secretariat records, and the registry the app
opens them from (a key, or the command palette: `record: decision`, `correct: mandate`)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.screens.forms.base import RecordForm
from tui.screens.forms.corrections import (
    CorrectDecisionForm,
    CorrectMandateForm,
    CorrectMembershipForm,
    RetractAttendanceForm,
    RetractMandateForm,
    RetractMembershipForm,
)
from tui.screens.forms.decisions import EndorseDecisionForm, NoteDecisionForm, RecordDecisionForm
from tui.screens.forms.elections import (
    CloseElectionForm,
    NominateForm,
    OpenElectionForm,
    TallyForm,
    WithdrawForm,
)
from tui.screens.forms.governance import (
    AbolishOfficeForm,
    ActingForm,
    AddBodyForm,
    AddInstitutionForm,
    AddMemberForm,
    AddOfficeForm,
    AddPersonForm,
    BodyRulesForm,
    EndMandateForm,
    OfficeRulesForm,
    RemoveMemberForm,
    StartMandateForm,
    SuccessionForm,
)
from tui.screens.forms.meetings import AddAgendaItemForm, AddMeetingForm, AttendForm
from tui.screens.forms.workplan import (
    ActionDueForm,
    AddActionForm,
    AddPlanForm,
    AssignActionForm,
    ReopenActionForm,
    UpdateActionForm,
)

__all__ = ["FORMS", "Form", "RecordForm"]


@dataclass(frozen=True)
class Form:
    form: type[RecordForm]
    command: str  # as the command palette lists it
    help: str


# The order is the command palette's when nothing is typed yet: the most used first.
FORMS: dict[str, Form] = {
    "decision": Form(
        RecordDecisionForm, "record: decision", "A decision's outcome at a meeting (D)"
    ),
    "mandate": Form(StartMandateForm, "record: mandate", "Start a mandate (n)"),
    "mandate-end": Form(EndMandateForm, "record: mandate end", "End a mandate (N)"),
    "action": Form(
        UpdateActionForm, "record: action item update", "Update an action item's status (u)"
    ),
    "election-open": Form(OpenElectionForm, "record: election open", "Open a call (o)"),
    "election-nominate": Form(NominateForm, "record: election candidate", "Nominate a candidate"),
    "election-withdraw": Form(WithdrawForm, "record: election withdrawal", "A candidate withdraws"),
    "election-tally": Form(TallyForm, "record: election tally", "The votes each candidate won"),
    "election-close": Form(
        CloseElectionForm, "record: election close", "The result; the winner's mandate starts (c)"
    ),
    "succession": Form(
        SuccessionForm, "record: succession", "The handover the terms of reference prescribe (S)"
    ),
    "acting": Form(
        ActingForm,
        "record: acting",
        "The office's holder is unavailable: the one its rules name acts",
    ),
    "decision-endorsed": Form(
        EndorseDecisionForm,
        "record: written procedure result",
        "A decision endorsed or rejected by email",
    ),
    "decision-noted": Form(
        NoteDecisionForm, "record: decision noted", "A later meeting took note of a decision"
    ),
    "membership": Form(AddMemberForm, "record: membership", "Add a member to a body"),
    "membership-end": Form(RemoveMemberForm, "record: membership end", "A member leaves a body"),
    "correct-mandate": Form(
        CorrectMandateForm, "correct: mandate", "A mandate's dates, or whether it was acting"
    ),
    "retract-mandate": Form(
        RetractMandateForm, "retract: mandate", "A mandate recorded by mistake"
    ),
    "correct-membership": Form(
        CorrectMembershipForm, "correct: membership", "A membership's dates"
    ),
    "retract-membership": Form(
        RetractMembershipForm,
        "retract: membership",
        "A membership recorded by mistake",
    ),
    "correct-decision": Form(
        CorrectDecisionForm, "correct: decision outcome", "The outcome a decision really had"
    ),
    "retract-attendance": Form(
        RetractAttendanceForm, "retract: attendance", "Someone recorded as attending who did not"
    ),
    # What the ledger is first told about: rarer than the above once a partnership is set up.
    "meeting": Form(AddMeetingForm, "record: meeting", "A meeting on a day"),
    "agenda-item": Form(AddAgendaItemForm, "record: agenda item", "An item of a meeting's agenda"),
    "attendance": Form(AttendForm, "record: attendance", "Someone attended a meeting"),
    "action-add": Form(AddActionForm, "record: action item", "A new action item and its owners"),
    "action-assign": Form(
        AssignActionForm, "record: action item owners", "Give an action item new owners"
    ),
    "action-due": Form(
        ActionDueForm, "record: action item due date", "Give an action item a new due date"
    ),
    "action-reopen": Form(
        ReopenActionForm, "record: action item reopened", "An item done or dropped is open again"
    ),
    "plan": Form(AddPlanForm, "record: work plan", "A work plan over its period"),
    "person": Form(AddPersonForm, "record: person", "Someone who holds offices or sits in bodies"),
    "institution": Form(
        AddInstitutionForm, "record: institution", "An institution that holds offices"
    ),
    "body": Form(AddBodyForm, "record: body", "A plenary, group, committee or working group"),
    "office": Form(AddOfficeForm, "record: office", "A Chair, Vice-Chair, Secretariat…"),
    "office-rules": Form(
        OfficeRulesForm, "record: office rules", "An office's terms of reference change"
    ),
    "body-rules": Form(BodyRulesForm, "record: body rules", "A body's rules change"),
    "office-abolish": Form(AbolishOfficeForm, "abolish: office", "An office no longer exists"),
}
