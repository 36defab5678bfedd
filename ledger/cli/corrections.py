"""Corrections, never edits: `ledger correct …` and `ledger retract …` record a later event
that names the wrong entry and says why; both stay in the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ledger.cli.base import DAY, TEXT, Session, _recorded, cli, pass_session

if TYPE_CHECKING:
    from datetime import date


@cli.group()
def correct() -> None:
    """Correct an entry recorded wrongly (the first record stays in the history)."""


@cli.group()
def retract() -> None:
    """Withdraw an entry that should never have been recorded (it stays in the history)."""


STARTED = click.option(
    "--started", type=DAY, help="The start of the entry meant, when there are several."
)
REASON = click.option("--reason", type=TEXT, required=True, metavar="TEXT", help="Why (required).")
NEW_FROM = click.option("--from", "start", type=DAY, help="The right first day.")
NEW_UNTIL = click.option("--until", "end", type=DAY, help="The right first day no longer held.")
REOPEN = click.option("--open", "reopen", is_flag=True, help="It has not ended after all.")


@correct.command("mandate")
@click.argument("office", metavar="OFFICE")
@click.argument("holder", metavar="HOLDER")
@STARTED
@NEW_FROM
@NEW_UNTIL
@REOPEN
@click.option("--acting/--not-acting", default=None, help="Whether it was an acting mandate.")
@REASON
@pass_session
def correct_mandate(
    session: Session,
    office: str,
    holder: str,
    started: date | None,
    start: date | None,
    end: date | None,
    reopen: bool,
    acting: bool | None,
    reason: str,
) -> None:
    """Correct HOLDER's mandate of OFFICE: its dates or whether it was acting."""
    if reopen and end is not None:
        raise click.UsageError("--open and --until contradict each other")
    r = session.open().correct_mandate(
        office,
        holder,
        reason=reason,
        started=started,
        start=start,
        end=end,
        reopen=reopen,
        acting=acting,
    )
    _recorded(r, f"{office}: corrected {holder}'s mandate")


@retract.command("mandate")
@click.argument("office", metavar="OFFICE")
@click.argument("holder", metavar="HOLDER")
@STARTED
@REASON
@pass_session
def retract_mandate(
    session: Session, office: str, holder: str, started: date | None, reason: str
) -> None:
    """Retract HOLDER's mandate of OFFICE entirely."""
    r = session.open().retract_mandate(office, holder, reason=reason, started=started)
    _recorded(r, f"{office}: retracted {holder}'s mandate")


@correct.command("member")
@click.argument("body", metavar="BODY")
@click.argument("holder", metavar="HOLDER")
@STARTED
@NEW_FROM
@NEW_UNTIL
@REOPEN
@REASON
@pass_session
def correct_member(
    session: Session,
    body: str,
    holder: str,
    started: date | None,
    start: date | None,
    end: date | None,
    reopen: bool,
    reason: str,
) -> None:
    """Correct the dates of HOLDER's membership of BODY."""
    if reopen and end is not None:
        raise click.UsageError("--open and --until contradict each other")
    r = session.open().correct_membership(
        body, holder, reason=reason, started=started, start=start, end=end, reopen=reopen
    )
    _recorded(r, f"{body}: corrected {holder}'s membership")


@retract.command("member")
@click.argument("body", metavar="BODY")
@click.argument("holder", metavar="HOLDER")
@STARTED
@REASON
@pass_session
def retract_member(
    session: Session, body: str, holder: str, started: date | None, reason: str
) -> None:
    """Retract HOLDER's membership of BODY entirely."""
    r = session.open().retract_membership(body, holder, reason=reason, started=started)
    _recorded(r, f"{body}: retracted {holder}'s membership")


@correct.command("decision")
@click.argument("decision", metavar="DECISION")
@click.option(
    "--outcome",
    type=click.Choice(["agreed", "approved", "rejected", "noted", "deferred"]),
    required=True,
    help="The outcome it really had.",
)
@REASON
@pass_session
def correct_decision(session: Session, decision: str, outcome: str, reason: str) -> None:
    """Correct the outcome recorded for DECISION."""
    from domain.decisions import Outcome

    r = session.open().correct_decision(decision, Outcome(outcome), reason=reason)
    _recorded(r, f"{decision}: outcome corrected to {outcome}")


@retract.command("attendance")
@click.argument("meeting", metavar="MEETING")
@click.argument("holder", metavar="HOLDER")
@REASON
@pass_session
def retract_attendance(session: Session, meeting: str, holder: str, reason: str) -> None:
    """Retract HOLDER's attendance line at MEETING."""
    r = session.open().retract_attendance(meeting, holder, reason=reason)
    _recorded(r, f"{meeting}: retracted {holder}'s attendance")
