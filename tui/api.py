"""What a plugin's screen may use of the terminal UI; everything else in ``linli.tui`` may change without notice.

A plugin adds a screen through the ``linli_tui_screens`` hook, importing this
module inside its implementation so Textual loads only with the terminal UI::

    @hookimpl
    def linli_tui_screens(program):
        from my_plugin.tui import LoansScreen

        return [("loans", t("my_plugin.screen_title", program.locale), LoansScreen)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from linli.core import Context, t
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.confirm import ConfirmModal
from linli.tui.widgets.reason import ReasonModal

T = TypeVar("T")

__all__ = ["PluginScreen"]


class PluginScreen(LinliScreen):
    """A plugin's screen: reads and changes as the signed-in operator, speaks from the plugin's catalogue.

    ``CATALOGUE`` is the plugin's message file stem: ``say("title")`` reads
    ``<CATALOGUE>.title`` in the program's locale. Key bindings are Textual
    ``BINDINGS`` whose descriptions are full message keys
    (``Binding("r", "redeem", "my_plugin.redeem")``): the footer shows them
    in the program's locale. ``ROLES`` are the operator roles that may open
    the screen (administrators only, unless the plugin says otherwise: a
    merchant's counter screen adds ``"clerk"``).
    """

    CATALOGUE: ClassVar[str] = ""

    @property
    def locale(self) -> str:
        return self.linli.lang

    def say(self, key: str, **params: Any) -> str:
        return t(f"{self.CATALOGUE}.{key}", self.locale, **params)

    async def view(self, work: Callable[[Context], T]) -> T | None:
        """Read as the operator in a thread; a refusal is shown as a notification and gives None."""
        return await self.linli.view(work)

    async def act(self, work: Callable[[Context], T]) -> T | None:
        """Change as the operator in one transaction in a thread; a refusal is shown as a notification and gives None."""
        return await self.linli.act(work)

    async def confirm(self, question: str) -> bool:
        """Ask yes or no before a change; call it from a worker (``@work(group="decide")``)."""
        modal = ConfirmModal(question, yes=self.linli.say("answer_yes"), no=self.linli.say("answer_no"))
        return bool(await self.app.push_screen_wait(modal))

    async def ask(self, question: str, *, placeholder: str, required: str) -> str | None:
        """A line of text (Enter gives it, Escape None); blank is not accepted. Call it from a worker."""
        answer: str | None = await self.app.push_screen_wait(ReasonModal(question, placeholder=placeholder, required=required))
        return answer
