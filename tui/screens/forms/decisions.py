"""Forms for a decision's life: its outcome at a meeting (tabling it when new), the result of
its written procedure, and its being noted at a later meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.decisions import Outcome
from tui.screens.forms.base import (
    RecordForm,
    choice_field,
    chosen,
    day_field,
    flag_field,
    handle_field,
    optional,
    optional_day,
    required,
    required_day,
    text_field,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from ledger.core import Receipt

WRITTEN_PROCEDURE = "written-procedure"

# What a meeting can make of a proposal, in the report's words.
OUTCOMES = [
    ("agreed", Outcome.AGREED.value),
    ("approved", Outcome.APPROVED.value),
    ("rejected", Outcome.REJECTED.value),
    ("noted", Outcome.NOTED.value),
    ("deferred (discussions continue)", Outcome.DEFERRED.value),
    ("to a written procedure (email)", WRITTEN_PROCEDURE),
]


class DecisionForm(RecordForm):
    """Shared completion: decisions, meetings and the agenda of the meeting typed."""

    def decision_handles(self) -> list[str]:
        return self.lookup("decisions", "", lambda: [d.decision for d in self.ledger.decisions()])

    def meeting_handles(self) -> list[str]:
        return self.lookup("meetings", "", lambda: [m.meeting for m in self.ledger.meetings()])

    def agenda_of_meeting(self) -> list[str]:
        meeting = self.field_value("meeting")
        return self.lookup(
            "agenda", meeting, lambda: [a.key for a in self.ledger.meeting(meeting).agenda]
        )


class RecordDecisionForm(DecisionForm):
    TITLE = "Record a decision"
    DESCRIPTION = (
        "Its outcome at a meeting. A new one is tabled first (give its meeting and title); "
        "one tabled before needs only its handle."
    )

    def fields(self) -> ComposeResult:
        yield handle_field(
            "decision", "Decision", "handle, e.g. vice-chair-becomes-chair", self.decision_handles
        )
        yield handle_field("meeting", "Meeting", "e.g. asp-viii", self.meeting_handles())
        yield handle_field("item", "Agenda item", "e.g. governance", self.agenda_of_meeting)
        yield text_field("title", "Title", "what was proposed (for a new decision)")
        yield text_field("text", "Text", "optional: the text proposed")
        yield choice_field("outcome", "Outcome", OUTCOMES, "outcome")
        yield day_field("day", "On", "default: the meeting's day")
        yield day_field("deadline", "Deadline", "written procedure only: when it closes")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "decision", "a decision handle")
        outcome = chosen(values, "outcome", "an outcome")
        day, deadline = optional_day(values, "day"), optional_day(values, "deadline")
        title, meeting, item = (optional(values, k) for k in ("title", "meeting", "item"))
        text, note = optional(values, "text"), optional(values, "note")
        if outcome == WRITTEN_PROCEDURE:
            return lambda: self.ledger.refer_decision(
                handle,
                title=title,
                meeting=meeting,
                item=item,
                day=day,
                deadline=deadline,
                text=text,
                note=note,
            )
        if deadline is not None:
            raise ValueError("a deadline is for a written procedure only; clear it")
        return lambda: self.ledger.record_decision(
            handle,
            Outcome(outcome),
            title=title,
            meeting=meeting,
            item=item,
            day=day,
            text=text,
            note=note,
        )


class EndorseDecisionForm(DecisionForm):
    TITLE = "Record a written procedure's result"
    DESCRIPTION = (
        "A decision sent for review by email: endorsed, or rejected, on the day it closed."
    )

    def fields(self) -> ComposeResult:
        yield handle_field(
            "decision", "Decision", "one in written procedure", self.in_written_procedure()
        )
        yield day_field("day", "On", "the day the procedure closed (YYYY-MM-DD)")
        yield flag_field("rejected", "rejected (not endorsed)")
        yield text_field("note", "Note", "optional")

    def in_written_procedure(self) -> list[str]:
        lives = self.ledger.decisions()
        return [d.decision for d in lives if d.status == "in written procedure"] + [
            d.decision for d in lives if d.status != "in written procedure"
        ]

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "decision", "a decision")
        day = required_day(values, "day")
        return lambda: self.ledger.endorse_decision(
            handle, day=day, endorsed=not values["rejected"], note=optional(values, "note")
        )


class NoteDecisionForm(DecisionForm):
    TITLE = "Record a decision noted at a later meeting"
    DESCRIPTION = "A later meeting took note of a decision taken before."

    def fields(self) -> ComposeResult:
        yield handle_field("decision", "Decision", "handle", self.decision_handles)
        yield handle_field("meeting", "Meeting", "the later meeting", self.meeting_handles())
        yield day_field("day", "On", "default: the meeting's day")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "decision", "a decision")
        meeting = required(values, "meeting", "a meeting")
        day = optional_day(values, "day")
        return lambda: self.ledger.note_decision(
            handle, meeting=meeting, day=day, note=optional(values, "note")
        )
