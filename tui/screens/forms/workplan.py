"""Forms for the work plan: the plans and their action items, each item's owners, due date
and progress (its status, percentage and a note, on a day), and its reopening."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.workplans import Status
from tui.screens.forms.base import (
    RecordForm,
    choice_field,
    chosen,
    day_field,
    flag_field,
    handle_field,
    handle_list,
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


class WorkPlanForm(RecordForm):
    """Completion shared by the work-plan forms."""

    def item_handles(self) -> list[str]:
        return self.lookup(
            "items", "", lambda: [i.item for i in self.ledger.workplan(as_of=date.max)]
        )

    def owner_handles(self) -> list[str]:
        # The CLI's other owners (country:NAME, all-member-countries) are typed in full.
        return self.lookup(
            "owners",
            "",
            lambda: [*self.ledger.handles("holders"), *self.ledger.handles("bodies")],
        )


class AddPlanForm(WorkPlanForm):
    TITLE = "Add a work plan"
    DESCRIPTION = "A plan over a period [from, until), adopted by a decision."

    def fields(self) -> ComposeResult:
        yield text_field("plan", "Handle", "e.g. asp-2025-2026")
        yield text_field("name", "Name", "e.g. ASP work plan 2025-2026")
        yield day_field("start", "From", "first day of its period")
        yield day_field("end", "Until", "first day after its period")
        yield handle_field(
            "adopted_by",
            "Adopted by",
            "optional: the decision",
            self.lookup("decisions", "", lambda: [d.decision for d in self.ledger.decisions()]),
        )

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "plan", "a handle")
        name = required(values, "name", "a name")
        start, end = required_day(values, "start"), required_day(values, "end")
        return lambda: self.ledger.add_plan(
            handle, name, start=start, end=end, adopted_by=optional(values, "adopted_by")
        )


class AddActionForm(WorkPlanForm):
    TITLE = "Add an action item"
    DESCRIPTION = (
        "An item of a work plan or a follow-up list: its owners (a person, institution or "
        "body; country:NAME; all-member-countries), from a day."
    )

    def fields(self) -> ComposeResult:
        yield text_field("item", "Handle", "e.g. wp-soil-atlas")
        yield text_field("title", "Title", "what is to be done")
        yield handle_field(
            "owners",
            "Owners",
            "separated by commas",
            self.completing_last("owners", self.owner_handles),
        )
        yield day_field("day", "On", "the day it was created")
        yield handle_field(
            "plan", "Plan", "optional: its work plan", [p.plan for p in self.ledger.plans()]
        )
        yield handle_field(
            "parent", "Parent", "optional: the item it is a step of", self.item_handles
        )
        yield day_field("due", "Due", "optional (YYYY-MM-DD)")
        yield handle_field(
            "source",
            "Source",
            "optional: the decision or meeting that created it",
            self.lookup(
                "sources",
                "",
                lambda: [
                    *(d.decision for d in self.ledger.decisions()),
                    *(m.meeting for m in self.ledger.meetings()),
                ],
            ),
        )

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "item", "a handle")
        title = required(values, "title", "a title")
        owners = handle_list(values, "owners")
        if not owners:
            raise ValueError("an owner is required")
        day, due = required_day(values, "day"), optional_day(values, "due")
        return lambda: self.ledger.add_action(
            handle,
            title,
            owners=owners,
            day=day,
            plan=optional(values, "plan"),
            parent=optional(values, "parent"),
            due=due,
            source=optional(values, "source"),
        )


class AssignActionForm(WorkPlanForm):
    TITLE = "Assign an action item"
    DESCRIPTION = "Its new owners from a day (they replace the old ones)."

    def fields(self) -> ComposeResult:
        yield handle_field("item", "Action item", "e.g. wp-swsr-2025", self.item_handles)
        yield handle_field(
            "owners",
            "Owners",
            "separated by commas",
            self.completing_last("owners", self.owner_handles),
        )
        yield day_field("day", "On")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        item = required(values, "item", "an action item")
        owners = handle_list(values, "owners")
        if not owners:
            raise ValueError("an owner is required")
        day = required_day(values, "day")
        return lambda: self.ledger.assign_action(
            item, owners, day=day, note=optional(values, "note")
        )


class ActionDueForm(WorkPlanForm):
    TITLE = "Change an action item's due date"
    DESCRIPTION = "A new due date from a day, or none any more."

    def fields(self) -> ComposeResult:
        yield handle_field("item", "Action item", "e.g. wp-swsr-2025", self.item_handles)
        yield day_field("due", "Due", "the new due date")
        yield flag_field("no_due", "no due date any more")
        yield day_field("day", "On")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        item = required(values, "item", "an action item")
        due = optional_day(values, "due")
        if (due is None) == (not values["no_due"]):
            raise ValueError("give either a new due date or tick none")
        day = required_day(values, "day")
        return lambda: self.ledger.set_action_due(item, due, day=day, note=optional(values, "note"))


class ReopenActionForm(WorkPlanForm):
    TITLE = "Reopen an action item"
    DESCRIPTION = "An item that was done or dropped is open again from a day."

    def fields(self) -> ComposeResult:
        yield handle_field("item", "Action item", "e.g. wp-swsr-2025", self.item_handles)
        yield day_field("day", "On")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        item = required(values, "item", "an action item")
        day = required_day(values, "day")
        return lambda: self.ledger.reopen_action(item, day=day, note=optional(values, "note"))


class UpdateActionForm(WorkPlanForm):
    TITLE = "Update an action item"
    DESCRIPTION = "Its status on a day, with its progress and a note."

    def fields(self) -> ComposeResult:
        items = [i.item for i in self.ledger.workplan(as_of=date.max)]
        yield handle_field("item", "Action item", "e.g. wp-swsr-2025", items)
        yield choice_field("status", "Status", [(s.value, s.value) for s in Status], "status")
        yield text_field("progress", "Progress", "0-100, optional")
        yield day_field("day", "On")
        yield text_field("note", "Note", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        day = required_day(values, "day")
        status = chosen(values, "status", "a status")
        progress_text = values["progress"].strip()
        if progress_text and not progress_text.isdigit():
            raise ValueError(f"{progress_text!r} is not a percentage")
        progress = int(progress_text) if progress_text else None
        item = values["item"].strip()
        return lambda: self.ledger.update_action(
            item, Status(status), day=day, progress=progress, note=optional(values, "note")
        )
