"""Forms for corrections, never edits: each records a later event that names the wrong entry
and gives a reason, and both stay in the history (`ledger correct …`, `ledger retract …`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.decisions import Outcome
from tui.screens.forms.base import (
    choice_field,
    chosen,
    day_field,
    flag_field,
    handle_field,
    optional_day,
    required,
    text_field,
)
from tui.screens.forms.decisions import DecisionForm
from tui.screens.forms.governance import GovernanceForm

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from textual.app import ComposeResult

    from ledger.core import Receipt

REASON_HINT = "why it was wrong (required, kept in the history)"
STARTED_HINT = "the wrong entry's first day, when there are several"


def _new_span(values: dict[str, Any]) -> tuple[date | None, date | None, bool]:
    start, end = optional_day(values, "start"), optional_day(values, "end")
    reopen = bool(values["reopen"])
    if reopen and end is not None:
        raise ValueError("'not ended' and a new 'until' contradict each other; keep one")
    return start, end, reopen


class CorrectMandateForm(GovernanceForm):
    TITLE = "Correct a mandate"
    DESCRIPTION = "Its right dates, or whether it was acting; fill in only what changes."

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield handle_field("holder", "Holder", "whose mandate", self.holders_of)
        yield day_field("started", "Which", STARTED_HINT)
        yield day_field("start", "Right from", "the right first day")
        yield day_field("end", "Right until", "the right first day no longer held")
        yield flag_field("reopen", "not ended after all")
        yield choice_field(
            "acting",
            "Acting",
            [("acting", "acting"), ("not acting", "not-acting")],
            "unchanged",
        )
        yield text_field("reason", "Reason", REASON_HINT)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        holder = required(values, "holder", "a holder")
        started = optional_day(values, "started")
        start, end, reopen = _new_span(values)
        acting = None if not isinstance(values["acting"], str) else values["acting"] == "acting"
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.correct_mandate(
            office,
            holder,
            reason=reason,
            started=started,
            start=start,
            end=end,
            reopen=reopen,
            acting=acting,
        )


class RetractMandateForm(GovernanceForm):
    TITLE = "Retract a mandate"
    DESCRIPTION = "A mandate that should never have been recorded; it stays in the history."

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield handle_field("holder", "Holder", "whose mandate", self.holders_of)
        yield day_field("started", "Which", STARTED_HINT)
        yield text_field("reason", "Reason", REASON_HINT)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        holder = required(values, "holder", "a holder")
        started = optional_day(values, "started")
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.retract_mandate(office, holder, reason=reason, started=started)


class MembershipCorrectionForm(GovernanceForm):
    def members_and_holders(self) -> list[str]:
        """The body's members first, then anyone: an ended membership may be the wrong one."""
        return self.members_of() + self.lookup(
            "holders", "", lambda: self.ledger.handles("holders")
        )

    def body_and_member(self) -> ComposeResult:
        yield handle_field(
            "body", "Body", "e.g. asp-governance-group", self.ledger.handles("bodies")
        )
        yield handle_field("member", "Member", "whose membership", self.members_and_holders)
        yield day_field("started", "Which", STARTED_HINT)


class CorrectMembershipForm(MembershipCorrectionForm):
    TITLE = "Correct a membership"
    DESCRIPTION = "Its right dates; fill in only what changes."

    def fields(self) -> ComposeResult:
        yield from self.body_and_member()
        yield day_field("start", "Right from", "the right first day")
        yield day_field("end", "Right until", "the right first day no longer a member")
        yield flag_field("reopen", "not ended after all")
        yield text_field("reason", "Reason", REASON_HINT)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        body = required(values, "body", "a body")
        member = required(values, "member", "a member")
        started = optional_day(values, "started")
        start, end, reopen = _new_span(values)
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.correct_membership(
            body, member, reason=reason, started=started, start=start, end=end, reopen=reopen
        )


class RetractMembershipForm(MembershipCorrectionForm):
    TITLE = "Retract a membership"
    DESCRIPTION = "A membership that should never have been recorded; it stays in the history."

    def fields(self) -> ComposeResult:
        yield from self.body_and_member()
        yield text_field("reason", "Reason", REASON_HINT)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        body = required(values, "body", "a body")
        member = required(values, "member", "a member")
        started = optional_day(values, "started")
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.retract_membership(body, member, reason=reason, started=started)


class CorrectDecisionForm(DecisionForm):
    TITLE = "Correct a decision's outcome"
    DESCRIPTION = "The outcome the decision really had; the one recorded stays in the history."

    def fields(self) -> ComposeResult:
        yield handle_field("decision", "Decision", "handle", self.decision_handles)
        yield choice_field(
            "outcome", "Right outcome", [(o.value, o.value) for o in Outcome], "outcome"
        )
        yield text_field("reason", "Reason", REASON_HINT)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "decision", "a decision")
        outcome = Outcome(chosen(values, "outcome", "the right outcome"))
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.correct_decision(handle, outcome, reason=reason)


class RetractAttendanceForm(DecisionForm):
    TITLE = "Retract an attendance"
    DESCRIPTION = "Someone recorded as attending a meeting who did not."

    def fields(self) -> ComposeResult:
        yield handle_field("meeting", "Meeting", "e.g. asp-viii", self.meeting_handles())
        yield handle_field("holder", "Attendee", "who was recorded", self.attendees)
        yield text_field("reason", "Reason", REASON_HINT)

    def attendees(self) -> list[str]:
        meeting = self.field_value("meeting")
        return self.lookup(
            "attendees",
            meeting,
            lambda: [p.holder for p in self.ledger.meeting(meeting).attendance],
        )

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        meeting = required(values, "meeting", "a meeting")
        holder = required(values, "holder", "an attendee")
        reason = required(values, "reason", "a reason")
        return lambda: self.ledger.retract_attendance(meeting, holder, reason=reason)
