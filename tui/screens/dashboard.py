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

from tui.widgets.line import Line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ledger.events import LoggedEvent
    from ledger.terms import CalendarEntry
    from projections.governance import Governance
    from projections.workplans import ItemState
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
                yield Line(title, classes="box-title")
                yield Static(id=box)

    def refresh_data(self) -> None:
        # Three workers, so that the quick boxes show at once and the calendar (a few set
        # queries, ~0.3 s on a ledger of a million events) follows.
        self.query_one("#dash-calendar", Static).update(Text("reading the calendar…", "dim"))
        self._load_glance()
        self._load_plan()
        self._load_calendar()

    @work(thread=True, exclusive=True, group="dashboard-glance")
    def _load_glance(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        ledger, day, k = app.ledger, app.as_of, app.known_at
        last = ledger.head_position() if k is None else k
        governance = ledger.governance_on(day, known_at=k, limit=GLANCE, bodies_limit=0)
        recent = ledger.events_window(last=last, limit=8)
        self.post_message(self.Loaded({"governance": governance, "recent": recent}))

    @work(thread=True, exclusive=True, group="dashboard-plan")
    def _load_plan(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        items = app.ledger.workplan(as_of=app.as_of, known_at=app.known_at)
        self.post_message(self.Loaded({"items": items}))

    @work(thread=True, exclusive=True, group="dashboard-calendar")
    def _load_calendar(self) -> None:
        app: LedgerApp = self.app  # type: ignore[assignment]
        calendar = app.ledger.calendar(app.as_of, 90, known_at=app.known_at)
        self.post_message(self.Loaded({"calendar": calendar}))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        parts = message.parts
        if "governance" in parts:
            self._show_governance(parts["governance"])
        if "recent" in parts:
            self._show_recent(parts["recent"])
        if "items" in parts:
            self._show_plan(parts["items"])
        if "calendar" in parts:
            self._show_calendar(parts["calendar"])

    def _show_governance(self, governance: Governance) -> None:
        held = Text(no_wrap=True, overflow="ellipsis")
        offices = governance.offices
        # Handles, not names: they are short, unique (two directors' names differ only after
        # forty characters) and what the user types anywhere else.
        width = min(max((len(o.office.office) for o in offices), default=0), 24)
        for o in offices[:GLANCE]:
            names = ", ".join(t.name + (" (acting)" if t.acting else "") for t in o.holders)
            held.append(f"{_clip(o.office.office, width):<{width}}  ", style="bold")
            held.append(names or "—", style="" if names else "dim")
            held.append("\n")
        total = governance.offices_total or len(offices)
        if total > GLANCE:
            held.append(f"… and {total - GLANCE} more offices (g shows them all)", "dim")
        self.query_one("#dash-governance", Static).update(held)

    def _show_plan(self, items: list[ItemState]) -> None:
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

    def _show_calendar(self, calendar: list[CalendarEntry]) -> None:
        coming = Text()
        for c in calendar[:12]:
            coming.append(f"{c.day.isoformat()}  ", style="bold")
            coming.append(f"{c.text}\n")
        if len(calendar) > 12:
            coming.append(f"… and {len(calendar) - 12} more (ledger calendar)", "dim")
        if not calendar:
            coming.append("Nothing falls due.", style="dim")
        self.query_one("#dash-calendar", Static).update(coming)

    def _show_recent(self, events: list[LoggedEvent]) -> None:
        recent = Text(no_wrap=True, overflow="ellipsis")
        for e in reversed(events):
            recent.append(f"#{e.position} ", style="dim")
            recent.append(f"{e.type} ", style="bold")
            recent.append(f"{e.entity}\n")
        self.query_one("#dash-recent", Static).update(recent)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
