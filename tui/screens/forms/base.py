"""The recording form every command's form is built on, and the fields they share.

A form previews its command on every change as a dry run (`ledger.core.previewing`), so what
it shows under "Will record:" is what the same rules decide, not a guess; a broken rule shows
as the rule's own message, and Ctrl+S records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from domain.errors import RuleBroken
from domain.recorded import entity_id
from ledger.core import previewing
from ledger.events import logged

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from textual.app import ComposeResult
    from textual.binding import BindingType
    from textual.widget import Widget

    from ledger.app import Ledger
    from ledger.core import Receipt


def parse_day(text: str, *, required: bool) -> date | None:
    """A strict ISO day, or None when empty and optional; ValueError otherwise."""
    text = text.strip()
    if not text:
        if required:
            raise ValueError("a day is required (YYYY-MM-DD)")
        return None
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a day (YYYY-MM-DD)")
    return date.fromisoformat(text)


def required_day(values: dict[str, Any], key: str) -> date:
    day = parse_day(values[key], required=True)
    assert day is not None
    return day


def optional_day(values: dict[str, Any], key: str) -> date | None:
    return parse_day(values[key], required=False)


def required(values: dict[str, Any], key: str, what: str) -> str:
    """A field that must be filled in; `what` names it in the message ("an office")."""
    text = str(values[key]).strip()
    if not text:
        raise ValueError(f"{what} is required")
    return text


def optional(values: dict[str, Any], key: str) -> str | None:
    return str(values[key]).strip() or None


def optional_count(values: dict[str, Any], key: str, what: str, *, least: int = 1) -> int | None:
    """A whole number of at least `least` (the CLI's IntRange), or None when empty."""
    text = str(values[key]).strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < least:
        raise ValueError(f"{what} must be a whole number of at least {least}, not {text!r}")
    return int(text)


def handle_list(values: dict[str, Any], key: str) -> tuple[str, ...]:
    """Handles separated by commas or spaces, as the CLI's repeated options take them."""
    return tuple(h for h in re.split(r"[,\s]+", str(values[key]).strip()) if h)


def chosen(values: dict[str, Any], key: str, what: str) -> str:
    """A Select's value; ValueError while nothing is chosen."""
    value = values[key]
    if not isinstance(value, str):
        raise ValueError(f"choose {what}")
    return value


_VOTE = re.compile(r"([a-z0-9][a-z0-9-]*)=(\d+)")


def parse_votes(text: str) -> dict[str, int]:
    """`gina-nilo=12, lucrezia-caon=5`, as the CLI's CANDIDATE=VOTES arguments take it."""
    votes: dict[str, int] = {}
    for part in re.split(r"[,\s]+", re.sub(r"\s*=\s*", "=", text.strip())):
        if not part:
            continue
        m = _VOTE.fullmatch(part)
        if m is None:
            raise ValueError(f"{part!r} is not CANDIDATE=VOTES (e.g. gina-nilo=12)")
        votes[m.group(1)] = int(m.group(2))
    if not votes:
        raise ValueError("votes are required: CANDIDATE=VOTES for each candidate")
    return votes


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(getattr(value, "value", value))


def _summary(payload: dict[str, Any]) -> str:
    """An event's fields in full, unlike the audit log's one-line summary: a form shows
    exactly what it will record (a title, every candidate's votes), wrapped if it must be."""
    return ", ".join(
        f"{k}={_shown(v)}" for k, v in payload.items() if v is not None and k != "handle"
    )


class SuggestFrom(Suggester):
    """Completion from choices that depend on another field (the agenda items of the meeting
    typed, the holders of the office typed), so it is asked afresh on every keystroke."""

    def __init__(self, choices: Callable[[], Iterable[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self._choices = choices

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        for choice in self._choices():
            if choice.casefold().startswith(value):
                return choice
        return None


# A CLI option in a rule's message, with the verb and the placeholder that go with it:
# "pass --override REASON", "--winner H", "--acting".
CLI_OPTION = re.compile(r"(?P<verb>pass )?--(?P<option>[a-z][a-z-]*)(?: [A-Z]+\b)?")


def _row(label: str, widget: Widget) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), widget, classes="field")


def handle_field(
    id: str,  # noqa: A002 (the widget's id, as Textual names it)
    label: str,
    hint: str,
    choices: Iterable[str] | Callable[[], Iterable[str]],
) -> Horizontal:
    """An entity's handle, completed (→ or End accepts) from the ledger's read models."""
    suggester: Suggester = (
        SuggestFrom(choices)
        if callable(choices)
        else SuggestFromList(list(choices), case_sensitive=False)
    )
    return _row(label, Input(placeholder=hint, id=id, suggester=suggester, compact=True))


def text_field(id: str, label: str, hint: str = "") -> Horizontal:  # noqa: A002
    return _row(label, Input(placeholder=hint, id=id, compact=True))


def day_field(id: str, label: str, hint: str = "YYYY-MM-DD") -> Horizontal:  # noqa: A002
    return _row(label, Input(placeholder=hint, id=id, compact=True, max_length=10))


def choice_field(
    id: str,  # noqa: A002
    label: str,
    options: Iterable[tuple[str, str]],
    prompt: str,
) -> Horizontal:
    return _row(label, Select(list(options), id=id, prompt=prompt, compact=True))


def flag_field(id: str, label: str) -> Horizontal:  # noqa: A002
    return _row("", Checkbox(label, id=id, compact=True))


class FormBody(VerticalScroll, can_focus=False):
    """Scrolls a long form on a small terminal; never takes the focus from the fields."""


class RecordForm(ModalScreen[int | None]):
    """A form for one command. Subclasses give the fields and the command; this class
    previews it on every change, and records it on Ctrl+S or the Record button."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "dismiss(None)", "Cancel"),
        ("ctrl+s", "record", "Record"),
    ]
    TITLE = "Record"
    # One line under the title: what recording does, in the secretariat's words.
    DESCRIPTION = ""

    @dataclass
    class Previewed(Message):
        lines: list[str]
        error: str | None

    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        self._lookups: dict[tuple[str, str], list[str]] = {}
        self._touched = False

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def command(self, values: dict[str, Any]) -> Callable[[], Receipt]:
        """The command the form's values make; raises ValueError for a malformed field."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with FormBody(classes="form"):
            yield Label(self.TITLE, classes="box-title")
            if self.DESCRIPTION:
                yield Static(self.DESCRIPTION, classes="hint form-description")
            yield from self.fields()
            yield Label("Will record:", classes="hint form-will")
            # Not markup: a list in an event (an item's owners) prints as `[a, b]`, which
            # markup would swallow as a tag.
            yield Static(id="form-preview", markup=False)
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Record (Ctrl+S)", id="form-record", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="form-cancel", compact=True)

    def field_value(self, id: str) -> str:  # noqa: A002
        """What is typed in one field now (for completion that depends on it)."""
        return self.query_one(f"#{id}", Input).value.strip()

    def completing_last(
        self,
        id: str,  # noqa: A002
        choices: Callable[[], Iterable[str]],
    ) -> Callable[[], list[str]]:
        """Completion for a list of handles: the one being typed, after those already typed
        (a suggestion replaces the whole value, so it must carry them)."""

        def read() -> list[str]:
            typed = self.query_one(f"#{id}", Input).value
            cut = max(typed.rfind(","), typed.rfind(" ")) + 1
            return [typed[:cut] + choice for choice in choices()]

        return read

    def lookup(self, kind: str, key: str, read: Callable[[], Iterable[str]]) -> list[str]:
        """Completion choices read once per key: a suggester asks on every keystroke."""
        if (kind, key) not in self._lookups:
            try:
                self._lookups[kind, key] = list(read())
            except RuleBroken:  # an unknown handle typed so far: nothing to complete from
                self._lookups[kind, key] = []
        return self._lookups[kind, key]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for widget in self.query("Input, Checkbox, Select"):
            if widget.id:
                out[widget.id] = widget.value  # type: ignore[attr-defined]
        return out

    def on_mount(self) -> None:
        self._preview(self.values())

    # Textual does not restyle a label beside the focused field (`:focus-within` styles the
    # row, not its other children), so the row is marked by hand, once the focus has settled
    # (a Select's list hands the focus back to the Select as it closes).
    def on_descendant_focus(self) -> None:
        self.call_after_refresh(self._mark_focused_row)

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._mark_focused_row)

    def _mark_focused_row(self) -> None:
        focused = self.focused
        for row in self.query(".field"):
            row.set_class(focused is not None and row in focused.ancestors, "-focused")

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._touched = True
        self._preview(self.values())

    @work(thread=True, exclusive=True, group="form-preview")
    def _preview(self, values: dict[str, Any]) -> None:
        try:
            run = self.command(values)
            with previewing():
                receipt = run()
        except (ValueError, RuleBroken) as e:
            self.post_message(self.Previewed([], str(e)))
            return
        # Events name their entity by id; the handles typed in the form, and the offices and
        # bodies a succession touches, name them back.
        typed = {v.strip() for v in values.values() if isinstance(v, str) and v.strip()}
        known = typed | set(self.ledger.handles("offices")) | set(self.ledger.handles("bodies"))
        handles = {entity_id(h): h for h in known}
        described = [logged(0, e, handles) for e in receipt.events]
        lines = [f"{d.type} {d.entity}: {_summary(d.payload)}" for d in described]
        self.post_message(self.Previewed(lines, None))

    def in_form_words(self, message: str) -> str:
        """A rule's message names the CLI's options (`pass --override REASON`); in a form
        it names the fields instead (`fill in Override`)."""
        labels = {
            str(widget.id): str(getattr(widget, "label", "") or label.render()).split(" (")[0]
            for row in self.query(".field")
            if len(row.children) > 1 and (label := row.children[0]) and (widget := row.children[1])
        }

        def field(m: re.Match[str]) -> str:
            label = labels.get(m["option"].replace("-", "_")) or labels.get(m["option"])
            if label is None:
                return m[0]
            return f"fill in {label}" if m["verb"] else label

        return CLI_OPTION.sub(field, message)

    @on(Previewed)
    def _show_preview(self, message: Previewed) -> None:
        self.query_one("#form-preview", Static).update("\n".join(message.lines) or "—")
        error = self.query_one("#form-error", Static)
        error.update(self.in_form_words(message.error or ""))
        error.set_class(not self._touched, "-untouched")
        self.query_one("#form-record", Button).disabled = message.error is not None

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-record")
    def action_record(self) -> None:
        self._record(self.values())

    @work(thread=True, exclusive=True, group="form-record")
    def _record(self, values: dict[str, Any]) -> None:
        try:
            receipt = self.command(values)()
        except (ValueError, RuleBroken) as e:
            self.app.call_from_thread(
                self.notify, self.in_form_words(str(e)), severity="error", timeout=10
            )
            self.post_message(self.Previewed([], str(e)))
            return
        self.app.call_from_thread(self.dismiss, receipt.position)
