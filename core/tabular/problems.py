"""What goes wrong while reading a table, said so a district administrator can fix it.

Two levels: a :class:`TableError` stops the whole file (it is not a
spreadsheet, a required column is missing …); a :class:`RowProblem` marks one
cell or row and reading goes on, so one pass finds every bad cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from linli.core.errors import LinliError
from linli.core.i18n import t
from linli.core.tabular.cells import as_text

#: How much of a bad value a message quotes; a 2,000-character cell stays readable.
SHOWN_CHARS = 40


class TableError(LinliError):
    """The file as a whole can't be read; ``key`` is a ``tabular.*`` message."""


class CellProblem(Exception):
    """Raised by a cell parser: *key* and *params* say what is wrong, not where.

    The reader adds the file, row and column. A row check sets *column* (a
    column key) to say which cell the problem belongs to.
    """

    def __init__(self, key: str, /, *, column: str | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.column = column
        self.params = params


def shown(value: object) -> str:
    """*value* as quoted in a message: text, cut to :data:`SHOWN_CHARS` characters."""
    text = as_text(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class RowProblem:
    """One bad cell (or row, when *column* is None), located like a compiler error.

    *column* is the header text exactly as written in the file, so the
    administrator finds it at a glance; *row* is the file's own 1-based row.
    """

    file: str
    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, locale: str | None = None) -> str:
        return t(self.key, locale, **self.params)

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)

    def render(self, locale: str | None = None) -> str:
        """``FILE:ROW:COLUMN: message``, e.g. ``members.xlsx:17:手机号: 不是有效的手机号…``."""
        return f"{self.where()}: {self.message(locale)}"


def render_problems(problems: Iterable[RowProblem], total: int, locale: str | None = None) -> list[str]:
    """One line per listed problem, plus ``… and N more`` when *total* exceeds what was kept."""
    lines = [problem.render(locale) for problem in problems]
    if total > len(lines):
        lines.append(t("tabular.more_problems", locale, count=total - len(lines)))
    return lines
