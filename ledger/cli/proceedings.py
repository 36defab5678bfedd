"""Meetings, decisions and elections, in the contract's style."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from domain.decisions import Outcome
from domain.meetings import Capacity, Mode
from ledger import output
from ledger.cli.base import AS_OF, DAY, KNOWN_AT, TEXT, Session, _recorded, cli, pass_session

if TYPE_CHECKING:
    from datetime import date, datetime

    from projections.proceedings import DecisionLife, ElectionRecord, MeetingRecord

F = TypeVar("F", bound=Callable[..., Any])

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


@cli.group()
def meeting() -> None:
    """Meetings: their agenda and attendance."""


@meeting.command("add")
@click.argument("handle", metavar="HANDLE")
@click.argument("name")
@click.option("--date", "day", type=DAY, required=True, help="The day of the meeting.")
@click.option("--number", type=click.IntRange(min=1), help="Its number in the series (8).")
@click.option(
    "--mode", type=click.Choice([m.value for m in Mode]), default="in-person", show_default=True
)
@click.option("--venue", type=TEXT, metavar="TEXT", help="The venue or platform (Zoom).")
@click.option("--hours", type=TEXT, metavar="TEXT", help="When (10:00-13:00 GMT+7).")
@click.option("--registered", type=click.IntRange(min=0), help="How many registered.")
@click.option("--attending", type=click.IntRange(min=0), help="How many attended.")
@click.option("--body", "body_", metavar="H", help="The body that met.")
@pass_session
def meeting_add(
    session: Session,
    handle: str,
    name: str,
    day: date,
    number: int | None,
    mode: str,
    venue: str | None,
    hours: str | None,
    registered: int | None,
    attending: int | None,
    body_: str | None,
) -> None:
    """Record a meeting."""
    r = session.open().add_meeting(
        handle,
        name,
        day,
        mode=Mode(mode),
        body=body_,
        number=number,
        venue=venue,
        hours=hours,
        registered=registered,
        attending=attending,
    )
    _recorded(r, f"added meeting {handle} on {day.isoformat()}")


@meeting.command("agenda")
@click.argument("meeting_handle", metavar="MEETING")
@click.argument("key", metavar="ITEM")
@click.argument("title")
@click.option("--time", type=TEXT, metavar="TEXT", help="When (10:00-10:10).")
@click.option("--presenter", "presenters", multiple=True, metavar="H", help="Who presents.")
@click.option("--moderator", metavar="H", help="Who moderates.")
@pass_session
def meeting_agenda(
    session: Session,
    meeting_handle: str,
    key: str,
    title: str,
    time: str | None,
    presenters: tuple[str, ...],
    moderator: str | None,
) -> None:
    """Add agenda ITEM (a short key such as `governance`) to MEETING."""
    r = session.open().add_agenda_item(
        meeting_handle, key, title, time=time, presenters=presenters, moderator=moderator
    )
    _recorded(r, f"{meeting_handle}: agenda item {key}")


@meeting.command("attend")
@click.argument("meeting_handle", metavar="MEETING")
@click.argument("holder", metavar="HOLDER")
@click.option(
    "--capacity",
    type=click.Choice([c.value for c in Capacity]),
    default="participant",
    show_default=True,
)
@click.option("--affiliation", type=TEXT, metavar="TEXT", help="Country or organisation.")
@pass_session
def meeting_attend(
    session: Session, meeting_handle: str, holder: str, capacity: str, affiliation: str | None
) -> None:
    """Record that HOLDER attended MEETING."""
    r = session.open().attend(meeting_handle, holder, Capacity(capacity), affiliation=affiliation)
    _recorded(r, f"{meeting_handle}: {holder} attended")


@meeting.command("show")
@click.argument("meeting_handle", metavar="MEETING")
@KNOWN_AT
@FORMAT
@pass_session
def meeting_show(
    session: Session, meeting_handle: str, known_at: int | datetime | None, fmt: str
) -> None:
    """A meeting with its agenda, attendance and the decisions taken."""
    record = session.open().meeting(meeting_handle, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.plain(record)))
    else:
        click.echo(meeting_text(record))


@cli.command()
@KNOWN_AT
@FORMAT
@pass_session
def meetings(session: Session, known_at: int | datetime | None, fmt: str) -> None:
    """Every meeting, in date order."""
    records = session.open().meetings(known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps([output.plain(r) for r in records]))
        return
    rows = [
        [
            r.meeting,
            r.day,
            r.name,
            r.mode,
            f"{r.attending or len(r.attendance)}"
            f"/{r.registered if r.registered is not None else '?'}",
            len(r.decisions),
        ]
        for r in records
    ]
    headers = ("meeting", "date", "name", "mode", "attended", "decisions")
    click.echo(output.table(headers, rows) if rows else "no meetings recorded")


def meeting_text(m: MeetingRecord) -> str:
    attended = m.attending if m.attending is not None else len(m.attendance)
    of = f" of {m.registered} registered" if m.registered is not None else ""
    lines = [
        f"{m.name} ({m.meeting})",
        f"{m.day.isoformat()} · {m.mode}"
        + (f" · {m.venue}" if m.venue else "")
        + (f" · {m.hours}" if m.hours else ""),
        f"Attended by {attended}{of}; {len(m.attendance)} named participants",
        "",
        "Agenda",
    ]
    agenda = [[a.key, a.time, a.title, ", ".join(a.presenters), a.moderator] for a in m.agenda]
    lines.append(
        output.table(("item", "time", "title", "presenters", "moderator"), agenda, indent="  ")
        if agenda
        else "  none recorded"
    )
    lines += ["", "Decisions"]
    lines.append(decisions_table(m.decisions, indent="  ") if m.decisions else "  none recorded")
    lines += ["", "Participants"]
    people = [[p.holder, p.name, p.capacity, p.affiliation or p.country] for p in m.attendance]
    lines.append(
        output.table(("holder", "name", "capacity", "from"), people, indent="  ")
        if people
        else "  none recorded"
    )
    return "\n".join(lines)


_PENDING = {"tabled", "deferred", "sent to written procedure"}


def status_since(d: DecisionLife) -> date | None:
    """The day the decision reached its status: a later meeting noting it changes nothing."""
    since, settled = None, False
    for step in d.steps:
        if step.what == "noted" and settled:
            continue  # noted at a later meeting
        since, settled = step.day or since, step.what not in _PENDING
    return since


def decisions_table(decisions: list[DecisionLife], *, indent: str = "") -> str:
    rows = [[d.decision, d.item, d.status, status_since(d), d.title] for d in decisions]
    return output.table(("decision", "item", "status", "since", "title"), rows, indent=indent)


def steps_table(decisions: list[DecisionLife]) -> str:
    """Every step of each decision with its venue: a meeting, or the written procedure and
    its deadline."""
    rows = [
        [
            d.decision,
            step.day,
            step.what,
            f"{step.venue} (deadline {d.deadline.isoformat()})"
            if step.what == "sent to written procedure" and d.deadline
            else step.venue,
            step.note,
        ]
        for d in decisions
        for step in d.steps
    ]
    return output.table(("decision", "day", "step", "venue", "note"), rows, indent="  ")


@cli.group()
def decision() -> None:
    """Decisions and their life across venues."""


def _table_options(f: F) -> F:
    for option in reversed(
        [
            click.option("--title", metavar="TEXT", help="What was proposed (tables it if new)."),
            click.option("--meeting", "meeting_handle", metavar="M", help="Where it was tabled."),
            click.option("--item", metavar="ITEM", help="The agenda item it came under."),
            click.option("--on", "day", type=DAY, help="The day (default: the meeting's)."),
            click.option("--text", type=TEXT, metavar="TEXT", help="The text proposed."),
            click.option("--note", type=TEXT, metavar="TEXT", help="A note on this step."),
        ]
    ):
        f = option(f)
    return f


@decision.command("record")
@click.argument("handle", metavar="DECISION")
@click.option(
    "--outcome", type=click.Choice(["agreed", "approved", "rejected", "noted"]), required=True
)
@_table_options
@pass_session
def decision_record(
    session: Session,
    handle: str,
    outcome: str,
    title: str | None,
    meeting_handle: str | None,
    item: str | None,
    day: date | None,
    text: str | None,
    note: str | None,
) -> None:
    """Record a decision's outcome at a meeting (tabling it first if it is new)."""
    r = session.open().record_decision(
        handle,
        Outcome(outcome),
        title=title,
        meeting=meeting_handle,
        item=item,
        day=day,
        text=text,
        note=note,
    )
    _recorded(r, f"{handle}: {outcome}")


