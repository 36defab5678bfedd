"""Work plans and action items, in the contract's style; and full-text search."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from domain.workplans import Status
from ledger import output
from ledger.cli.base import AS_OF, DAY, KNOWN_AT, TEXT, Session, _recorded, cli, pass_session

if TYPE_CHECKING:
    from projections.workplans import ItemState

STATUSES = [s.value for s in Status]


@cli.group()
def plan() -> None:
    """Work plans."""


@plan.command("add")
@click.argument("handle", metavar="PLAN")
@click.argument("name")
@click.option("--from", "start", type=DAY, required=True, help="First day of its period.")
@click.option("--until", "end", type=DAY, required=True, help="First day after its period.")
@click.option("--adopted-by", metavar="H", help="The decision or meeting that adopted it.")
@pass_session
def plan_add(
    session: Session, handle: str, name: str, start: date, end: date, adopted_by: str | None
) -> None:
    """Record a work plan."""
    r = session.open().add_plan(handle, name, start=start, end=end, adopted_by=adopted_by)
    _recorded(r, f"added work plan {handle}")


@cli.group()
def action() -> None:
    """Action items and their progress."""


@action.command("add")
@click.argument("handle", metavar="ITEM")
@click.argument("title")
@click.option(
    "--owner",
    "owners",
    multiple=True,
    required=True,
    metavar="H",
    help="A person, institution or body; country:NAME; or all-member-countries.",
)
@click.option("--on", "day", type=DAY, required=True, help="The day it was created.")
@click.option("--plan", "plan_handle", metavar="PLAN", help="The work plan it belongs to.")
@click.option("--parent", metavar="ITEM", help="The item it is a step of (its plan is the item's).")
@click.option("--due", type=DAY, help="When it is due.")
@click.option("--source", metavar="H", help="The decision or meeting that created it.")
@pass_session
def action_add(
    session: Session,
    handle: str,
    title: str,
    owners: tuple[str, ...],
    day: date,
    plan_handle: str | None,
    parent: str | None,
    due: date | None,
    source: str | None,
) -> None:
    """Record an action item."""
    r = session.open().add_action(
        handle,
        title,
        owners=owners,
        day=day,
        plan=plan_handle,
        parent=parent,
        due=due,
        source=source,
    )
    _recorded(r, f"added action item {handle}")


@action.command("update")
@click.argument("item", metavar="ITEM")
@click.option("--status", type=click.Choice(STATUSES), required=True)
@click.option("--on", "day", type=DAY, required=True)
@click.option("--progress", type=int, metavar="PERCENT", help="0 to 100.")
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def action_update(
    session: Session, item: str, status: str, day: date, progress: int | None, note: str | None
) -> None:
    """Record ITEM's status (and progress) on a day."""
    r = session.open().update_action(item, Status(status), day=day, progress=progress, note=note)
    _recorded(r, f"{item}: {status}" + (f" ({progress}%)" if progress is not None else ""))


@action.command("assign")
@click.argument("item", metavar="ITEM")
@click.option("--owner", "owners", multiple=True, required=True, metavar="H")
@click.option("--on", "day", type=DAY, required=True)
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def action_assign(
    session: Session, item: str, owners: tuple[str, ...], day: date, note: str | None
) -> None:
    """Give ITEM new owners."""
    r = session.open().assign_action(item, owners, day=day, note=note)
    _recorded(r, f"{item}: owned by {', '.join(owners)}")


@action.command("due")
@click.argument("item", metavar="ITEM")
@click.option("--due", "due", type=DAY, help="The new due date.")
@click.option("--none", "no_due", is_flag=True, help="It has no due date any more.")
@click.option("--on", "day", type=DAY, required=True)
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def action_due(
    session: Session, item: str, due: date | None, no_due: bool, day: date, note: str | None
) -> None:
    """Give ITEM a new due date."""
    if (due is None) == (not no_due):
        raise click.UsageError("give either --due DATE or --none")
    r = session.open().set_action_due(item, due, day=day, note=note)
    _recorded(r, f"{item}: due {due.isoformat() if due else 'no longer dated'}")


@action.command("reopen")
@click.argument("item", metavar="ITEM")
@click.option("--on", "day", type=DAY, required=True)
@click.option("--note", type=TEXT, metavar="TEXT")
@pass_session
def action_reopen(session: Session, item: str, day: date, note: str | None) -> None:
    """Reopen an item that was done or dropped."""
    r = session.open().reopen_action(item, day=day, note=note)
    _recorded(r, f"{item}: reopened")


@action.command("history")
@click.argument("item", metavar="ITEM")
@KNOWN_AT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_session
def action_history(session: Session, item: str, known_at: int | datetime | None, fmt: str) -> None:
    """Every change to ITEM over time."""
    changes = session.open().action_history(item, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.plain(changes)))
        return
    rows = [
        [
            c.day,
            c.what,
            c.progress,
            ", ".join(c.owners) if c.owners else None,
            c.due,
            c.note,
            c.position,
        ]
        for c in changes
    ]
    click.echo(output.table(("day", "change", "progress", "owners", "due", "note", "pos"), rows))


