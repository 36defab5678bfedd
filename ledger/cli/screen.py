"""The terminal UI's entry points: `ledger tui` on a ledger, `ledger demo` on the demo one."""

from __future__ import annotations

import click

from ledger.cli.base import Session, cli, pass_session
from ledger.location import demo_db


@cli.command()
@pass_session
def tui(session: Session) -> None:
    """Open the terminal UI on the ledger."""
    from tui.app import make_app

    make_app(session.open()).run()


@cli.command()
@click.option("--no-tui", is_flag=True, help="Only build the demo ledger; do not open the UI.")
@pass_session
def demo(session: Session, no_tui: bool) -> None:
    """Build the ASP-VIII demo ledger (the meeting of 2 May 2023) and open the UI on it.

    Without --db the demo has its own file, never the default ledger. A second run records
    only what is missing, so nothing is duplicated.
    """
    from ledger.demo import DEMO_DAY, build_demo

    if not session.db_given:
        session.db = demo_db()
    ledger = session.open(create=True, command="demo")
    recorded = build_demo(ledger)
    position, link = ledger.head()
    state = f"recorded {recorded} entries" if recorded else "already complete"
    click.echo(f"demo ledger at {ledger.location}: {state}; head {position} {link}")
    if not no_tui:
        from tui.app import make_app

        make_app(ledger, as_of=DEMO_DAY).run()
