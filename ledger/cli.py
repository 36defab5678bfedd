"""`ledger`: the scriptable face of the ledger. Parse, call a command or a query, print.

Every refusal is one `error: …` line on stderr and a non-zero exit, with nothing recorded.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from domain.errors import RuleBroken
from domain.holders import HolderKind
from ledger import output
from ledger.app import Ledger, Receipt, default_actor
from ledger.errors import ChainBroken
from ledger.location import Location, default_db

if TYPE_CHECKING:
    from collections.abc import Callable


class Day(click.ParamType[date, Any]):
    """A strict ISO day, `YYYY-MM-DD`, that exists in the calendar."""

    name = "DATE"
    _shape = re.compile(r"\d{4}-\d{2}-\d{2}")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not self._shape.fullmatch(text):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a day of the calendar", param, ctx)


DAY = Day()


@dataclass
class Session:
    db: str
    actor: str
    read_only: bool
    _ledger: Ledger | None = field(default=None, repr=False)

    def open(self, *, create: bool = False) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(
                Location.parse(self.db), actor=self.actor, read_only=self.read_only, create=create
            )
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


pass_session = click.make_pass_decorator(Session)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH",
    help="The ledger's event-store file (default: $LEDGER_DB, else ledger.db in the user's "
    "data directory).",
)
@click.option(
    "--actor", metavar="NAME", help="Who is recording (default: $LEDGER_ACTOR, else the OS user)."
)
@click.option("--read-only", is_flag=True, help="Refuse every write (also LEDGER_READ_ONLY=1).")
@click.version_option(package_name="partnership-ledger", prog_name="ledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, read_only: bool) -> None:
    """Partnership Ledger: who decided what, and who held which office when."""
    env_read_only = os.environ.get("LEDGER_READ_ONLY", "").lower() in {"1", "true", "yes"}
    session = Session(db or default_db(), actor or default_actor(), read_only or env_read_only)
    ctx.obj = session
    ctx.call_on_close(session.close)


@cli.command()
@pass_session
def init(session: Session) -> None:
    """Create an empty ledger (the event store and its read models)."""
    existed = Location.parse(session.db).events.exists()
    ledger = session.open(create=True)
    if existed:
        click.echo(f"ledger at {ledger.location} already exists ({ledger.head_position()} events)")
    else:
        click.echo(f"created ledger at {ledger.location}")


def _recorded(receipt: Receipt, what: str) -> None:
    click.echo(f"{what} (position {receipt.position})")


def _add_holder(kind: HolderKind) -> Callable[..., None]:
    @click.argument("name")
    @click.option("--handle", metavar="H", help="Stable name for commands (default: from NAME).")
    @click.option("--country", metavar="C", help="Country (or organisation) they belong to.")
    @pass_session
    def add(session: Session, name: str, handle: str | None, country: str | None) -> None:
        r = session.open().add_holder(name, kind, handle=handle, country=country)
        created = r.events[0]
        _recorded(r, f"added {kind.value} {created.handle}: {created.name}")

    add.__doc__ = f"Record a {kind.value} who can hold offices and sit in bodies."
    return add


@cli.group()
def person() -> None:
    """People who hold offices or sit in bodies."""


@cli.group()
def institution() -> None:
    """Institutions (a department, a secretariat) that hold offices or sit in bodies."""


person.command("add")(_add_holder(HolderKind.PERSON))
institution.command("add")(_add_holder(HolderKind.INSTITUTION))


@cli.group()
def body() -> None:
    """Bodies: plenary, governance group, committees, working groups."""


@body.command("add")
@click.argument("name")
@click.option("--handle", metavar="H", help="Stable name for commands (default: from NAME).")
@click.option("--max-members", type=click.IntRange(min=1), metavar="N", help="At most N members.")
@click.option("--term-years", type=click.IntRange(min=1), metavar="N", help="Members' term.")
@pass_session
def body_add(
    session: Session,
    name: str,
    handle: str | None,
    max_members: int | None,
    term_years: int | None,
) -> None:
    """Record a body."""
    r = session.open().add_body(name, handle=handle, max_members=max_members, term_years=term_years)
    created = r.events[0]
    _recorded(r, f"added body {created.handle}: {created.name}")


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
@pass_session
def office_add(
    session: Session,
    name: str,
    handle: str | None,
    body_: str | None,
    term_years: int | None,
    seats: int,
) -> None:
    """Record an office."""
    r = session.open().add_office(
        name, handle=handle, body=body_, term_years=term_years, seats=seats
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
@click.option("--basis", metavar="TEXT", help="Why: the election or decision behind it.")
@click.option("--acting", is_flag=True, help="Acting for an unavailable holder.")
@pass_session
def mandate_start(
    session: Session,
    office_handle: str,
    holder: str,
    start: date,
    end: date | None,
    basis: str | None,
    acting: bool,
) -> None:
    """Start HOLDER's mandate of OFFICE."""
    r = session.open().start_mandate(
        office_handle, holder, start, end=end, acting=acting, basis=basis
    )
    until = f" until {end.isoformat()}" if end else ""
    acting_note = " (acting)" if acting else ""
    _recorded(r, f"{office_handle}: held by {holder}{acting_note} from {start.isoformat()}{until}")


@mandate.command("end")
@click.argument("office_handle", metavar="OFFICE")
@click.argument("holder", metavar="HOLDER")
@click.option("--on", "end", type=DAY, required=True, help="First day no longer held.")
@click.option("--reason", metavar="TEXT", help="Why it ended (completed, resigned…).")
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
@pass_session
def member_add(
    session: Session, body_handle: str, holder: str, start: date, end: date | None
) -> None:
    """Add HOLDER to BODY."""
    r = session.open().add_member(body_handle, holder, start, end=end)
    until = f" until {end.isoformat()}" if end else ""
    _recorded(r, f"{body_handle}: {holder} is a member from {start.isoformat()}{until}")


