"""A located problem in a program file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linli.core.i18n import t

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a program file.

    Plugins create problems with a document *path* (e.g. ``("roles", "站长",
    "levels", 0)``) and a message key with its parameters; the loader fills in
    *file*, *line* and *column* from the path. *text* may carry a message a
    plugin already rendered.
    """

    path: Path_
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    at_key: bool = False  # point at the key itself (an unknown key), not its value

    def message(self, locale: str | None = None) -> str:
        return self.text if self.text is not None else t(self.key, locale, **self.params)

    def dotted_path(self) -> str:
        return ".".join(str(part) for part in self.path) if self.path else "(document)"

    def render(self, locale: str | None = None) -> str:
        """``FILE:LINE:COL: path: message``, as compilers print errors."""
        where = self.file or "<config>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        if not self.path:
            return f"{where}: {self.message(locale)}"
        return f"{where}: {self.dotted_path()}: {self.message(locale)}"
