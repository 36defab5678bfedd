"""`ledger report …`: reports replayed from the ledger, in Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
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


class Bound(Moment):
    """A bound of the audit extract's period: a position or an instant, where a bare day
    is its start (UTC), so `--since 2023-05-01` takes in the 1st and `--until 2023-05-02`
    stops before the 2nd, as `--until` does everywhere."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | datetime:
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return datetime.combine(date.fromisoformat(text), time.min, tzinfo=UTC)
            except ValueError:
                self.fail(f"{value!r} is neither a log position nor an ISO date or timestamp")
        return super().convert(value, param, ctx)


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


@contextlib.contextmanager
def _watched(label: str) -> Iterator[Callable[[int, int], None]]:
    """What a report is told as it reads, `(done, total)`, drawn as a progress bar on stderr
    when a person is watching (`progress_bar`; nothing for scripts). The bar opens at the
    first word, when the total is known, and is redrawn at most about a hundred times."""
    with contextlib.ExitStack() as stack:
        bar: Any = None
        shown = 0

        def tell(done: int, total: int) -> None:
            nonlocal bar, shown
            if bar is None:
                bar = stack.enter_context(progress_bar(total, label))
            if done >= total or done - shown >= max(total // 100, 1):
                bar.update(done - shown)
                shown = done

        yield tell


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
    with _watched("reading the meeting") as progress:
        made = meeting_report(ledger, meeting_handle, _position(session, known_at), progress)
    _emit(made, fmt, output)


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
    with _watched("reading the governance") as progress:
        made = governance_report(
            ledger, as_of or date.today(), _position(session, known_at), progress
        )
    _emit(made, fmt, output)


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
    with _watched("reading the work plan") as progress:
        made = workplan_report(
            ledger,
            plan_handle,
            as_of or date.today(),
            since,
            _position(session, known_at),
            progress,
        )
    _emit(made, fmt, output)


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
    with _watched("reading the decisions") as progress:
        made = decisions_report(ledger, start, end, _position(session, known_at), progress)
    _emit(made, fmt, output)


@report.command("audit")
@click.option("--since", type=Bound(), help="Recorded at or after this position, day or instant.")
@click.option("--until", type=Bound(), help="Recorded before this position, day or instant.")
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
    with _watched("reading the log") as progress:
        made = audit_report(
            ledger,
            start if isinstance(start, datetime) else None,
            end if isinstance(end, datetime) else None,
            _position(session, known_at),
            progress,
        )
    _emit(made, fmt, output)