@decision.command("defer")
@click.argument("handle", metavar="DECISION")
@_table_options
@pass_session
def decision_defer(
    session: Session,
    handle: str,
    title: str | None,
    meeting_handle: str | None,
    item: str | None,
    day: date | None,
    text: str | None,
    note: str | None,
) -> None:
    """Defer a decision ("discussions will continue offline")."""
    r = session.open().record_decision(
        handle,
        Outcome.DEFERRED,
        title=title,
        meeting=meeting_handle,
        item=item,
        day=day,
        text=text,
        note=note,
    )
    _recorded(r, f"{handle}: deferred")


@decision.command("refer")
@click.argument("handle", metavar="DECISION")
@click.option("--deadline", type=DAY, help="When the written procedure closes.")
@_table_options
@pass_session
def decision_refer(
    session: Session,
    handle: str,
    deadline: date | None,
    title: str | None,
    meeting_handle: str | None,
    item: str | None,
    day: date | None,
    text: str | None,
    note: str | None,
) -> None:
    """Send a decision to a written procedure (reviewed and endorsed by email)."""
    r = session.open().refer_decision(
        handle,
        title=title,
        meeting=meeting_handle,
        item=item,
        day=day,
        deadline=deadline,
        text=text,
        note=note,
    )
    _recorded(r, f"{handle}: sent to written procedure")


