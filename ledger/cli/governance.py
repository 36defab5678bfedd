"""Recording and asking governance: people and institutions, bodies, offices, mandates and
memberships; who held what on a day."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

import click

from ledger import output
from ledger.cli import fastread
from ledger.cli.base import (
    AS_OF,
    BASIS_TEXT,
    DAY,
    KNOWN_AT,
    TEXT,
    Session,
    _recorded,
    cli,
    pass_session,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from projections.governance import Tenure


@cli.command()
@pass_session
def init(session: Session) -> None:
    """Create an empty ledger (the event store and its read models)."""
    ledger = session.open(create=True)
    events = ledger.head_position()
    if events:
        click.echo(f"ledger at {ledger.location} already exists ({events} events)")
    else:
        click.echo(f"ledger ready at {ledger.location} (empty)")


def _add_holder(kind: str) -> Callable[..., None]:
    """`person add` or `institution add`; `kind` is a `HolderKind` value (the domain is
    imported only when the command runs, as the ledger opens)."""

    @click.argument("name")
    @click.option("--handle", metavar="H", help="Stable name for commands (default: from NAME).")
    @click.option("--country", metavar="C", help="Country (or organisation) they belong to.")
    @pass_session
    def add(session: Session, name: str, handle: str | None, country: str | None) -> None:
        from domain.holders import HolderKind

        ledger = session.open()
        r = ledger.add_holder(name, HolderKind(kind), handle=handle, country=country)
        created = r.events[0]
        _recorded(r, f"added {kind} {created.handle}: {created.name}")

    add.__doc__ = {
        "person": "Record a person who can hold offices and sit in bodies.",
        "institution": "Record an institution that can hold offices and sit in bodies.",
    }[kind]
    return add


@cli.group()
def person() -> None:
    """People who hold offices or sit in bodies."""


@cli.group()
def institution() -> None:
    """Institutions (a department, a secretariat) that hold offices or sit in bodies."""


person.command("add")(_add_holder("person"))
institution.command("add")(_add_holder("institution"))


@cli.group()
def body() -> None:
    """Bodies: plenary, governance group, committees, working groups."""


@body.command("add")
@click.argument("name")
@click.option("--handle", metavar="H", help="Stable name for commands (default: from NAME).")
@click.option("--max-members", type=click.IntRange(min=1), metavar="N", help="At most N members.")
@click.option("--term-years", type=click.IntRange(min=1), metavar="N", help="Members' term.")
@click.option("--part-of", metavar="BODY", help="The body it is part of (the ASP, of the GSP).")
@click.option("--basis", type=BASIS_TEXT, metavar="TEXT", help="Why: the decision that created it.")
@pass_session
def body_add(
    session: Session,
    name: str,
    handle: str | None,
    max_members: int | None,
    term_years: int | None,
    part_of: str | None,
    basis: str | None,
) -> None:
    """Record a body."""
    r = session.open().add_body(
        name,
        handle=handle,
        max_members=max_members,
        term_years=term_years,
        part_of=part_of,
        basis=basis,
    )
    created = r.events[0]
    part = f" (part of {part_of})" if part_of else ""
    _recorded(r, f"added body {created.handle}: {created.name}{part}")


@cli.group()
def office() -> None:
    """Offices: Chair, Vice-Chair, Secretariat, directors…"""


@office.command("add")
@click.argument("name")
@click.option("--handle", metavar="H", help="Stable name for commands (default: from NAME).")
@click.option("--body", "body_", metavar="H", help="The body the office belongs to.")
@click.option(
    "--term-years",
    type=click.IntRange(min=1),
    metavar="N",
    help="Expected length of a mandate (dates the calendar; not a cap).",
)
@click.option(
    "--seats",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many hold it at once.",
)
@click.option("--basis", type=BASIS_TEXT, metavar="TEXT", help="Why: the decision that created it.")
@pass_session
def office_add(
    session: Session,
    name: str,
    handle: str | None,
    body_: str | None,
    term_years: int | None,
    seats: int,
    basis: str | None,
) -> None:
    """Record an office."""
    r = session.open().add_office(
        name, handle=handle, body=body_, term_years=term_years, seats=seats, basis=basis
    )
    created = r.events[0]
    _recorded(r, f"added office {created.handle}: {created.name}")


@cli.group()
def mandate() -> None:
    """Mandates: who holds an office over [from, until)."""


@mandate.command("start")
@click.argument("office_handle", metavar="OFFICE")
@click.argument("holder", metavar="HOLDER")
@click.option("--from", "start", type=DAY, required=True, help="First day held.")
@click.option("--until", "end", type=DAY, help="First day no longer held, if already known.")
@click.option(
    "--basis", type=BASIS_TEXT, metavar="TEXT", help="Why: the election or decision behind it."
)
@click.option("--acting", is_flag=True, help="Acting for an unavailable holder.")
@click.option(
    "--override",
    type=TEXT,
    metavar="REASON",
    help="Act for OFFICE although its rules name another office's holder, for this reason.",
)
@pass_session
def mandate_start(
    session: Session,
    office_handle: str,
    holder: str,
    start: date,
    end: date | None,
    basis: str | None,
    acting: bool,
    override: str | None,
) -> None:
    """Start HOLDER's mandate of OFFICE."""
    r = session.open().start_mandate(
        office_handle, holder, start, end=end, acting=acting, basis=basis, override=override
    )
    until = f" until {end.isoformat()}" if end else ""
    acting_note = " (acting)" if acting else ""
    _recorded(r, f"{office_handle}: held by {holder}{acting_note} from {start.isoformat()}{until}")


