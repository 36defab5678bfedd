"""The dashboard: governance at a glance, work-plan health, what the compliance calendar says
is coming, and the last entries recorded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tui.app import LedgerApp


GLANCE = 20  # offices listed; a partnership of partnerships has thousands


class DashboardPane(Grid):
    @dataclass
    class Loaded(Message):
        parts: dict[str, Any]

    def compose(self) -> ComposeResult:
        for box, title in (
            ("dash-governance", "Who holds what"),
            ("dash-workplan", "Work plan"),
            ("dash-calendar", "Coming up (90 days)"),
            ("dash-recent", "Last entries"),
        ):
            with VerticalScroll(classes="dash-box"):
                yield Static(title, classes="box-title")
                yield Static(id=box)

    def refresh_data(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="dashboard")
    def _load(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        ledger, day, k = app.ledger, app.as_of, app.known_at
        items = ledger.workplan(as_of=day, known_at=k)
        last = ledger.head_position() if k is None else k
        self.post_message(
            self.Loaded(
                {
                    "governance": ledger.governance_on(day, known_at=k),
                    "items": items,
                    "calendar": ledger.calendar(day, 90),
                    "recent": ledger.events_window(last=last, limit=8),
                }
            )
        )

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        parts = message.parts
        held = Text(no_wrap=True, overflow="ellipsis")
        offices = parts["governance"].offices
        # Handles, not names: they are short, unique (two directors' names differ only after
        # forty characters) and what the user types anywhere else.
        width = min(max((len(o.office.office) for o in offices), default=0), 24)
        for o in offices[:GLANCE]:
            names = ", ".join(t.name + (" (acting)" if t.acting else "") for t in o.holders)
            held.append(f"{_clip(o.office.office, width):<{width}}  ", style="bold")
            held.append(_clip(names, 40) if names else "—", style="" if names else "dim")
            held.append("\n")
        if len(offices) > GLANCE:
            held.append(f"… and {len(offices) - GLANCE} more offices (g shows them all)", "dim")
        self.query_one("#dash-governance", Static).update(held)

        items = parts["items"]
        counts = Counter(i.status for i in items)
        overdue = [i for i in items if i.overdue]
        plan = Text()
        plan.append(f"{len(items)} action items\n\n")
        for status in ("planned", "in-progress", "blocked", "done", "dropped"):
            plan.append(f"{status:<12}{counts.get(status, 0):>4}\n")
        plan.append(f"\n{len(overdue)} overdue\n", style="bold red" if overdue else "green")
        for i in overdue[:6]:
            plan.append(f"  {i.item} (due {i.due.isoformat() if i.due else ''})\n", style="red")
        self.query_one("#dash-workplan", Static).update(plan)

        coming = Text()
        for c in parts["calendar"][:12]:
            coming.append(f"{c.day.isoformat()}  ", style="bold")
            coming.append(f"{c.text}\n")
        if not parts["calendar"]:
            coming.append("Nothing falls due.", style="dim")
        self.query_one("#dash-calendar", Static).update(coming)

        recent = Text(no_wrap=True, overflow="ellipsis")
        for e in reversed(parts["recent"]):
            recent.append(f"#{e.position} ", style="dim")
            recent.append(f"{e.type} ", style="bold")
            recent.append(f"{e.entity}\n")
        self.query_one("#dash-recent", Static).update(recent)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
