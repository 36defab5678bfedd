"""Forms for who holds what: the people, institutions, bodies and offices themselves and
their rules, mandates started and ended, the succession the terms of reference prescribe, and
memberships of bodies."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from domain.holders import HolderKind
from tui.screens.forms.base import (
    RecordForm,
    day_field,
    flag_field,
    handle_field,
    handle_list,
    optional,
    optional_count,
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


class ActingForm(GovernanceForm):
    TITLE = "Someone acts for a holder"
    DESCRIPTION = (
        "While the office's holder is unavailable, the holder of the office its terms of "
        "reference name acts for them (the acting mandate)."
    )

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield day_field("start", "From", "the first day acting (YYYY-MM-DD)")
        yield day_field("until", "Until", "the first day no longer acting, if known")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        start, until = required_day(values, "start"), optional_day(values, "until")
        return lambda: self.ledger.apply_acting(office, start, until)


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


class AddHolderForm(RecordForm):
    """A person or an institution: who can hold offices and sit in bodies."""

    KIND = HolderKind.PERSON

    def fields(self) -> ComposeResult:
        yield text_field("name", "Name", "as the report writes it")
        yield text_field("handle", "Handle", "optional: default from the name")
        yield text_field("country", "Country", "optional: country or organisation")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        name = required(values, "name", "a name")
        return lambda: self.ledger.add_holder(
            name,
            self.KIND,
            handle=optional(values, "handle"),
            country=optional(values, "country"),
        )


class AddPersonForm(AddHolderForm):
    TITLE = "Add a person"
    DESCRIPTION = "Someone who can hold offices and sit in bodies."
    KIND = HolderKind.PERSON


class AddInstitutionForm(AddHolderForm):
    TITLE = "Add an institution"
    DESCRIPTION = "A department or secretariat that can hold offices and sit in bodies."
    KIND = HolderKind.INSTITUTION


class AddBodyForm(RecordForm):
    TITLE = "Add a body"
    DESCRIPTION = "A plenary, governance group, committee or working group."

    def fields(self) -> ComposeResult:
        yield text_field("name", "Name", "e.g. CESRA technical committee")
        yield text_field("handle", "Handle", "optional: default from the name")
        yield text_field("max_members", "Max members", "optional: at most N members")
        yield text_field("term_years", "Term (years)", "optional: members' term")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        name = required(values, "name", "a name")
        max_members = optional_count(values, "max_members", "the most members")
        term_years = optional_count(values, "term_years", "the term")
        return lambda: self.ledger.add_body(
            name, handle=optional(values, "handle"), max_members=max_members, term_years=term_years
        )


class AddOfficeForm(RecordForm):
    TITLE = "Add an office"
    DESCRIPTION = "A Chair, Vice-Chair, Secretariat, director…; its rules are set apart."

    def fields(self) -> ComposeResult:
        yield text_field("name", "Name", "e.g. ASP Chair")
        yield text_field("handle", "Handle", "optional: default from the name")
        yield handle_field(
            "body", "Body", "optional: the body it belongs to", self.ledger.handles("bodies")
        )
        yield text_field("term_years", "Term (years)", "optional: dates the calendar, no cap")
        yield text_field("seats", "Seats", "how many hold it at once (default 1)")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        name = required(values, "name", "a name")
        term_years = optional_count(values, "term_years", "the term")
        seats = optional_count(values, "seats", "the seats") or 1
        return lambda: self.ledger.add_office(
            name,
            handle=optional(values, "handle"),
            body=optional(values, "body"),
            term_years=term_years,
            seats=seats,
        )


class OfficeRulesForm(RecordForm):
    TITLE = "Change an office's rules"
    DESCRIPTION = "Its terms of reference: only the rules filled in change."

    def fields(self) -> ComposeResult:
        offices = self.ledger.handles("offices")
        yield handle_field("office", "Office", "e.g. asp-chair", offices)
        yield text_field("term_years", "Term (years)")
        yield text_field("seats", "Seats")
        yield text_field("role", "Role", "what holding it makes one: national-focal-point")
        yield text_field("eligible_role", "Eligible role", "candidates must hold this role")
        yield handle_field("successor_from", "Successor from", "whose holder takes it", offices)
        yield handle_field(
            "alumni_body",
            "Alumni body",
            "joined on completing a term",
            self.ledger.handles("bodies"),
        )
        yield text_field("alumni_years", "Alumni years", "for how many years")
        yield handle_field("acting_from", "Acting from", "whose holder acts for it", offices)
        yield text_field("basis", "Basis", "the decision behind the change")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        changes: dict[str, Any] = {
            "term_years": optional_count(values, "term_years", "the term"),
            "seats": optional_count(values, "seats", "the seats"),
            "alumni_years": optional_count(values, "alumni_years", "the alumni years"),
        }
        for key in ("role", "eligible_role", "successor_from", "alumni_body", "acting_from"):
            changes[key] = optional(values, key)
        changes = {k: v for k, v in changes.items() if v is not None}
        # The CLI shows the rules when none is given; a form has nothing to record then.
        if not changes:
            raise ValueError("fill in at least one rule to change")
        return lambda: self.ledger.set_office_rules(
            office, basis=optional(values, "basis"), **changes
        )


class BodyRulesForm(RecordForm):
    TITLE = "Change a body's rules"
    DESCRIPTION = "Its size, renewal cycle, meeting cadence and ex-officio seats."

    def fields(self) -> ComposeResult:
        yield handle_field(
            "body", "Body", "e.g. cesra-technical-committee", self.ledger.handles("bodies")
        )
        yield text_field("max_members", "Max members")
        yield text_field("term_years", "Term (years)", "renewal cycle of its members")
        yield text_field("cadence_months", "Cadence", "it meets at least every N months")
        yield handle_field(
            "ex_officio",
            "Ex officio",
            "offices whose holders sit ex officio (replaces the list)",
            self.completing_last("ex_officio", lambda: self.ledger.handles("offices")),
        )
        yield flag_field("no_ex_officio", "no ex-officio seats any more")
        yield text_field("basis", "Basis", "the decision behind the change")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        body = required(values, "body", "a body")
        changes: dict[str, Any] = {
            "max_members": optional_count(values, "max_members", "the most members"),
            "term_years": optional_count(values, "term_years", "the term"),
            "cadence_months": optional_count(values, "cadence_months", "the cadence"),
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        ex_officio = handle_list(values, "ex_officio")
        if ex_officio and values["no_ex_officio"]:
            raise ValueError("give ex-officio offices or tick none, not both")
        if ex_officio or values["no_ex_officio"]:
            changes["ex_officio"] = ex_officio
        if not changes:
            raise ValueError("fill in at least one rule to change")
        return lambda: self.ledger.set_body_rules(body, basis=optional(values, "basis"), **changes)


class AbolishOfficeForm(RecordForm):
    TITLE = "Abolish an office"
    DESCRIPTION = "It no longer exists from the day given; its mandates must have ended by then."

    def fields(self) -> ComposeResult:
        yield handle_field("office", "Office", "e.g. asp-chair", self.ledger.handles("offices"))
        yield day_field("day", "On", "first day it no longer exists (YYYY-MM-DD)")
        yield text_field("basis", "Basis", "the decision that dropped it")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        office = required(values, "office", "an office")
        day = required_day(values, "day")
        return lambda: self.ledger.abolish_office(office, day=day, basis=optional(values, "basis"))
