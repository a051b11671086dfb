"""Sign in: an operator's username and password, checked by ``authenticate``."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Footer, Header, Input, Label, Static

from linli.core.services import authenticate
from linli.tui.screens.base import LinliScreen


class SignInScreen(LinliScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sign-in"):
            yield Static(self.linli.runtime.program.name, id="sign-in-program")
            yield Label(self.say("username"))
            yield Input(id="username", placeholder=self.say("username"))
            yield Label(self.say("password"))
            yield Input(id="password", password=True, placeholder=self.say("password"))
            yield Button(self.say("sign_in"), id="sign-in-button", variant="primary")
            yield Static("", id="sign-in-error")
        yield Footer()

    @on(Input.Submitted, "#username")
    def next_field(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#sign-in-button")
    async def sign_in(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        self.query_one("#sign-in-button", Button).disabled = True
        accepted = await asyncio.to_thread(self._check, username, password)
        self.query_one("#sign-in-button", Button).disabled = False
        if accepted:
            self.linli.signed_in(username)
            return
        self.query_one("#sign-in-error", Static).update(self.say("sign_in_failed"))
        self.query_one("#password", Input).clear()
        self.query_one("#password", Input).focus()

    def _check(self, username: str, password: str) -> bool:
        with self.linli.runtime.reading() as session:
            operator = authenticate(session, username, password)
            return operator is not None
