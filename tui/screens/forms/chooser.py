"""A short list of forms to choose from, for the keys that stand for a family of them
(corrections and retractions) rather than one command."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType


class FormChooser(ModalScreen[str | None]):
    """Offers `choices` (form key, what it is called, what it does); Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="form chooser"):
            yield Label(self.title_text, classes="box-title")
            yield OptionList(
                *[Option(f"{name}  [dim]{what}[/]", id=key) for key, name, what in self.choices],
                id="chooser",
            )
            yield Label("Enter opens the form · Esc cancels", classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
