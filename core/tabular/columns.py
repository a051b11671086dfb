"""Column specs and how a file's header row is matched against them.

Each importer declares its sheet once as a list of :class:`Column`; the
administrator's header text only has to fold to a name or alias (see
:func:`~linli.core.tabular.cells.fold`), so ``服务时长(小时)`` matches
``服务时长（小时）`` and ``Phone`` matches ``phone``.

Unknown headers are not errors: district sheets carry extra columns (备注,
序号, 楼栋 …) that this import doesn't need. They are ignored and reported as
warnings, with the closest known column suggested, so a misspelt optional
column isn't lost silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from linli.core.tabular.cells import Cell, as_text, clean, fold
from linli.core.tabular.parsers import Parser, text
from linli.core.tabular.problems import RowProblem, TableError, shown

#: Cells longer than this are a problem, not a value (Excel itself stops at 32,767).
MAX_CELL_CHARS = 2000


@dataclass(frozen=True)
class Column:
    """One column a sheet kind expects.

    *name* is the canonical header (Chinese, as in the template); *aliases*
    are other accepted headers. *required* means the column must be present
    and every row must fill it; an optional column may be absent or blank, and
    then gives *default*. *key* names the value in ``ParsedRow.values``
    (defaults to *name*).
    """

    name: str
    aliases: tuple[str, ...] = ()
    parse: Parser = text
    required: bool = True
    default: Any = None
    key: str = ""
    max_chars: int = MAX_CELL_CHARS

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.name)

    def labels(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Bound:
    """A column found in the file: its spec, its 0-based position and its header as written."""

    column: Column
    index: int
    header: str


@dataclass(frozen=True)
class Header:
    """The matched header row of one file."""

    row: int
    headers: tuple[str, ...]  # every header cell as written ("" for blank ones)
    bound: tuple[Bound, ...]
    absent: tuple[Column, ...]  # optional columns the file doesn't have
    warnings: tuple[RowProblem, ...] = field(default=())

    def by_key(self) -> dict[str, Bound]:
        return {bound.column.key: bound for bound in self.bound}


def label_table(columns: Sequence[Column]) -> dict[str, Column]:
    """Folded name/alias → column; two columns claiming one label is a programming error."""
    table: dict[str, Column] = {}
    keys: set[str] = set()
    for column in columns:
        if column.key in keys:
            raise ValueError(f"two columns share the key {column.key!r}")
        keys.add(column.key)
        for label in column.labels():
            folded = fold(label)
            if table.get(folded, column) is not column:
                raise ValueError(f"header {label!r} is claimed by {table[folded].name!r} and {column.name!r}")
            table[folded] = column
    return table


def matches_any(cells: Sequence[Cell], table: dict[str, Column]) -> bool:
    """Whether a row looks like the header: at least one cell is a known column."""
    return any(fold(as_text(cell)) in table for cell in cells if cell is not None)


def match_header(
    file: str, row: int, cells: Sequence[Cell], columns: Sequence[Column], *, ignored: Sequence[str] = ()
) -> Header:
    """Bind *columns* to the header *cells*, or raise :class:`TableError`.

    Raises for a header written twice (or two headers meaning one column) and
    for required columns that are missing, naming the headers that were found.
    *ignored* headers (the ``问题`` column of a rejects file) are skipped quietly.
    """
    table = label_table(columns)
    quiet = {fold(label) for label in ignored}
    headers = tuple(as_text(clean(cell)) for cell in cells)
    seen: dict[str, int] = {}
    bound: dict[str, Bound] = {}
    warnings: list[RowProblem] = []
    for index, header in enumerate(headers):
        folded = fold(header)
        if not folded:
            continue
        column = table.get(folded)
        same = seen.get(folded) if column is None else (bound[column.key].index if column.key in bound else None)
        if same is not None:
            raise TableError(
                "tabular.duplicate_header",
                file=file,
                first=headers[same],
                first_letter=get_column_letter(same + 1),
                second=header,
                second_letter=get_column_letter(index + 1),
            )
        seen[folded] = index
        if column is not None:
            bound[column.key] = Bound(column, index, header)
        elif folded not in quiet:
            warnings.append(_unknown(file, row, header, columns))
    missing = [column.name for column in columns if column.required and column.key not in bound]
    if missing:
        found = " / ".join(shown(header) for header in headers if header) or "—"
        raise TableError("tabular.missing_columns", file=file, row=row, missing=" / ".join(missing), found=found)
    return Header(
        row=row,
        headers=headers,
        bound=tuple(bound[column.key] for column in columns if column.key in bound),
        absent=tuple(column for column in columns if column.key not in bound),
        warnings=tuple(warnings),
    )


def _unknown(file: str, row: int, header: str, columns: Sequence[Column]) -> RowProblem:
    """A warning for an ignored header, suggesting the closest known name or alias."""
    labels = {fold(label): label for column in columns for label in column.labels()}
    close = difflib.get_close_matches(fold(header), list(labels), n=1, cutoff=0.5)
    if close:
        params = {"header": header, "suggestion": labels[close[0]]}
        return RowProblem(file, row, header, "tabular.unknown_column_like", params)
    return RowProblem(file, row, header, "tabular.unknown_column", {"header": header})
