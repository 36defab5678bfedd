"""The form for an action item's progress: its status, percentage and a note, on a day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.workplans import Status
from tui.screens.forms.base import (
    RecordForm,
    choice_field,
    chosen,
    day_field,
    handle_field,
    optional,
    required_day,
    text_field,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from ledger.core import Receipt


class UpdateActionForm(RecordForm):
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
