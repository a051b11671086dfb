"""The administrator's terminal UI: sign in, then switch between screens by key or command palette."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from textual.app import App, SystemCommand
from textual.screen import Screen

from linli.core.errors import LinliError
from linli.core.i18n import t
from linli.core.runtime import Runtime
from linli.core.services import Context
from linli.tui.screens import SCREENS
from linli.tui.screens.sign_in import SignInScreen

T = TypeVar("T")


class LinliApp(App[None]):
    """One program, one signed-in operator; every read and write runs as that operator, off the UI thread."""

    CSS_PATH = "app.tcss"

    def __init__(self, runtime: Runtime, *, username: str | None = None) -> None:
        super().__init__()
        self.runtime = runtime
        self.lang = runtime.program.locale
        self.username = username
        self.title = self.say("title")
        self.sub_title = runtime.program.name
        self._name_palette()
        for key, name in zip(("f2", "f3", "f4", "f5", "f6"), SCREENS, strict=True):
            self.bind(key, f"show('{name}')", description=self.say(f"screen_{name}"))

    def _name_palette(self) -> None:
        """Textual adds the palette's key with an English description; the footer shows it in the program's locale."""
        keys = self._bindings.key_to_bindings
        found = keys.get(self.COMMAND_PALETTE_BINDING, [])
        keys[self.COMMAND_PALETTE_BINDING] = [
            dataclasses.replace(b, description=self.say("palette")) if b.action == "command_palette" else b for b in found
        ]

    def say(self, key: str, **params: Any) -> str:
        """The TUI catalogue's text for *key* in the program's locale."""
        return t(f"tui.{key}", self.lang, **params)

    def on_mount(self) -> None:
        if self.username is None:
            self.push_screen(SignInScreen())
        else:
            self.signed_in(self.username)

    def signed_in(self, username: str) -> None:
        self.username = username
        self.sub_title = f"{self.runtime.program.name} · {username}"
        if isinstance(self.screen, SignInScreen):
            self.switch_screen(SCREENS["dashboard"]())
        else:
            self.push_screen(SCREENS["dashboard"]())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.username is not None if action == "show" else True

    def action_show(self, name: str) -> None:
        screen = SCREENS[name]
        if not isinstance(self.screen, screen):
            self.switch_screen(screen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.username is not None:
            for name in SCREENS:
                yield SystemCommand(self.say(f"screen_{name}"), self.say(f"screen_{name}_help"), partial(self.action_show, name))

    async def view(self, work: Callable[[Context], T]) -> T | None:
        """Read as the operator in a thread; a refusal becomes a notification and None."""
        return await self._run(self.runtime.view, work)

    async def act(self, work: Callable[[Context], T]) -> T | None:
        """Change as the operator in one write transaction in a thread; a refusal becomes a notification and None."""
        return await self._run(self.runtime.act, work)

    async def _run(self, runner: Callable[[str, Callable[[Context], T]], T], work: Callable[[Context], T]) -> T | None:
        assert self.username is not None, "signed in before any service call"
        try:
            return await asyncio.to_thread(runner, self.username, work)
        except LinliError as error:
            self.notify(error.render(self.lang), title=self.say("refused"), severity="error", timeout=8)
            return None
