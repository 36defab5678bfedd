"""`ledger report …`: reports replayed from the ledger, in Markdown, HTML, CSV or JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ledger.cli.base import (
    AS_OF,
    DAY,
    KNOWN_AT,
    Moment,
    Session,
    cli,
    pass_session,
    progress_bar,
)

if TYPE_CHECKING:
    from ledger.reports import Report


F = TypeVar("F", bound=Callable[..., Any])


def _formats(*extra: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "html", *extra]),
        default="md",
        show_default=True,
    )


OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of stdout.",
)


def _emit(report: Report, fmt: str, output: str | None) -> None:
    text = report.render(fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with click.open_file(output, "w", encoding="utf-8", atomic=True) as out:
            out.write(text)
    except OSError as e:
        raise click.FileError(output, e.strerror or str(e)) from e
    click.echo(
        f"wrote {report.title} to {output} (position {report.provenance.position})", err=True
    )


def _position(session: Session, known_at: int | datetime | None) -> int | None:
    return session.open()._known(known_at)


@cli.group()
def report() -> None:
    """Reports replayed from the ledger, reproducible from any position."""


@report.command("meeting")
@click.argument("meeting_handle", metavar="MEETING")
@KNOWN_AT
@_formats()
@OUTPUT
@pass_session
def report_meeting(
    session: Session,
    meeting_handle: str,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """A meeting's report: attendance, agenda, decisions, follow-up, work plan."""
    from ledger.reports import meeting_report

    ledger = session.open()
    _emit(meeting_report(ledger, meeting_handle, _position(session, known_at)), fmt, output)


@report.command("governance")
@AS_OF
@KNOWN_AT
@_formats("csv", "json")
@OUTPUT
@pass_session
def report_governance(
    session: Session,
    as_of: date | None,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """Every body, office and holder on a day, acting and ex officio marked."""
    from ledger.reports import governance_report

    ledger = session.open()
    _emit(
        governance_report(ledger, as_of or date.today(), _position(session, known_at)), fmt, output
    )


@report.command("office")
@click.argument("office_handle", metavar="OFFICE")
@KNOWN_AT
@_formats()
@OUTPUT
@pass_session
def report_office(
    session: Session,
    office_handle: str,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """An office's line of holders with terms, bases and vacancies (a timeline in HTML)."""
    from ledger.reports import office_report

    ledger = session.open()
    ledger.holders(office_handle)  # refuses an unknown office
    _emit(office_report(ledger, office_handle, _position(session, known_at)), fmt, output)


@report.command("workplan")
@click.argument("plan_handle", metavar="[PLAN]", required=False)
@AS_OF
@click.option("--since", type=DAY, help="Also list what changed after this day.")
@KNOWN_AT
@_formats("csv", "json")
@OUTPUT
@pass_session
def report_workplan(
    session: Session,
    plan_handle: str | None,
    as_of: date | None,
    since: date | None,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """The work plan on a day: progress per item and owner, overdue, changes since a day."""
    from ledger.reports import workplan_report

    ledger = session.open()
    _emit(
        workplan_report(
            ledger, plan_handle, as_of or date.today(), since, _position(session, known_at)
        ),
        fmt,
        output,
    )


@report.command("decisions")
@click.option("--from", "start", type=DAY, help="First day of the period.")
@click.option("--until", "end", type=DAY, help="First day after the period.")
@KNOWN_AT
@_formats("csv", "json")
@OUTPUT
@pass_session
def report_decisions(
    session: Session,
    start: date | None,
    end: date | None,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """The decision register for a period: every step of every decision in it."""
    from ledger.reports import decisions_report

    ledger = session.open()
    _emit(decisions_report(ledger, start, end, _position(session, known_at)), fmt, output)


@report.command("audit")
@click.option("--since", type=Moment(), help="Recorded at or after this instant.")
@click.option("--until", type=Moment(), help="Recorded before this instant.")
@KNOWN_AT
@_formats("csv", "json")
@OUTPUT
@pass_session
def report_audit(
    session: Session,
    since: int | datetime | None,
    until: int | datetime | None,
    known_at: int | datetime | None,
    fmt: str,
    output: str | None,
) -> None:
    """Who recorded what and when, corrections beside what they correct."""
    from ledger.reports import audit_report

    ledger = session.open()
    start = ledger.recorded_at(since) if isinstance(since, int) and since > 0 else since
    end = ledger.recorded_at(until) if isinstance(until, int) and until > 0 else until
    position = _position(session, known_at)
    total = ledger.head_position() if position is None else position
    with progress_bar(total, "reading the log") as bar:
        report = audit_report(
            ledger,
            start if isinstance(start, datetime) else None,
            end if isinstance(end, datetime) else None,
            position,
            progress=bar.update,
        )
    _emit(report, fmt, output)
