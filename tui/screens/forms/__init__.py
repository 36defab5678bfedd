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
    AddMemberForm,
    EndMandateForm,
    RemoveMemberForm,
    StartMandateForm,
    SuccessionForm,
)
from tui.screens.forms.workplan import UpdateActionForm

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
}