@decision.command("endorse")
@click.argument("handle", metavar="DECISION")
@click.option("--on", "day", type=DAY, required=True, help="The day the procedure closed.")
@click.option("--rejected", is_flag=True, help="The written procedure rejected it.")
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def decision_endorse(
    session: Session, handle: str, day: date, rejected: bool, note: str | None
) -> None:
    """Record the result of a decision's written procedure."""
    r = session.open().endorse_decision(handle, day=day, endorsed=not rejected, note=note)
    _recorded(r, f"{handle}: {'rejected' if rejected else 'endorsed'} by written procedure")


@decision.command("note")
@click.argument("handle", metavar="DECISION")
@click.option("--meeting", "meeting_handle", metavar="M", required=True)
@click.option("--on", "day", type=DAY, help="The day (default: the meeting's).")
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def decision_note(
    session: Session, handle: str, meeting_handle: str, day: date | None, note: str | None
) -> None:
    """Record that a later meeting noted a decision."""
    r = session.open().note_decision(handle, meeting=meeting_handle, day=day, note=note)
    _recorded(r, f"{handle}: noted at {meeting_handle}")


@cli.command()
@click.option(
    "--meeting",
    "meeting_handle",
    metavar="M",
    help="Only those tabled at M or taken up there later.",
)
@AS_OF
@KNOWN_AT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@pass_session
def decisions(
    session: Session,
    meeting_handle: str | None,
    as_of: date | None,
    known_at: int | datetime | None,
    fmt: str,
) -> None:
    """The decision register: each decision with its status and every step of its life."""
    lives = session.open().decisions(meeting=meeting_handle, as_of=as_of, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps([output.plain(d) for d in lives]))
    elif fmt == "csv":
        click.echo(
            output.csv_text(
                ("decision", "meeting", "item", "status", "title"),
                [[d.decision, d.meeting, d.item, d.status, d.title] for d in lives],
            )
        )
    else:
        click.echo(
            f"{decisions_table(lives)}\n\nSteps\n{steps_table(lives)}"
            if lives
            else "no decisions recorded"
        )


@cli.group()
def election() -> None:
    """Elections: call for candidates, nominations, tally, result."""


@election.command("open")
@click.argument("handle", metavar="ELECTION")
@click.option("--office", required=True, metavar="O", help="The office being filled.")
@click.option("--opens", type=DAY, required=True, help="The call for candidates opens.")
@click.option("--closes", type=DAY, required=True, help="The call for candidates closes.")
@click.option("--name", metavar="TEXT")
@pass_session
def election_open(
    session: Session, handle: str, office: str, opens: date, closes: date, name: str | None
) -> None:
    """Open an election (its call for candidates) for OFFICE."""
    r = session.open().open_election(handle, office=office, opens=opens, closes=closes, name=name)
    _recorded(r, f"opened election {handle} for {office}")


