"""Register or edit a member; the form stays open with what was typed until the service accepts it."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static

from linli.tui.queries import MemberFields

if TYPE_CHECKING:
    from linli.tui.app import LinliApp

# Administrators list skills the way they write them on paper: commas (either width), 顿号, semicolons or spaces.
SKILL_SEPARATORS = re.compile(r"[,，、;；\s]+")

Save = Callable[[MemberFields], Awaitable[int | None]]


class MemberForm(ModalScreen[int | None]):
    """Dismisses with the member's id once *save* succeeds; *save* reports a refusal itself and returns None.

    With *keep_numbers* (editing), phone and ID number start blank, showing the
    masked values: a blank field keeps what is stored, since the form never holds the full numbers.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", show=False), Binding("ctrl+s", "save", show=False)]

    def __init__(self, heading: str, *, start: MemberFields, tags: Mapping[str, str], save: Save, keep_numbers: bool) -> None:
        super().__init__()
        self.heading, self.start, self.tags, self.save, self.keep_numbers = heading, start, tags, save, keep_numbers

    def say(self, key: str, **params: Any) -> str:
        return cast("LinliApp", self.app).say(key, **params)

    def compose(self) -> ComposeResult:
        start = self.start
        with Vertical(classes="modal form"):
            yield Static(self.heading, classes="panel-title")
            yield from self.row("field_name", Input(start.name, id="form-name"))
            yield from self.row("field_phone", self.number("form-phone", start.phone))
            yield from self.row("field_id_number", self.number("form-id", start.id_number))
            yield from self.row("field_home_node", Input(start.home_node, id="form-node"))
            yield Label(self.say("field_tags"))
            yield SelectionList[str](*((name, key, key in start.tags) for key, name in self.tags.items()), id="form-tags")
            yield from self.row("field_skills", Input("、".join(start.skills), id="form-skills"))
            with Horizontal(classes="modal-buttons"):
                yield Button(self.say("save"), id="save", variant="primary")
                yield Button(self.say("answer_no"), id="cancel")

    def row(self, label: str, field: Input) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(self.say(label))
            yield field

    def number(self, id: str, stored: str) -> Input:
        if self.keep_numbers:
            return Input("", id=id, placeholder=self.say("unchanged", value=stored or "-"))
        return Input(stored, id=id)

    def on_mount(self) -> None:
        self.query_one("#form-name", Input).focus()

    def typed(self) -> MemberFields:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        skills = tuple(word for word in SKILL_SEPARATORS.split(value("#form-skills")) if word)
        tags = tuple(key for key in self.tags if key in self.query_one("#form-tags", SelectionList).selected)
        return MemberFields(value("#form-name"), value("#form-phone"), value("#form-id"), value("#form-node"), tags, skills)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def pressed_save(self) -> None:
        self.action_save()

    @work(exclusive=True, group="save")
    async def action_save(self) -> None:
        member_id = await self.save(self.typed())
        if member_id is not None:
            self.dismiss(member_id)