@member.command("remove")
@click.argument("body_handle", metavar="BODY")
@click.argument("holder", metavar="HOLDER")
@click.option("--on", "end", type=DAY, required=True, help="First day no longer a member.")
@click.option("--reason", metavar="TEXT", help="Why the membership ended.")
@pass_session
def member_remove(
    session: Session, body_handle: str, holder: str, end: date, reason: str | None
) -> None:
    """End HOLDER's membership of BODY: ON is the first day no longer a member."""
    r = session.open().remove_member(body_handle, holder, end, reason=reason)
    _recorded(r, f"{body_handle}: {holder} is no longer a member from {end.isoformat()}")


AS_OF = click.option("--as-of", type=DAY, help="The day asked about (effective time).")
KNOWN_AT = click.option(
    "--known-at",
    type=click.IntRange(min=0),
    metavar="POSITION",
    help="Answer as the ledger knew it at this log position (recorded time).",
)


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
    session: Session, office_handle: str, as_of: date | None, known_at: int | None, fmt: str
) -> None:
    """OFFICE's line of holders, or those holding it on --as-of."""
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
def governance(session: Session, as_of: date | None, known_at: int | None, fmt: str) -> None:
    """Every office with its holders and every body with its members, on one day."""
    g = session.open().governance_on(as_of or date.today(), known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.governance_json(g)))
    else:
        click.echo(output.governance_text(g, style=fmt))


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
@pass_session
def events(session: Session, fmt: str) -> None:
    """The audit log: every event in the order it was recorded."""
    import json

    log = session.open().audit_log()
    if fmt == "jsonl":
        for e in log:
            click.echo(json.dumps(e.as_json(), ensure_ascii=False))
        return
    headers = ("pos", "recorded at", "actor", "type", "entity", "effective", "details")
    rows = [
        [
            e.position,
            e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.type,
            e.entity,
            e.effective,
            e.summary(),
        ]
        for e in log
    ]
    click.echo(output.table(headers, rows) if rows else "no events recorded yet")


@cli.command()
@pass_session
def rebuild(session: Session) -> None:
    """Rebuild every read model from the event log."""
    ledger = session.open()
    head = ledger.head_position()
    with click.progressbar(length=head, label="rebuilding read models", file=sys.stderr) as bar:
        done = [0]

        def progress(position: int, _head: int) -> None:
            bar.update(position - done[0])
            done[0] = position

        count = ledger.rebuild(progress)
    click.echo(f"rebuilt the read models from {count} events (head position {head})")


class Hash(click.ParamType[bytes, Any]):
    name = "HASH"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> bytes:
        text = str(value).strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            self.fail(f"{value!r} is not a head hash (64 hex digits, as `ledger head` prints)")
        return bytes.fromhex(text)


@cli.command()
@pass_session
def head(session: Session) -> None:
    """Print the head: `POSITION HASH`, to keep elsewhere and check later with verify --head."""
    position, link = session.open().head()
    click.echo(f"{position} {link}")


@cli.command()
@click.option("--head", "kept", type=Hash(), help="A head hash kept earlier (catches a cut tail).")
@pass_session
def verify(session: Session, kept: bytes | None) -> None:
    """Recompute the hash chain from the stored events; name the first position that breaks."""
    verdict = session.open().verify(kept)
    if not verdict.ok:
        raise ChainBroken(str(verdict.problem))
    click.echo(f"verified {verdict.position} events; head {verdict.position} {verdict.head_hex}")


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@pass_session
def export_(session: Session, file: str) -> None:
    """Write the whole log as JSON Lines (one event a line, with its link) to FILE or -."""
    from ledger.transfer import export_lines

    ledger = session.open()
    count = 0
    with click.open_file(file, "w", encoding="utf-8", atomic=file != "-") as out:
        for line in export_lines(ledger):
            out.write(line + "\n")
            count += 1
    position, link = ledger.head()
    click.echo(f"exported {count} events; head {position} {link}", err=file == "-")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@pass_session
def import_(session: Session, file: str) -> None:
    """Import an exported log into a new, empty ledger (refused whole if anything is wrong)."""
    ledger = session.open(create=True)
    size = os.path.getsize(file)
    with (
        open(file, "rb") as source,
        click.progressbar(length=size, label="importing", file=sys.stderr) as bar,
    ):
        count = ledger.import_log(source, bar.update)
    position, link = ledger.head()
    click.echo(f"imported {count} events; head {position} {link}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn every refusal into one `error: …` line and a non-zero exit."""
    from eventsourcing.persistence import PersistenceError

    try:
        cli.main(args=argv, prog_name="ledger", standalone_mode=False)
    except RuleBroken as e:
        return _fail(str(e), 1)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "ledger"
        return _fail(f"usage: {e.format_message()} (see `{where} --help`)", 2)
    except click.ClickException as e:
        return _fail(e.format_message(), e.exit_code or 1)
    except click.exceptions.Abort:
        return _fail("aborted", 130)
    except PersistenceError as e:
        return _fail(f"storage: {e}", 1)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as e:  # the promise is no traceback, whatever happens
        if os.environ.get("LEDGER_DEBUG"):
            raise
        return _fail(f"unexpected failure ({type(e).__name__}: {e}); please report it", 70)
    return 0


def _fail(message: str, code: int) -> int:
    click.echo(f"error: {' '.join(message.split())}", err=True)
    return code


def entry() -> None:
    sys.exit(main())
