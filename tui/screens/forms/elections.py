"""Forms for an election's life: its call for candidates opened, candidates nominated and
withdrawn, votes tallied, and its close, which starts the winner's mandate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from tui.screens.forms.base import (
    RecordForm,
    day_field,
    handle_field,
    optional,
    optional_day,
    parse_votes,
    required,
    required_day,
    text_field,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from ledger.core import Receipt


class ElectionForm(RecordForm):
    """Shared completion: the elections still open, and the candidates of the one typed."""

    def open_elections(self) -> list[str]:
        return [e.election for e in self.ledger.elections() if e.closed is None]

    def election_field(self) -> ComposeResult:
        yield handle_field("election", "Election", "an open election", self.open_elections())

    def standing(self) -> list[str]:
        election = self.field_value("election")

        def read() -> list[str]:
            for e in self.ledger.elections():
                if e.election == election:
                    return [c.candidate for c in e.candidates if not c.withdrawn]
            return []

        return self.lookup("standing", election, read)


class OpenElectionForm(ElectionForm):
    TITLE = "Open an election"
    DESCRIPTION = "The call for candidates for an office, open from one day to another."

    def fields(self) -> ComposeResult:
        yield text_field("election", "Election", "a new handle, e.g. asp-chair-2026")
        yield handle_field("office", "Office", "the office filled", self.ledger.handles("offices"))
        yield day_field("opens", "Call opens")
        yield day_field("closes", "Call closes")
        yield text_field("name", "Name", "optional, e.g. Election of the ASP Chair 2026")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        handle = required(values, "election", "a handle for the election")
        office = required(values, "office", "an office")
        opens, closes = required_day(values, "opens"), required_day(values, "closes")
        return lambda: self.ledger.open_election(
            handle, office=office, opens=opens, closes=closes, name=optional(values, "name")
        )


class NominateForm(ElectionForm):
    TITLE = "Nominate a candidate"
    DESCRIPTION = "Checked against the office's eligibility rule (e.g. national focal points)."

    def fields(self) -> ComposeResult:
        yield from self.election_field()
        yield handle_field(
            "candidate", "Candidate", "e.g. gina-nilo", self.ledger.handles("holders")
        )
        yield day_field("day", "On")
        yield text_field("override", "Override", "only for an ineligible candidate: the reason")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        election = required(values, "election", "an election")
        candidate = required(values, "candidate", "a candidate")
        day = required_day(values, "day")
        return lambda: self.ledger.nominate(
            election, candidate, day=day, override=optional(values, "override")
        )


class WithdrawForm(ElectionForm):
    TITLE = "Withdraw a candidate"
    DESCRIPTION = "A candidate no longer stands; the candidacy stays in the history."

    def fields(self) -> ComposeResult:
        yield from self.election_field()
        yield handle_field("candidate", "Candidate", "a standing candidate", self.standing)
        yield day_field("day", "On")
        yield text_field("reason", "Reason", "optional")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        election = required(values, "election", "an election")
        candidate = required(values, "candidate", "a candidate")
        day = required_day(values, "day")
        return lambda: self.ledger.withdraw(
            election, candidate, day=day, reason=optional(values, "reason")
        )


class TallyForm(ElectionForm):
    TITLE = "Tally the votes"
    DESCRIPTION = "The votes each standing candidate received."

    def fields(self) -> ComposeResult:
        yield from self.election_field()
        yield handle_field("votes", "Votes", "gina-nilo=12, lucrezia-caon=5", self.votes_so_far)
        yield day_field("day", "On")

    def votes_so_far(self) -> list[str]:
        """Completes the next candidate's name after those already typed."""
        head, _, _ = self.query_one("#votes", Input).value.rpartition(" ")
        prefix = f"{head} " if head else ""
        return [f"{prefix}{c}=" for c in self.standing()]

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        election = required(values, "election", "an election")
        votes = parse_votes(values["votes"])
        day = required_day(values, "day")
        return lambda: self.ledger.tally(election, votes, day=day)


class CloseElectionForm(ElectionForm):
    TITLE = "Close an election"
    DESCRIPTION = (
        "The winner by simple majority (or unopposed) starts the office's mandate, in one "
        "atomic save with the close."
    )

    def fields(self) -> ComposeResult:
        yield from self.election_field()
        yield day_field("day", "On", "the day of the result (YYYY-MM-DD)")
        yield day_field("start", "Mandate from", "default: the day of the result")
        yield handle_field("winner", "Winner", "only to record another winner", self.standing)
        yield text_field("override", "Override", "with another winner: the reason")

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        election = required(values, "election", "an election")
        day, start = required_day(values, "day"), optional_day(values, "start")
        return lambda: self.ledger.close_election(
            election,
            day=day,
            start=start,
            winner=optional(values, "winner"),
            override=optional(values, "override"),
        )
