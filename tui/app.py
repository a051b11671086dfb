"""The administrator's terminal UI: sign in, then switch between screens by key or command palette."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from linli.core.errors import LinliError
from linli.core.i18n import t
from linli.core.runtime import Runtime
from linli.core.services import Context
from linli.tui.screens import SCREENS
from linli.tui.screens.base import localized
from linli.tui.screens.sign_in import SignInScreen

T = TypeVar("T")


class LinliApp(App[None]):
    """One program, one signed-in operator; every read and write runs as that operator, off the UI thread."""

    CSS_PATH = "app.tcss"
    # Declared here, Textual does not add its own palette binding (described in English); screens show the key's text.
    BINDINGS = [Binding(App.COMMAND_PALETTE_BINDING, "command_palette", "tui.palette", show=False, priority=True, key_display=App.COMMAND_PALETTE_DISPLAY)]

    def __init__(self, runtime: Runtime, *, username: str | None = None) -> None:
        super().__init__()
        self.runtime = runtime
        self.lang = runtime.program.locale
        self.username = username
        self.title = self.say("title")
        self.sub_title = runtime.program.name
        self.screen_classes: dict[str, type[Screen[None]]] = dict(SCREENS)
        self.titles = {name: (self.say(f"screen_{name}"), self.say(f"screen_{name}_help")) for name in SCREENS}
        self.notices: list[str] = []
        self.role: str | None = None
        self._add_plugin_screens()
        # F2 to F12 open the screens in order, plugins' after core's; any beyond those are reached through the command palette.
        for key, name in zip((f"f{n}" for n in range(2, 13)), self.screen_classes, strict=False):
            self.bind(key, f"show('{name}')", description=self.titles[name][0])

    def _add_plugin_screens(self) -> None:
        """Screens plugins add through ``linli_tui_screens``, after the core ones; a name already taken is skipped."""
        try:
            contributed = self.runtime.hooks.by_plugin("linli_tui_screens", program=self.runtime.program)
        except LinliError as error:  # a broken plugin costs the plugin screens, not the terminal UI
            self.notices.append(error.render(self.lang))
            return
        for plugin, entries in contributed:
            for name, title, screen in entries:
                if name in self.screen_classes:
                    self.notices.append(self.say("screen_taken", plugin=plugin, name=name))
                    continue
                self.screen_classes[name] = screen
                self.titles[name] = (title, self.say("screen_plugin_help", plugin=plugin, title=title))

    def say(self, key: str, **params: Any) -> str:
        """The TUI catalogue's text for *key* in the program's locale."""
        return t(f"tui.{key}", self.lang, **params)

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(notice, title=self.say("refused"), severity="error", timeout=8)
        if self.username is None:
            self.push_screen(SignInScreen())
        else:
            self.signed_in(self.username)

    def signed_in(self, username: str) -> None:
        """Open the first screen the operator's role may use: the dashboard for an administrator, the counter for a clerk."""
        self.role = self.runtime.view(username, lambda ctx: ctx.operator.role)
        first = next((name for name in self.screen_classes if self.may_open(name)), None)
        if first is None:  # a clerk in a program without a screen for clerks
            self.notify(self.say("no_screens", role=self.role), title=self.say("refused"), severity="error", timeout=8)
            return
        self.username = username
        self.sub_title = f"{self.runtime.program.name} · {username}"
        if isinstance(self.screen, SignInScreen):
            self.switch_screen(self.screen_classes[first]())
        else:
            self.push_screen(self.screen_classes[first]())
        # What is alive once the first screen is up (Textual, SQLAlchemy, the program) lives as long as the app:
        # frozen, it is left out of full collections, which otherwise paused a keystroke 70-135 ms (bench/tui_scale.py).
        self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        gc.unfreeze()  # an app run inside a longer process (tests, a notebook) leaves its objects collectable

    def may_open(self, name: str) -> bool:
        """Whether the signed-in operator's role may open screen *name*."""
        return self.role in getattr(self.screen_classes[name], "ROLES", ())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "show":
            return True
        return self.username is not None and self.may_open(str(parameters[0]))

    def action_show(self, name: str) -> None:
        screen = self.screen_classes[name]
        if not isinstance(self.screen, screen):
            self.switch_screen(screen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.username is not None:
            for name, (title, help_text) in self.titles.items():
                if self.may_open(name):
                    yield SystemCommand(title, help_text, partial(self.action_show, name))
            # The screen's own keys too (redeem, dispatch …), so the palette reaches every action: read from the
            # screen's classes, since a focused text box hides the letters it would take from active_bindings.
            for binding in own_keys(screen):
                namespace, action, parameters = parse(binding.action)
                if namespace or not binding.show or not binding.description or screen.check_action(action, parameters) is False:
                    continue
                shown = binding.key_display or self.get_key_display(binding)
                title = localized(binding, self.lang).description
                yield SystemCommand(title, self.say("palette_key", keys=shown), partial(self.run_from_palette, screen, binding.action))

    async def run_from_palette(self, screen: Screen[Any], action: str) -> None:
        """Run a screen's key action chosen in the palette, first leaving the text box that would have taken its key."""
        if isinstance(screen.focused, Input | TextArea):
            screen.set_focus(None)
        await screen.run_action(action)

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


def own_keys(screen: Screen[Any]) -> Iterator[Binding]:
    """The bindings the screen's own classes declare (Textual's Screen adds only focus keys); a subclass's key wins."""
    seen: set[str] = set()
    for cls in type(screen).__mro__:
        if cls is Screen:
            return
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            if binding.key not in seen:
                seen.add(binding.key)
                yield binding