@mandate.command("end")
@click.argument("office_handle", metavar="OFFICE")
@click.argument("holder", metavar="HOLDER")
@click.option("--on", "end", type=DAY, required=True, help="First day no longer held.")
@click.option("--reason", type=TEXT, metavar="TEXT", help="Why it ended (completed, resigned…).")
@pass_session
def mandate_end(
    session: Session, office_handle: str, holder: str, end: date, reason: str | None
) -> None:
    """End HOLDER's mandate of OFFICE: ON is the first day no longer held."""
    r = session.open().end_mandate(office_handle, holder, end, reason=reason)
    _recorded(r, f"{office_handle}: {holder} no longer holds it from {end.isoformat()}")


@cli.group()
def member() -> None:
    """Memberships of bodies, over [from, until)."""


@member.command("add")
@click.argument("body_handle", metavar="BODY")
@click.argument("holder", metavar="HOLDER")
@click.option("--from", "start", type=DAY, required=True, help="First day a member.")
@click.option("--until", "end", type=DAY, help="First day no longer a member, if known.")
@click.option(
    "--override",
    type=TEXT,
    metavar="REASON",
    help="Add beyond BODY's maximum of members, for this recorded reason.",
)
@pass_session
def member_add(
    session: Session,
    body_handle: str,
    holder: str,
    start: date,
    end: date | None,
    override: str | None,
) -> None:
    """Add HOLDER to BODY."""
    r = session.open().add_member(body_handle, holder, start, end=end, override=override)
    until = f" until {end.isoformat()}" if end else ""
    _recorded(r, f"{body_handle}: {holder} is a member from {start.isoformat()}{until}")


@member.command("remove")
@click.argument("body_handle", metavar="BODY")
@click.argument("holder", metavar="HOLDER")
@click.option("--on", "end", type=DAY, required=True, help="First day no longer a member.")
@click.option("--reason", type=TEXT, metavar="TEXT", help="Why the membership ended.")
@pass_session
def member_remove(
    session: Session, body_handle: str, holder: str, end: date, reason: str | None
) -> None:
    """End HOLDER's membership of BODY: ON is the first day no longer a member."""
    r = session.open().remove_member(body_handle, holder, end, reason=reason)
    _recorded(r, f"{body_handle}: {holder} is no longer a member from {end.isoformat()}")


@cli.command()
@click.argument("office_handle", metavar="OFFICE")
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
def holders(
    session: Session,
    office_handle: str,
    as_of: date | None,
    known_at: int | datetime | None,
    fmt: str,
) -> None:
    """OFFICE's line of holders, or those holding it on --as-of."""
    tenures: Sequence[Tenure] | None = None
    if known_at is None:
        # Printed alike: fastread's Tenure has every attribute `output` reads.
        tenures = cast("list[Tenure] | None", fastread.holders(session.db, office_handle, as_of))
    if tenures is None:
        tenures = session.open().holders(office_handle, as_of=as_of, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps([output.tenure_json(t) for t in tenures]))
    elif fmt == "csv":
        click.echo(output.csv_text(output.TENURE_HEADERS, output.tenure_rows(tenures)))
    elif tenures:
        click.echo(output.table(output.TENURE_HEADERS, output.tenure_rows(tenures)))
    else:
        when = f" on {as_of.isoformat()}" if as_of else ""
        click.echo(f"{office_handle} has no holder recorded{when}")


@cli.command()
@AS_OF
@KNOWN_AT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
)
@pass_session
def governance(
    session: Session, as_of: date | None, known_at: int | datetime | None, fmt: str
) -> None:
    """Every office with its holders and every body with its members, on one day."""
    g = session.open().governance_on(as_of or date.today(), known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.governance_json(g)))
    else:
        click.echo(output.governance_text(g, style=fmt))


@office.command("abolish")
@click.argument("office_handle", metavar="OFFICE")
@click.option("--on", "day", type=DAY, required=True, help="First day it no longer exists.")
@click.option("--basis", type=BASIS_TEXT, metavar="TEXT", help="The decision that dropped it.")
@pass_session
def office_abolish(session: Session, office_handle: str, day: date, basis: str | None) -> None:
    """Drop OFFICE from a day on (its mandates must have ended by then)."""
    r = session.open().abolish_office(office_handle, day=day, basis=basis)
    _recorded(r, f"{office_handle}: abolished from {day.isoformat()}")
