"""The audit side: the event log, the hash chain (head, verify), rebuilding read models, and
moving a whole log out and in (export, import)."""

from __future__ import annotations

import json
import os
import sys

import click

from ledger import output
from ledger.cli.base import Hash, Session, cli, pass_session
from ledger.errors import ChainBroken


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
@pass_session
def events(session: Session, fmt: str) -> None:
    """The audit log: every event in the order it was recorded."""

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
