"""The terms of reference as rules (`office rules`, `body rules`), the succession they
prescribe (`succession apply`), and the compliance calendar they imply (`calendar`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from ledger import output
from ledger.cli.base import BASIS_TEXT, DAY, KNOWN_AT, TEXT, Session, _recorded, cli, pass_session
from ledger.cli.governance import body, office
from ledger.errors import ConfirmationNeeded

OFFICE_RULES = {
    "term_years": click.option("--term-years", type=click.IntRange(min=1), metavar="N"),
    "seats": click.option("--seats", type=click.IntRange(min=1), metavar="N"),
    "role": click.option(
        "--role", metavar="ROLE", help="What holding it makes one (national-focal-point)."
    ),
    "eligible_role": click.option(
        "--eligible-role", metavar="ROLE", help="Candidates must hold an office of this role."
    ),
    "successor_from": click.option(
        "--successor-from", metavar="O", help="Whose holder takes it at the end of a term."
    ),
    "alumni_body": click.option(
        "--alumni-body", metavar="B", help="The body a holder joins on completing a term."
    ),
    "alumni_years": click.option(
        "--alumni-years", type=click.IntRange(min=1), metavar="N", help="For how many years."
    ),
    "acting_from": click.option(
        "--acting-from", metavar="O", help="Whose holder acts when the holder is unavailable."
    ),
}


F = TypeVar("F", bound=Callable[..., Any])


def _with(options: dict[str, Any]) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        for option in reversed(list(options.values())):
            f = option(f)
        return f

    return decorate


@office.command("rules")
@click.argument("office_handle", metavar="OFFICE")
@_with(OFFICE_RULES)
@click.option("--basis", type=BASIS_TEXT, metavar="TEXT", help="The decision behind the change.")
@KNOWN_AT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_session
def office_rules(
    session: Session,
    /,
    office_handle: str,
    basis: str | None,
    known_at: int | datetime | None,
    fmt: str,
    **given: Any,
) -> None:
    """Show OFFICE's terms of reference, or change those given."""
    changes = {k: v for k, v in given.items() if v is not None}
    _no_change_known_at(changes, known_at)
    ledger = session.open()
    if changes:
        r = ledger.set_office_rules(office_handle, basis=basis, **changes)
        _recorded(r, f"{office_handle}: rules changed ({', '.join(sorted(changes))})")
        return
    _show(ledger.office_rules(office_handle, known_at=known_at), fmt)


def _no_change_known_at(changes: dict[str, Any], known_at: int | datetime | None) -> None:
    if changes and known_at is not None:
        raise click.UsageError(
            "--known-at shows the rules as they were known then; it cannot be given with a change"
        )


@body.command("rules")
@click.argument("body_handle", metavar="BODY")
@click.option("--max-members", type=click.IntRange(min=1), metavar="N")
@click.option(
    "--term-years", type=click.IntRange(min=1), metavar="N", help="Renewal cycle of its members."
)
@click.option(
    "--cadence-months",
    type=click.IntRange(min=1),
    metavar="N",
    help="It meets at least every N months.",
)
@click.option(
    "--ex-officio",
    multiple=True,
    metavar="O",
    help="An office whose holder sits ex officio (repeat; replaces the list).",
)
@click.option("--no-ex-officio", is_flag=True, help="Remove every ex-officio seat.")
@click.option("--basis", type=BASIS_TEXT, metavar="TEXT", help="The decision behind the change.")
@click.option(
    "--override",
    type=TEXT,
    metavar="REASON",
    help="Set a maximum below the members seated, for this recorded reason.",
)
@KNOWN_AT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_session
def body_rules(
    session: Session,
    body_handle: str,
    max_members: int | None,
    term_years: int | None,
    cadence_months: int | None,
    ex_officio: tuple[str, ...],
    no_ex_officio: bool,
    basis: str | None,
    override: str | None,
    known_at: int | datetime | None,
    fmt: str,
) -> None:
    """Show BODY's rules, or change those given."""
    changes: dict[str, Any] = {
        k: v
        for k, v in (
            ("max_members", max_members),
            ("term_years", term_years),
            ("cadence_months", cadence_months),
        )
        if v is not None
    }
    if ex_officio or no_ex_officio:
        changes["ex_officio"] = () if no_ex_officio else ex_officio
    _no_change_known_at(changes, known_at)
    ledger = session.open()
    if changes:
        r = ledger.set_body_rules(body_handle, basis=basis, override=override, **changes)
        _recorded(r, f"{body_handle}: rules changed ({', '.join(sorted(changes))})")
        return
    _show(ledger.body_rules(body_handle, known_at=known_at), fmt)


