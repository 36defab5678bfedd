"""Forms for who holds what: mandates started and ended, the succession the terms of
reference prescribe, and memberships of bodies."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tui.screens.forms.base import (
    RecordForm,
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


class GovernanceForm(RecordForm):
    """Completion shared by the forms on offices and bodies."""

    def holders_of(self) -> list[str]:
        """Who held the office typed, those still holding it first: whom a form ends or
        corrects."""
        office = self.field_value("office")

        def read() -> list[str]:
            tenures = self.ledger.holders(office)
            return [t.holder for t in tenures if t.end is None] + [
                t.holder for t in tenures if t.end is not None
            ]

        return self.lookup("holders-of", office, read)

    def members_of(self) -> list[str]:
        """The members the body typed has now (memberships not yet ended)."""
        body = self.field_value("body")

        def read() -> list[str]:
            governance = self.ledger.governance_on(date.max)
            return [s.member for b in governance.bodies if b.body.body == body for s in b.members]

        return self.lookup("members-of", body, read)


class StartMandateForm(GovernanceForm):
    TITLE = "Start a mandate"
    DESCRIPTION = "A holder takes an office from a day; the office's seats are checked."

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield handle_field("holder", "Holder", "e.g. gina-nilo", self.ledger.handles("holders"))
        yield day_field("start", "From")
        yield day_field("end", "Until", "first day no longer held, if known")
        yield text_field("basis", "Basis", "the election or decision")
        yield flag_field("acting", "acting (standing in for the holder)")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        start, end = required_day(values, "start"), optional_day(values, "end")
        office = required(values, "office", "an office")
        holder = required(values, "holder", "a holder")
        return lambda: self.ledger.start_mandate(
            office,
            holder,
            start,
            end=end,
            acting=bool(values["acting"]),
            basis=optional(values, "basis"),
        )


class EndMandateForm(GovernanceForm):
    TITLE = "End a mandate"
    DESCRIPTION = "The holder no longer holds the office from the day given (its first day out)."

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield handle_field("holder", "Holder", "who holds it", self.holders_of)
        yield day_field("end", "On", "first day no longer held (YYYY-MM-DD)")
        yield text_field("reason", "Reason", "optional: resigned, term completed…")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        holder = required(values, "holder", "a holder")
        end = required_day(values, "end")
        return lambda: self.ledger.end_mandate(
            office, holder, end, reason=optional(values, "reason")
        )


class SuccessionForm(GovernanceForm):
    TITLE = "Apply a succession"
    DESCRIPTION = (
        "Everything the office's terms of reference prescribe for a handover on the day "
        "(the successor takes over, the former holder joins a body…), in one atomic save."
    )

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield day_field("day", "On", "the day of the handover (YYYY-MM-DD)")
        yield text_field("override", "Override", "only to deviate from a rule: the reason")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        day = required_day(values, "day")
        return lambda: self.ledger.apply_succession(office, day, optional(values, "override"))


class AddMemberForm(GovernanceForm):
    TITLE = "Add a member to a body"
    DESCRIPTION = "A person or institution sits on a body from a day; its size limit is checked."

    def fields(self) -> ComposeResult:
        yield handle_field(
            "body", "Body", "e.g. asp-governance-group", self.ledger.handles("bodies")
        )
        yield handle_field("member", "Member", "e.g. gina-nilo", self.ledger.handles("holders"))
        yield day_field("start", "From")
        yield day_field("end", "Until", "first day no longer a member, if known")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        body = required(values, "body", "a body")
        member = required(values, "member", "a member")
        start, end = required_day(values, "start"), optional_day(values, "end")
        return lambda: self.ledger.add_member(body, member, start, end=end)


class RemoveMemberForm(GovernanceForm):
    TITLE = "End a membership"
    DESCRIPTION = "The member leaves the body from the day given (its first day out)."

    def fields(self) -> ComposeResult:
        yield handle_field(
            "body", "Body", "e.g. asp-governance-group", self.ledger.handles("bodies")
        )
        yield handle_field("member", "Member", "a current member", self.members_of)
        yield day_field("end", "On", "first day no longer a member (YYYY-MM-DD)")
        yield text_field("reason", "Reason", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        body = required(values, "body", "a body")
        member = required(values, "member", "a member")
        end = required_day(values, "end")
        return lambda: self.ledger.remove_member(
            body, member, end, reason=optional(values, "reason")
        )
