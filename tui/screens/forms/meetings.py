"""Forms for a meeting itself: the meeting, the items of its agenda, and who attended."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.meetings import Capacity, Mode
from tui.screens.forms.base import (
    RecordForm,
    choice_field,
    chosen,
    day_field,
    handle_field,
    handle_list,
    optional,
    optional_count,
    required,
    required_day,
    text_field,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from ledger.core import Receipt


class MeetingForm(RecordForm):
    def meeting_handles(self) -> list[str]:
        return self.lookup("meetings", "", lambda: [m.meeting for m in self.ledger.meetings()])


class AddMeetingForm(MeetingForm):
    TITLE = "Add a meeting"
    DESCRIPTION = "A meeting on a day; its agenda and attendance are recorded after it."

    def fields(self) -> ComposeResult:
        yield text_field("meeting", "Handle", "e.g. asp-ix")
        yield text_field("name", "Name", "e.g. Ninth meeting of the ASP")
        yield day_field("day", "On")
        yield text_field("number", "Number", "optional: its number in the series")
        yield choice_field("mode", "Mode", [(m.value, m.value) for m in Mode], "mode")
        yield handle_field(
            "body", "Body", "optional: the body that met", self.ledger.handles("bodies")
        )
        yield text_field("venue", "Venue", "optional: the venue or platform")
        yield text_field("hours", "Hours", "optional: e.g. 10:00-13:00 GMT+7")
        yield text_field("registered", "Registered", "optional: how many registered")
        yield text_field("attending", "Attending", "optional: how many attended")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "meeting", "a handle")
        name = required(values, "name", "a name")
        day = required_day(values, "day")
        mode = chosen(values, "mode", "a mode")
        number = optional_count(values, "number", "the number")
        registered = optional_count(values, "registered", "the registered", least=0)
        attending = optional_count(values, "attending", "the attending", least=0)
        return lambda: self.ledger.add_meeting(
            handle,
            name,
            day,
            mode=Mode(mode),
            body=optional(values, "body"),
            number=number,
            venue=optional(values, "venue"),
            hours=optional(values, "hours"),
            registered=registered,
            attending=attending,
        )


class AddAgendaItemForm(MeetingForm):
    TITLE = "Add an agenda item"
    DESCRIPTION = "An item of a meeting's agenda, under a short key decisions are recorded by."

    def fields(self) -> ComposeResult:
        holders = self.ledger.handles("holders")
        yield handle_field("meeting", "Meeting", "e.g. asp-viii", self.meeting_handles())
        yield text_field("item", "Item", "a short key, e.g. governance")
        yield text_field("title", "Title", "as the agenda gives it")
        yield text_field("time", "Time", "optional: e.g. 10:00-10:10")
        yield handle_field(
            "presenters",
            "Presenters",
            "optional: who presents, separated by commas",
            self.completing_last("presenters", lambda: holders),
        )
        yield handle_field("moderator", "Moderator", "optional", holders)

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        meeting = required(values, "meeting", "a meeting")
        key = required(values, "item", "an item key")
        title = required(values, "title", "a title")
        return lambda: self.ledger.add_agenda_item(
            meeting,
            key,
            title,
            time=optional(values, "time"),
            presenters=handle_list(values, "presenters"),
            moderator=optional(values, "moderator"),
        )


class AttendForm(MeetingForm):
    TITLE = "Record an attendance"
    DESCRIPTION = "Someone attended a meeting, in a capacity."

    def fields(self) -> ComposeResult:
        yield handle_field("meeting", "Meeting", "e.g. asp-viii", self.meeting_handles())
        yield handle_field("holder", "Who", "e.g. gina-nilo", self.ledger.handles("holders"))
        yield choice_field(
            "capacity", "Capacity", [(c.value, c.value) for c in Capacity], "capacity"
        )
        yield text_field("affiliation", "Affiliation", "optional: country or organisation")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        meeting = required(values, "meeting", "a meeting")
        holder = required(values, "holder", "who attended")
        capacity = chosen(values, "capacity", "a capacity")
        return lambda: self.ledger.attend(
            meeting, holder, Capacity(capacity), affiliation=optional(values, "affiliation")
        )
