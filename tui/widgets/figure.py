"""One headline figure: a caption over a value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label


class Figure(Widget):
    DEFAULT_CSS = """
    Figure { height: 4; border: round $primary; padding: 0 1; }
    Figure .figure-value { text-style: bold; color: $accent; }
    """

    value: reactive[str] = reactive("…")

    def __init__(self, caption: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.caption = caption

    def compose(self) -> ComposeResult:
        yield Label(self.caption, classes="figure-caption")
        yield Label(self.value, classes="figure-value")

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.query_one(".figure-value", Label).update(value)
