"""The Textual app: a dashboard, governance, meetings, decisions, the work plan and the audit
log; one as-of day for every screen; the recorded history stepped through event by event; and
forms that show what they will record before they record it.

The app reads and records only through the ledger façade; `make_app` is how the CLI and the
tests alike build it.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.widgets import Footer, Header, Input, Static, TabbedContent, TabPane

from tui.commands import EntityCommands
from tui.screens.as_of import AsOfDialog
from tui.screens.audit import AuditPane
from tui.screens.dashboard import DashboardPane
from tui.screens.elections import ElectionsPane
from tui.screens.forms import FORMS
from tui.screens.forms.chooser import FormChooser
from tui.screens.governance import GovernancePane
from tui.screens.proceedings import DecisionsPane, MeetingsPane
from tui.screens.rebuild import RebuildScreen
from tui.screens.replay_to import ReplayToDialog
from tui.screens.reports import ReportsPane
from tui.screens.workplan import WorkPlanPane
from tui.widgets.line import Line

# Each tab: its title, its pane, and the widget that takes the focus when it is shown.
TABS: dict[str, tuple[str, type, str | None]] = {
    "dashboard": ("Dashboard", DashboardPane, None),
    "governance": ("Governance", GovernancePane, "#offices"),
    "meetings": ("Meetings", MeetingsPane, "#meetings"),
    "decisions": ("Decisions", DecisionsPane, "#decisions"),
    "elections": ("Elections", ElectionsPane, "#election-list"),
    "workplan": ("Work plan", WorkPlanPane, "#items"),
    "audit": ("Audit log", AuditPane, "#log"),
    "reports": ("Reports", ReportsPane, "#report-list"),
}

FIRST_TAB = "governance"
# The tab that lists each kind of entity the command palette names; others go to the log.
ENTITY_TABS = {
    "office": "governance",
    "meeting": "meetings",
    "decision": "decisions",
    "election": "elections",
    "action": "workplan",
}

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult
    from textual.screen import Screen

    from ledger.app import Ledger


class LedgerApp(App[None]):
    TITLE = "Partnership Ledger"
    CSS_PATH = "ledger.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {EntityCommands}
    # Below 120 columns the side-by-side panes stack, so nothing is cut off at 80x24.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "show_tab('dashboard')",
            "Dashboard",
            id="dashboard",
            show=False,
            tooltip="Governance, work-plan health, what is coming, last entries",
        ),
        Binding(
            "m",
            "show_tab('meetings')",
            "Meetings",
            id="meetings",
            show=False,
            tooltip="Meetings with agenda, decisions and attendance",
        ),
        Binding(
            "x",
            "show_tab('decisions')",
            "Decisions",
            id="decisions",
            show=False,
            tooltip="The decision register, searchable",
        ),
        Binding(
            "e",
            "show_tab('elections')",
            "Elections",
            id="elections",
            show=False,
            tooltip="Elections with candidates, votes and results",
        ),
        Binding(
            "w",
            "show_tab('workplan')",
            "Work plan",
            id="workplan",
            show=False,
            tooltip="Action items by status, with progress",
        ),
        Binding(
            "R",
            "show_tab('reports')",
            "Reports",
            id="reports",
            show=False,
            tooltip="Choose, preview and save a report",
        ),
        Binding(
            "n",
            "record('mandate')",
            "Record mandate",
            id="record-mandate",
            show=False,
            tooltip="Start a mandate (form with preview)",
        ),
        Binding(
            "u",
            "record('action')",
            "Update item",
            id="record-action",
            show=False,
            tooltip="Update an action item's status (form with preview)",
        ),
        Binding(
            "N",
            "record('mandate-end')",
            "End mandate",
            id="record-mandate-end",
            show=False,
            tooltip="End a mandate (form with preview)",
        ),
        Binding(
            "D",
            "record('decision')",
            "Record decision",
            id="record-decision",
            show=False,
            tooltip="A decision's outcome at a meeting, tabling it if new (form with preview)",
        ),
        Binding(
            "o",
            "record('election-open')",
            "Open election",
            id="record-election-open",
            show=False,
            tooltip="Open an election's call for candidates (form with preview)",
        ),
        Binding(
            "c",
            "record('election-close')",
            "Close election",
            id="record-election-close",
            show=False,
            tooltip="Close an election: the winner's mandate starts (form with preview)",
        ),
        Binding(
            "S",
            "record('succession')",
            "Succession",
            id="record-succession",
            show=False,
            tooltip="Apply the succession the terms of reference prescribe (form with preview)",
        ),
        Binding(
            "C",
            "record('corrections')",
            "Correct…",
            id="record-correction",
            show=False,
            tooltip="Correct or retract an entry recorded wrongly (form with preview)",
        ),
        Binding(
            "g",
            "show_tab('governance')",
            "Governance",
            id="governance",
            tooltip="Offices, holders and bodies on the as-of day",
        ),
        Binding(
            "l",
            "show_tab('audit')",
            "Log",
            id="audit",
            tooltip="Every event in order, with its chain link",
        ),
        Binding("a", "as_of", "As of…", id="as-of", tooltip="Choose the day every screen shows"),
        Binding("t", "today", "Today", id="today", show=False),
        Binding(
            "p",
            "replay_to",
            "Replay to…",
            id="replay-to",
            show=False,
            tooltip="Replay: the ledger as known at a position or a recorded instant",
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "◀ event",
            id="step-back",
            tooltip="Replay: the ledger as known one event earlier",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "event ▶",
            id="step-forward",
            tooltip="Replay: one event later",
            show=False,
        ),
        Binding(
            "equals_sign",
            "latest",
            "Latest",
            id="latest",
            tooltip="Leave replay: the ledger as known now",
            show=False,
        ),
        Binding("v", "verify", "Verify", id="verify", tooltip="Recompute the hash chain"),
        Binding("r", "reload", "Reload", id="reload", show=False),
        Binding("question_mark", "show_help_panel", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    # Vars, not reactives: a reactive on the app repaints the whole screen when it changes,
    # where only the panes that show it need to (and do, through their watchers).
    as_of: var[date] = var(date.today, init=False)
    known_at: var[int | None] = var(None, init=False)

    def __init__(
        self, ledger: Ledger, *, as_of: date | None = None, today: date | None = None
    ) -> None:
        super().__init__()
        self.ledger = ledger
        self.head = ledger.head_position()
        self.today = today or date.today()
        self._stale: set[str] = set()
        self._made: dict[str, Any] = {}
        self.set_reactive(LedgerApp.as_of, as_of or self.today)

    @property
    def position(self) -> int:
        """The position of the log the screens show: the replay's, or the head."""
        return self.head if self.known_at is None else self.known_at

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=FIRST_TAB):
            for tab, (title, pane, _focus) in TABS.items():
                with TabPane(title, id=tab):
                    # The other tabs' panes are made when first shown: making them all
                    # was a third of the first paint.
                    if tab == FIRST_TAB:
                        yield pane(id=f"{tab}-pane")
        yield Line(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = str(self.ledger.location)
        # Only the tab in view reads the ledger now; each other tab reads when first shown,
        # so the first paint costs one pane's queries, not every pane's.
        self._refresh()
        self.query_one("#offices").focus()

    def _update_status(self) -> None:
        if self.known_at is None:
            known = f"known now (position {self.head})"
        else:
            known = f"REPLAY: as known at position {self.known_at} of {self.head}"
        self.query_one("#status", Static).update(
            f" As of {self.as_of.isoformat()} · {known} · {self.ledger.location}"
        )

    def _panes(self) -> dict[str, Any]:
        """The panes made so far."""
        # Kept, not queried: a query per tab walked the DOM on every replay step (5 ms).
        if not self._made:
            self._made = {FIRST_TAB: self.query_one(f"#{FIRST_TAB}-pane")}
        return self._made

    async def _pane(self, tab: str) -> Any:
        """`tab`'s pane, made now if this is its first showing (and then due to load)."""
        made = self._panes().get(tab)
        if made is None:
            made = TABS[tab][1](id=f"{tab}-pane")
            self._stale.add(tab)
            self._made[tab] = made
            await self.query_one(TabbedContent).get_pane(tab).mount(made)
        return made

    def _refresh(self) -> None:
        """Reload the pane in view now; the others when they come into view, so a replay
        step costs one pane's queries, not every pane's."""
        self._update_status()
        active = self.query_one(TabbedContent).active
        for tab, pane in self._panes().items():
            if tab == active:
                pane.refresh_data()
            else:
                self._stale.add(tab)

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or ""
        pane = await self._pane(tab)
        if tab in self._stale:
            self._stale.discard(tab)
            pane.refresh_data()

    def watch_as_of(self) -> None:
        self._refresh()

    def watch_known_at(self) -> None:
        self._refresh()

    async def action_show_tab(self, tab: str) -> None:
        # A focus left in the tab about to be hidden would bring that tab back to the front.
        self.set_focus(None)
        self.query_one(TabbedContent).active = tab
        pane = await self._pane(tab)
        focus = TABS[tab][2]
        if focus:
            # Looked up inside the pane: the tab's own id is the same as some tables'.
            pane.query_one(focus).focus()

    def action_record(self, what: str) -> None:
        """Open the form `what` names in FORMS; `corrections` first asks which one."""
        if what == "corrections":
            choices = [
                (key, f.command, f.help)
                for key, f in FORMS.items()
                if f.command.startswith(("correct:", "retract:"))
            ]

            def picked(key: str | None) -> None:
                if key:
                    self.action_record(key)

            self.push_screen(FormChooser("Correct or retract an entry", choices), picked)
            return

        def recorded(position: int | None) -> None:
            if position:
                self.notify(f"Recorded at position {position}", title="Recorded")
                self.action_reload()

        self.push_screen(FORMS[what].form(self.ledger), recorded)

    def action_as_of(self) -> None:
        def chosen(day: date | None) -> None:
            if day is not None:
                self.as_of = day

        self.push_screen(AsOfDialog(self.as_of), chosen)

    def action_today(self) -> None:
        self.as_of = self.today

    def action_step(self, delta: int) -> None:
        current = self.head if self.known_at is None else self.known_at
        target = min(max(current + delta, 0), self.head)
        self.known_at = None if target == self.head and delta > 0 else target

    def action_latest(self) -> None:
        self.known_at = None

    def action_replay_to(self) -> None:
        def chosen(position: int | None) -> None:
            if position is not None:
                self.known_at = None if position == self.head else position

        self.push_screen(ReplayToDialog(self.head, self.ledger.position_at), chosen)

    def action_rebuild(self) -> None:
        def rebuilt(_count: int | None) -> None:
            self.notify(
                f"Read models rebuilt from the log, up to position {self.head}", title="Rebuilt"
            )
            self.action_reload()

        self.push_screen(RebuildScreen(self.ledger), rebuilt)

    def action_reload(self) -> None:
        self.ledger.catch_up()
        self.head = self.ledger.head_position()
        self._refresh()

    async def show_entity(self, kind: str, handle: str) -> None:
        """Show the entity the command palette named: its row in its tab; a body's offices
        and seats; a person's, an institution's or a plan's events in the audit log."""
        if kind == "body":
            await self.action_show_tab("governance")
            self.query_one(GovernancePane).filter_by(handle)
            return
        tab = ENTITY_TABS.get(kind)
        if tab is None:
            await self.show_in_log(handle)
            return
        reload_due = tab in self._stale or tab not in self._panes()
        await self.action_show_tab(tab)
        self._panes()[tab].seek(handle, reload_due=reload_due)

    async def show_in_log(self, handle: str, *, reason: str | None = None) -> None:
        """The audit log filtered to the events that name `handle`."""
        await self.action_show_tab("audit")
        self.query_one("#log-filter", Input).value = handle
        if reason:
            self.notify(f"{handle}: {reason}; its events are shown here", title="Audit log")

    @work(thread=True, exclusive=True, group="verify")
    def action_verify(self) -> None:
        verdict = self.ledger.verify()
        if verdict.ok:
            self.notify(
                f"Chain verified: {verdict.events} events, head {verdict.head_hex[:16]}…",
                title="Verify",
            )
        else:
            self.notify(str(verdict.problem), title="Chain broken", severity="error", timeout=30)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for tab, (title, _pane, _focus) in TABS.items():
            yield SystemCommand(
                f"go: {title.lower()}",
                f"Show the {title.lower()}",
                partial(self.action_show_tab, tab),
            )
        for key, form in FORMS.items():
            yield SystemCommand(form.command, form.help, partial(self.action_record, key))
        yield SystemCommand("time: as of…", "Choose the day every screen shows", self.action_as_of)
        yield SystemCommand(
            "time: replay to…",
            "The ledger as known at a position or a recorded instant",
            self.action_replay_to,
        )
        yield SystemCommand("time: latest", "Leave replay", self.action_latest)
        yield SystemCommand(
            "ledger: rebuild read models",
            "Build every read model anew from the log, with progress",
            self.action_rebuild,
        )
        yield SystemCommand("ledger: verify", "Recompute the hash chain", self.action_verify)


def make_app(ledger: Ledger, *, as_of: date | None = None, today: date | None = None) -> LedgerApp:
    """The app on `ledger`, showing `as_of` (default today); tests fix `today` as well."""
    return LedgerApp(ledger, as_of=as_of, today=today)
