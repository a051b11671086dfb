"""What every screen shares: the typed app, and key bindings described in the program's locale."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from linli.core.i18n import has, t

if TYPE_CHECKING:
    from linli.tui.app import LinliApp


def localized(binding: Binding, locale: str) -> Binding:
    """*binding* with its description translated when the description is a message key (``tui.refresh``)."""
    if not has(binding.description):
        return binding
    return dataclasses.replace(binding, description=t(binding.description, locale))


class LinliScreen(Screen[None]):
    """A screen of :class:`~linli.tui.app.LinliApp`; ``KEYS`` are (key, action, ``tui`` catalogue key) shown in the footer."""

    KEYS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    #: Operator roles that may open the screen. Its F-key and palette entry appear only for them,
    #: and an operator lands on the first screen their role may open.
    ROLES: ClassVar[frozenset[str]] = frozenset({"admin"})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Textual merges BINDINGS when a class is made, before any locale is known: the
        # message key stands in for the description until active_bindings shows it.
        if "KEYS" in cls.__dict__:
            own = cls.__dict__.get("BINDINGS", [])
            cls.BINDINGS = [*own, *(Binding(key, action, f"tui.{label}") for key, action, label in cls.KEYS)]
        super().__init_subclass__(**kwargs)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's active bindings (what the footer and key panel show), descriptions in the program's locale."""
        lang = self.linli.lang
        return {key: active._replace(binding=localized(active.binding, lang)) for key, active in super().active_bindings.items()}

    @property
    def linli(self) -> LinliApp:
        return cast("LinliApp", self.app)

    def say(self, key: str, **params: Any) -> str:
        return self.linli.say(key, **params)
