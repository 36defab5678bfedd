"""The audit side: the event log, the hash chain (head, verify), rebuilding read models, and
moving a whole log out and in (export, import)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import click

from ledger import output
from ledger.cli.base import Hash, Moment, Session, cli, pass_session, progress_bar
from ledger.errors import ChainBroken

if TYPE_CHECKING:
    from ledger.app import Ledger
    from ledger.events import LoggedEvent


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
@click.option("--by", "actor", metavar="NAME", help="Only events recorded by NAME.")
@click.option(
    "--type",
    "kind",
    metavar="TYPE",
    help="Only events of this type (e.g. MandateStarted or Office.MandateStarted).",
)
@click.option("--entity", metavar="H", help="Only events of the entity with handle H.")
@click.option("--since", type=Moment(), help="Recorded at or after this position or instant.")
@click.option("--until", type=Moment(), help="Recorded at or before this position or instant.")
@click.option(
    "--known-at",
    type=Moment(),
    help="The log as it stood at this position or instant (like --until; both: the earlier).",
)
@pass_session
def events(
    session: Session,
    fmt: str,
    actor: str | None,
    kind: str | None,
    entity: str | None,
    since: int | datetime | None,
    until: int | datetime | None,
    known_at: int | datetime | None,
) -> None:
    """The audit log: every event in the order it was recorded, optionally filtered."""
    ledger = session.open()
    if known_at is not None:
        # As every read takes it: a position outside the log is refused, not clipped.
        known = ledger._known(known_at)
        assert known is not None
        until = known if until is None else min(known, _position(ledger, until))
    after = 0
    if isinstance(since, int):
        after = max(since - 1, 0)
    elif since is not None:
        try:
            after = ledger.position_at(since - timedelta(microseconds=1))
        except OverflowError:  # since the very first instant: from the start
            after = 0
    last = ledger.head_position()
    if isinstance(until, int):
        last = min(until, last)
    elif until is not None:
        last = ledger.position_at(until)

    def wanted(e: LoggedEvent) -> bool:
        return (
            (actor is None or e.actor == actor)
            and (kind is None or kind in (e.type, e.type.rsplit(".", 1)[-1]))
            and (entity is None or e.entity == entity)
        )

    log = (
        e
        for e in itertools.takewhile(lambda e: e.position <= last, ledger.audit_log(after=after))
        if wanted(e)
    )
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
    click.echo(output.table(headers, rows) if rows else "no events match")


def _position(ledger: Ledger, moment: int | datetime) -> int:
    return moment if isinstance(moment, int) else ledger.position_at(moment)


@cli.command()
@pass_session
def rebuild(session: Session) -> None:
    """Rebuild every read model from the event log."""
    ledger = session.open()
    head = ledger.head_position()
    with progress_bar(head * len(ledger.READ_MODELS), "rebuilding read models") as bar:
        done = [0]

        def progress(position: int, _total: int) -> None:
            bar.update(position - done[0])
            done[0] = position

        count = ledger.rebuild(progress)
    click.echo(f"rebuilt the read models from {count} events (head position {head})")


@cli.command()
@pass_session
def head(session: Session) -> None:
    """Print the head: `POSITION HASH`, to keep elsewhere and check later with verify --head."""
    position, link = session.open(follow=False).head()
    click.echo(f"{position} {link}")


@cli.command()
@click.option("--head", "kept", type=Hash(), help="A head hash kept earlier (catches a cut tail).")
@pass_session
def verify(session: Session, kept: bytes | None) -> None:
    """Recompute the hash chain from the stored events; name the first position that breaks."""
    verdict = session.open(follow=False).verify(kept)
    if not verdict.ok:
        raise ChainBroken(str(verdict.problem))
    click.echo(f"verified {verdict.events} events; head {verdict.position} {verdict.head_hex}")


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@pass_session
def export_(session: Session, file: str) -> None:
    """Write the whole log as JSON Lines (one event a line, with its link) to FILE or -."""
    from ledger.transfer import export_lines

    ledger = session.open(follow=False)
    count = 0
    if file == "-":
        for line in export_lines(ledger):
            click.echo(line)
            count += 1
    else:
        # Written beside FILE and moved over it only when whole: a refused export leaves an
        # earlier backup as it was (click's own atomic file moves it over even on failure).
        path = os.path.abspath(file)
        partial = os.path.join(
            os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.partial"
        )
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as e:
            raise click.FileError(file, e.strerror) from e
        try:
            with open(fd, "w", encoding="utf-8") as out:
                for line in export_lines(ledger):
                    out.write(line + "\n")
                    count += 1
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
    position, link = ledger.head()
    click.echo(f"exported {count} events; head {position} {link}", err=file == "-")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@pass_session
def import_(session: Session, file: str) -> None:
    """Import an exported log into a new, empty ledger (refused whole if anything is wrong)."""
    ledger = session.open(create=True, command="import")
    size = os.path.getsize(file)
    with (
        open(file, "rb") as source,
        progress_bar(size, "importing") as bar,
    ):
        count = ledger.import_log(source, bar.update)
    position, link = ledger.head()
    click.echo(f"imported {count} events; head {position} {link}")