@cli.command()
@click.argument("plan_handle", metavar="[PLAN]", required=False)
@AS_OF
@KNOWN_AT
@click.option("--status", type=click.Choice(STATUSES), help="Only items with this status.")
@click.option("--owner", metavar="H", help="Only items this owner holds.")
@click.option("--overdue", is_flag=True, help="Only items past their due date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@pass_session
def workplan(
    session: Session,
    plan_handle: str | None,
    as_of: date | None,
    known_at: int | datetime | None,
    status: str | None,
    owner: str | None,
    overdue: bool,
    fmt: str,
) -> None:
    """The work plan as it stood on a day: each item's status, progress, owners, due date."""
    ledger = session.open()
    day = as_of or date.today()
    items = ledger.workplan(plan_handle, as_of=day, known_at=known_at, status=status, owner=owner)
    if overdue:
        items = [i for i in items if i.overdue]
    items = _steps_under_their_items(items)
    info = next((p for p in ledger.plans(known_at=known_at) if p.plan == plan_handle), None)
    if fmt == "json":
        about: dict[str, str | None] = {}
        if info is not None:  # what the plan is: its name, period and what adopted it
            about = {"name": info.name, "from": info.start.isoformat()}
            about |= {"until": info.end.isoformat(), "adopted_by": info.adopted_by}
        click.echo(
            output.dumps(
                {
                    "as_of": day.isoformat(),
                    "plan": plan_handle,
                    **about,
                    "items": output.plain(items),
                    "by_plan": output.plain(ledger.rollup(items, "plan")),
                    "by_owner": output.plain(ledger.rollup(items, "owner")),
                }
            )
        )
        return
    headers = ("item", "status", "progress", "due", "owners", "title")
    depth = _depths(items)
    rows = [
        [
            "  " * depth[i.item] + i.item,
            i.status + (" (overdue)" if i.overdue else ""),
            f"{i.progress}%",
            i.due,
            ", ".join(i.owners),
            i.title,
        ]
        for i in items
    ]
    if fmt == "csv":  # for scripts: the handle bare, and the item it is a step of
        for i, row in zip(items, rows, strict=True):
            row[0:1] = [i.item, i.parent]
        click.echo(output.csv_text(("item", "parent", *headers[1:]), rows))
        return
    if not rows:
        click.echo(f"no action items on {day.isoformat()}")
        return
    heading = ""
    if info is not None:
        adopted = f", adopted by {info.adopted_by}" if info.adopted_by else ""
        heading = f" {info.plan} ({info.name}, {info.start} until {info.end}{adopted})"
    click.echo(f"Work plan{heading} as of {day.isoformat()}\n")
    click.echo(output.table(headers, rows))
    summary = ledger.rollup(items, "plan")
    for r in summary:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(r.by_status.items()))
        click.echo(
            f"\n{r.key}: {r.items} item{'' if r.items == 1 else 's'} ({counts});"
            f" mean progress {r.progress}%;"
            f" {r.overdue} overdue"
        )


def _steps_under_their_items(items: list[ItemState]) -> list[ItemState]:
    """Items in the order recorded, each followed by its sub-items (a sub-item whose item is
    not listed keeps its own place)."""
    listed = {i.item for i in items}
    steps: dict[str, list[ItemState]] = {}
    for i in items:
        if i.parent in listed:
            steps.setdefault(i.parent, []).append(i)
    ordered: list[ItemState] = []

    def place(i: ItemState) -> None:
        ordered.append(i)
        for step in steps.get(i.item, ()):
            place(step)

    for i in items:
        if i.parent not in listed:
            place(i)
    return ordered


def _depths(items: list[ItemState]) -> dict[str, int]:
    """How deep each item is among its items' sub-items (0 for an item of the plan itself)."""
    parents = {i.item: i.parent for i in items}
    depths: dict[str, int] = {}
    for i in items:
        depth, parent = 0, i.parent
        while parent is not None and depth < len(items):
            depth += 1
            parent = parents.get(parent)
        depths[i.item] = depth
    return depths


@cli.command()
@click.argument("text")
@KNOWN_AT
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_session
def search(session: Session, text: str, known_at: int | datetime | None, fmt: str) -> None:
    """Full-text search over decisions and action items."""
    hits = session.open().search(text, known_at=known_at)
    if fmt == "json":
        click.echo(output.dumps(output.plain(hits)))
        return
    rows = [[h.kind, h.handle, h.title] for h in hits]
    click.echo(
        output.table(("kind", "handle", "title"), rows) if rows else f"nothing matches {text!r}"
    )