OVERRIDE = click.option(
    "--override",
    type=TEXT,
    metavar="REASON",
    help="Deviate from the terms of reference, for this recorded reason.",
)


@election.command("nominate")
@click.argument("handle", metavar="ELECTION")
@click.argument("candidate", metavar="CANDIDATE")
@click.option("--on", "day", type=DAY, required=True)
@OVERRIDE
@pass_session
def election_nominate(
    session: Session, handle: str, candidate: str, day: date, override: str | None
) -> None:
    """Nominate CANDIDATE (checked against the office's eligibility rule)."""
    r = session.open().nominate(handle, candidate, day=day, override=override)
    _recorded(r, f"{handle}: {candidate} is a candidate")


@election.command("withdraw")
@click.argument("handle", metavar="ELECTION")
@click.argument("candidate", metavar="CANDIDATE")
@click.option("--on", "day", type=DAY, required=True)
@click.option("--reason", type=TEXT, metavar="TEXT")
@pass_session
def election_withdraw(
    session: Session, handle: str, candidate: str, day: date, reason: str | None
) -> None:
    """Record CANDIDATE's withdrawal."""
    r = session.open().withdraw(handle, candidate, day=day, reason=reason)
    _recorded(r, f"{handle}: {candidate} withdrew")


class Votes(click.ParamType[tuple[str, int], Any]):
    name = "CANDIDATE=VOTES"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, int]:
        m = re.fullmatch(r"\s*([a-z0-9][a-z0-9-]*)\s*=\s*(\d+)\s*", str(value))
        if m is None:
            self.fail(f"{value!r} is not CANDIDATE=VOTES (e.g. gina-nilo=12)")
        return m.group(1), int(m.group(2))


@election.command("tally")
@click.argument("handle", metavar="ELECTION")
@click.argument("votes", nargs=-1, required=True, type=Votes())
@click.option("--on", "day", type=DAY, required=True)
@pass_session
def election_tally(
    session: Session, handle: str, votes: tuple[tuple[str, int], ...], day: date
) -> None:
    """Record the votes: CANDIDATE=VOTES for each candidate."""
    r = session.open().tally(handle, dict(votes), day=day)
    _recorded(r, f"{handle}: tallied {', '.join(f'{c} {n}' for c, n in votes)}")


@election.command("close")
@click.argument("handle", metavar="ELECTION")
@click.option("--on", "day", type=DAY, required=True, help="The day of the result.")
@click.option("--from", "start", type=DAY, help="The winner's first day (default: --on).")
@click.option("--winner", metavar="H", help="Record another winner (needs --override).")
@OVERRIDE
@pass_session
def election_close(
    session: Session,
    handle: str,
    day: date,
    start: date | None,
    winner: str | None,
    override: str | None,
) -> None:
    """Close the election: the winner by simple majority starts their mandate."""
    r = session.open().close_election(
        handle, day=day, start=start, winner=winner, override=override
    )
    elected = r.events[0].winner
    _recorded(r, f"{handle}: {elected} elected, mandate from {(start or day).isoformat()}")


@cli.command()
@KNOWN_AT
@FORMAT
@pass_session
def elections(session: Session, known_at: int | datetime | None, fmt: str) -> None:
    """Open and past elections with candidates, tallies and results."""
    records = session.open().elections(known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps([output.plain(r) for r in records]))
        return
    click.echo("\n\n".join(election_text(r) for r in records) or "no elections recorded")


def election_text(e: ElectionRecord) -> str:
    result = (
        f"{e.winner} elected on {e.closed.isoformat()} ({e.method})"
        if e.closed and e.winner
        else "open"
    )
    head = (
        f"{e.election}: {e.name} — {e.office}; call {e.opens.isoformat()} to "
        f"{e.closes.isoformat()}; {result}"
    )
    rows = [
        [c.candidate, c.name, c.nominated, c.votes, "withdrawn" if c.withdrawn else "", c.override]
        for c in e.candidates
    ]
    body = (
        output.table(("candidate", "name", "nominated", "votes", "", "override"), rows, indent="  ")
        if rows
        else "  no candidates"
    )
    return f"{head}\n{body}"
