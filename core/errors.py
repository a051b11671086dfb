"""Errors meant for people. Each one is rendered from the message catalogue."""

from __future__ import annotations

from typing import Any

from linli.core.i18n import t


class LinliError(Exception):
    """Base of every error linli reports to a user without a traceback.

    *key* names a catalogue message; *params* fill its placeholders.
    """

    exit_code = 1

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, locale: str | None = None) -> str:
        return t(self.key, locale, **self.params)

    def __str__(self) -> str:
        return self.render()


class ConfigError(LinliError):
    """A program file is invalid; carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("config.invalid", count=len(problems))
        self.problems = problems


class NotFound(LinliError):
    """A named thing (member, org node, activity, …) does not exist."""


class PermissionDenied(LinliError):
    """The operator's role or scope does not allow the operation."""


class Refused(LinliError):
    """A business rule refuses the operation (insufficient points, illegal transition, …)."""


class PluginError(LinliError):
    """A plugin's hook raised or returned something malformed."""

    def __init__(self, plugin: str, hook: str, detail: str) -> None:
        super().__init__("plugins.hook_failed", plugin=plugin, hook=hook, detail=detail)
        self.plugin = plugin
        self.hook = hook
