"""Give a member a role at a node; the form stays open until the service accepts the assignment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from linli.tui.app import LinliApp

Save = Callable[[str, str], Awaitable[int | None]]


class RoleForm(ModalScreen[int | None]):
    """*roles* maps role keys to what the list shows; *save* gets (role key, node code) and returns the assignment id or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", show=False), Binding("ctrl+s", "save", show=False)]

    def __init__(self, heading: str, *, roles: Mapping[str, str], node: str, save: Save) -> None:
        super().__init__()
        self.heading, self.roles, self.node, self.save = heading, roles, node, save

    def say(self, key: str, **params: Any) -> str:
        return cast("LinliApp", self.app).say(key, **params)

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal form"):
            yield Static(self.heading, classes="panel-title")
            yield Label(self.say("field_role"))
            yield OptionList(*(Option(shown, id=key) for key, shown in self.roles.items()), id="form-role")
            with Horizontal(classes="form-row"):
                yield Label(self.say("field_node"))
                yield Input(self.node, id="form-node")
            with Horizontal(classes="modal-buttons"):
                yield Button(self.say("save"), id="save", variant="primary")
                yield Button(self.say("answer_no"), id="cancel")

    def on_mount(self) -> None:
        options = self.query_one("#form-role", OptionList)
        options.highlighted = 0 if self.roles else None
        options.focus()

    @on(OptionList.OptionSelected, "#form-role")
    def chose_role(self) -> None:
        self.query_one("#form-node", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#form-node")
    def submitted(self) -> None:
        self.action_save()

    @work(exclusive=True, group="save")
    async def action_save(self) -> None:
        chosen = self.query_one("#form-role", OptionList).highlighted_option
        if chosen is None or chosen.id is None:
            self.app.bell()
            return
        assignment_id = await self.save(chosen.id, self.query_one("#form-node", Input).value.strip())
        if assignment_id is not None:
            self.dismiss(assignment_id)
