"""Sign in: an operator's username and password, checked by ``sign_in`` (slowed after repeated failures)."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Footer, Header, Input, Label, Static

from linli.core import LinliError
from linli.core.services.operators import sign_in
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
        refusal = await asyncio.to_thread(self._check, username, password)
        self.query_one("#sign-in-button", Button).disabled = False
        if refusal is None:
            self.linli.signed_in(username)
            return
        self.query_one("#sign-in-error", Static).update(refusal)
        self.query_one("#password", Input).clear()
        self.query_one("#password", Input).focus()

    def _check(self, username: str, password: str) -> str | None:
        """None when signed in; else what to tell the person (wrong password, or wait N seconds)."""
        try:
            operator = sign_in(self.linli.runtime.database, username, password, now=self.linli.runtime.now)
        except LinliError as error:
            return error.render(self.linli.runtime.program.locale)
        return None if operator is not None else self.say("sign_in_failed")
