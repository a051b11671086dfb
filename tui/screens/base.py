"""What every screen shares: the typed app and key bindings described in the program's locale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from linli.tui.app import LinliApp


class LinliScreen(Screen[None]):
    """A screen of :class:`~linli.tui.app.LinliApp`; ``KEYS`` are (key, action, catalogue key) shown in the footer."""

    KEYS: tuple[tuple[str, str, str], ...] = ()

    def __init__(self) -> None:
        super().__init__()
        for key, action, label in self.KEYS:
            # Screen.BINDINGS are fixed at class creation; localized descriptions need the instance's map.
            self._bindings.bind(key, action, self.say(label))

    @property
    def linli(self) -> LinliApp:
        return cast("LinliApp", self.app)

    def say(self, key: str, **params: Any) -> str:
        return self.linli.say(key, **params)
