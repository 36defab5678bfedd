"""Reports: choose one, read its preview, save it (Markdown and self-contained HTML).

A report is made in a worker at the position the app shows (the head, or the replay
position), so the preview is exactly what the saved file will say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from ledger import reports
from tui.widgets.line import Line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tui.app import LedgerApp

SAVE_DIR = Path("reports")


MEETINGS = 50  # the latest meetings offered
OFFICES = 200  # the first offices offered


class ReportsPane(Horizontal):
    BINDINGS = [  # noqa: RUF012
        Binding(
            "s",
            "save",
            "Save",
            id="save-report",
            tooltip="Write the report as Markdown and HTML under ./reports/",
        ),
    ]

    @dataclass
    class Listed(Message):
        choices: list[tuple[str, str]]

    @dataclass
    class Made(Message):
        key: str
        report: Any

    def compose(self) -> ComposeResult:
        with Vertical(id="report-list-box"):
            yield Line("Reports", classes="box-title")
            yield OptionList(id="report-list")
            yield Static("s: save as Markdown and HTML", classes="hint")
        with Vertical(id="report-box"):
            yield Markdown(id="report-preview")

    @property
    def ledger_app(self) -> LedgerApp:
        return self.app  # type: ignore[return-value]

    def refresh_data(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, group="report-list")
    def _list(self) -> None:
        app = self.ledger_app
        choices = [
            ("governance:", f"Governance as of {app.as_of.isoformat()}"),
            ("workplan:", f"Work plan as of {app.as_of.isoformat()}"),
            ("decisions:", "Decision register"),
            ("audit:", "Audit extract"),
        ]
        # A long list is cut: the latest meetings, the first offices (the CLI's `ledger report`
        # reaches every one); a ledger of many partnerships has tens of thousands of meetings.
        meetings = app.ledger.meetings(known_at=app.known_at, limit=MEETINGS)
        choices += [(f"meeting:{m.meeting}", f"Meeting: {m.name}") for m in reversed(meetings)]
        offices = app.ledger.handles("offices")[:OFFICES]
        choices += [(f"office:{h}", f"Office: {h}") for h in offices]
        self.post_message(self.Listed(choices))

    @on(Listed)
    def _show_list(self, message: Listed) -> None:
        options = self.query_one("#report-list", OptionList)
        options.clear_options()
        options.add_options([Option(label, id=key) for key, label in message.choices])
        if message.choices:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#report-list")
    def _chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.query_one("#report-preview", Markdown).loading = True
            self._make(event.option.id)

    def build(self, key: str) -> reports.Report:
        app = self.ledger_app
        kind, _, name = key.partition(":")
        ledger, k = app.ledger, app.known_at
        if kind == "governance":
            return reports.governance_report(ledger, app.as_of, k)
        if kind == "workplan":
            return reports.workplan_report(ledger, None, app.as_of, None, k)
        if kind == "decisions":
            return reports.decisions_report(ledger, None, None, k)
        if kind == "audit":
            return reports.audit_report(ledger, None, None, k)
        if kind == "meeting":
            return reports.meeting_report(ledger, name, k)
        return reports.office_report(ledger, name, k)

    @work(thread=True, exclusive=True, group="report")
    def _make(self, key: str) -> None:
        self.post_message(self.Made(key, self.build(key)))

    @on(Made)
    def _show(self, message: Made) -> None:
        preview = self.query_one("#report-preview", Markdown)
        preview.loading = False
        preview.update(message.report.render("md"))
        self._current = (message.key, message.report)

    def action_save(self) -> None:
        current = getattr(self, "_current", None)
        if current is None:
            return
        key, report = current
        SAVE_DIR.mkdir(exist_ok=True)
        stem = key.replace(":", "-").strip("-")
        written = []
        for fmt in ("md", "html"):
            path = SAVE_DIR / f"{stem}.{fmt}"
            path.write_text(report.render(fmt), encoding="utf-8")
            written.append(str(path))
        self.app.notify(f"Saved {' and '.join(written)}", title="Report saved")