def _show(rules: Any, fmt: str) -> None:
    values = output.plain(rules)
    if fmt == "json":
        click.echo(output.dumps(values))
        return
    rows = [
        [k.replace("_", " "), ", ".join(v) if isinstance(v, list | tuple) else v]
        for k, v in values.items()
    ]
    click.echo(output.table(("rule", "value"), rows))


@cli.group()
def succession() -> None:
    """Handovers the terms of reference prescribe."""


@succession.command("apply")
@click.argument("office_handle", metavar="OFFICE")
@click.option("--on", "day", type=DAY, required=True, help="The day of the handover.")
@click.option(
    "--override",
    type=TEXT,
    metavar="REASON",
    help="Hand over although a rule says not yet, for this recorded reason.",
)
@click.option("--dry-run", is_flag=True, help="Only show what would be recorded.")
@click.option("--yes", is_flag=True, help="Record without asking.")
@pass_session
def succession_apply(
    session: Session,
    office_handle: str,
    day: date,
    override: str | None,
    dry_run: bool,
    yes: bool,
) -> None:
    """Record everything OFFICE's terms of reference prescribe for a handover on --on, in
    one atomic save, after showing it."""
    ledger = session.open()
    plan = ledger.succession_plan(office_handle, day, override)
    heading = f"succession of {office_handle} on {day.isoformat()} will record:"
    if _confirmed(heading, plan, "succession apply", dry_run=dry_run, yes=yes):
        r = ledger.apply_succession(office_handle, day, override)
        _recorded(r, f"recorded the succession of {office_handle}: {len(r.events)} events")


def _confirmed(heading: str, plan: list[str], command: str, *, dry_run: bool, yes: bool) -> bool:
    """Show what `command` will record; whether to record it (--yes, or asked at a
    terminal; never with --dry-run)."""
    click.echo(heading)
    for line in plan:
        click.echo(f"  {line}")
    if dry_run:
        click.echo("nothing recorded (dry run)")
        return False
    if not yes:
        if not sys.stdin.isatty():
            raise ConfirmationNeeded(command)
        click.confirm("record it?", abort=True)
    return True


@succession.command("act")
@click.argument("office_handle", metavar="OFFICE")
@click.option("--from", "start", type=DAY, required=True, help="The first day acting.")
@click.option("--until", type=DAY, help="The first day no longer acting, if known.")
@click.option("--dry-run", is_flag=True, help="Only show what would be recorded.")
@click.option("--yes", is_flag=True, help="Record without asking.")
@pass_session
def succession_act(
    session: Session,
    office_handle: str,
    start: date,
    until: date | None,
    dry_run: bool,
    yes: bool,
) -> None:
    """Record the acting mandate OFFICE's terms of reference prescribe while its holder is
    unavailable (the holder of the office named by --acting-from acts), after showing it."""
    ledger = session.open()
    plan = ledger.acting_plan(office_handle, start, until)
    heading = f"acting for {office_handle} from {start.isoformat()} will record:"
    if _confirmed(heading, plan, "succession act", dry_run=dry_run, yes=yes):
        r = ledger.apply_acting(office_handle, start, until)
        _recorded(r, f"recorded the acting mandate of {office_handle}")


@cli.command()
@click.option("--from", "start", type=DAY, help="The first day (default: today).")
@click.option("--days", type=click.IntRange(min=1), default=90, show_default=True)
@KNOWN_AT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_session
def calendar(
    session: Session, start: date | None, days: int, known_at: int | datetime | None, fmt: str
) -> None:
    """What falls due: terms completing, renewals, meetings due, procedures, calls closing."""
    first = start or date.today()
    entries = session.open().calendar(first, days, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.plain(entries)))
        return
    rows = [[e.day, e.kind, e.entity, e.text] for e in entries]
    click.echo(
        output.table(("day", "what", "entity", "details"), rows)
        if rows
        else f"nothing falls due from {first.isoformat()} for {days} days"
    )
