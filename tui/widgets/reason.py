"""Ask why records are rejected; a blank reason is not accepted, Escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ReasonModal(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, question: str, *, placeholder: str, required: str) -> None:
        super().__init__()
        self.question, self.placeholder, self.required = question, placeholder, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal"):
            yield Static(self.question)
            yield Input(id="reason", placeholder=self.placeholder)
            yield Static("", id="reason-error")

    @on(Input.Submitted, "#reason")
    def submit(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.query_one("#reason-error", Static).update(self.required)
