"""Read a sheet row by row into parsed values, collecting every problem in one pass.

The reader streams: a pass holds one row at a time, so 100,000-row files
import in constant memory. Bad cells don't stop the pass; each row carries its
own problems, and the reader keeps the first *max_problems* of them (and a
count of the rest) for the report an administrator reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from os import PathLike
from pathlib import Path
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ERROR_CODES

from linli.core.i18n import LOCALES, t
from linli.core.tabular.cells import Cell, as_text, clean, is_blank
from linli.core.tabular.checks import RowCheck
from linli.core.tabular.columns import Column, Header, label_table, match_header, matches_any
from linli.core.tabular.problems import CellProblem, RowProblem, TableError, render_problems
from linli.core.tabular.progress import OnProgress, reported, track
from linli.core.tabular.sources import Table, open_table

MAX_PROBLEMS = 1000
#: How many non-blank rows may come before the header (titles like “百步亭花园社区志愿者名册”).
HEADER_SEARCH_ROWS = 10

Rows = Iterator[tuple[int, tuple[Cell, ...]]]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One non-blank data row.

    *values* maps column keys to parsed values (absent optional columns give
    their default; cells that failed to parse are left out). *raw* maps every
    header, as written, to the cell as text, for the rejects file.
    """

    row_number: int
    values: dict[str, Any]
    raw: dict[str, str]
    problems: tuple[RowProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


def rejects_headers() -> tuple[str, ...]:
    """The problem column's header in every locale; a fixed rejects file re-imports without warnings."""
    return tuple(t("tabular.rejects_column", locale) for locale in LOCALES)


class TableReader:
    """Iterable over the :class:`ParsedRow` of one sheet; each iteration is a fresh pass.

    The header is read when the reader is made, so a missing column fails at
    once. Use it as a context manager (or call :meth:`close`) to release the
    workbook.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        columns: Sequence[Column],
        *,
        sheet: str | None = None,
        checks: Iterable[RowCheck] = (),
        header_row: int | None = None,
        max_problems: int = MAX_PROBLEMS,
        progress: bool | OnProgress = False,
    ) -> None:
        self.path = Path(path)
        self.columns = tuple(columns)
        self.checks = tuple(checks)
        self.max_problems = max_problems
        self.progress = progress
        self._labels = label_table(self.columns)
        keys = {column.key for column in self.columns}
        for check in self.checks:
            if unknown := set(check.columns) - keys:
                raise ValueError(f"check refers to unknown column keys {sorted(unknown)}")
        self.table: Table = open_table(self.path, sheet=sheet)
        self.file = self.table.file
        try:
            self.header, self._pending = self._find_header(self.table.rows(), header_row)
        except BaseException:
            self.table.close()
            raise
        self._headers = self.header.by_key()
        # Where each named header's cell is, for the raw values the rejects file writes back.
        self._named = [(index, header) for index, header in enumerate(self.header.headers) if header]
        self._width = len(self.header.headers)
        self._memos = [(bound, _Memo()) for bound in self.header.bound]
        self.problems: list[RowProblem] = []
        self.problem_count = 0
        self.rows_read = 0
        self.rows_valid = 0

    # -- header -----------------------------------------------------------------

    def _find_header(self, rows: Rows, header_row: int | None) -> tuple[Header, Rows]:
        """Match the header row; return it and the rows after it (already-read ones replayed)."""
        seen: list[tuple[int, tuple[Cell, ...]]] = []
        found = None
        for number, cells in rows:
            if header_row is not None:
                if number == header_row:
                    found = (number, cells)
                    break
                continue
            if all(is_blank(cell) for cell in cells):
                continue
            seen.append((number, cells))
            if matches_any(cells, self._labels):
                found = (number, cells)
                break
            if len(seen) >= HEADER_SEARCH_ROWS:
                break
        if found is None and seen and header_row is None:
            found = seen[0]  # nothing looked like a header: report against the first row
        if found is None:
            raise TableError("tabular.no_header", file=self.file)
        number, cells = found
        header = match_header(self.file, number, cells, self.columns, ignored=rejects_headers())
        after = [item for item in seen if item[0] > number]
        return header, chain(after, rows)

    @property
    def headers(self) -> tuple[str, ...]:
        """Every non-blank header as written, in file order."""
        return tuple(header for header in self.header.headers if header)

    @property
    def warnings(self) -> tuple[RowProblem, ...]:
        """Unknown headers that were ignored."""
        return self.header.warnings

    # -- rows -------------------------------------------------------------------

    def __iter__(self) -> Iterator[ParsedRow]:
        rows = self._pending
        self._pending = None
        if rows is None:
            rows = (item for item in self.table.rows() if item[0] > self.header.row)
        self.problems, self.problem_count, self.rows_read, self.rows_valid = [], 0, 0, 0
        self._memos = [(bound, _Memo()) for bound in self.header.bound]
        for check in self.checks:
            check.start()
        if self.progress:
            estimate = self.table.estimated_rows()
            total = None if estimate is None else max(estimate - self.header.row, 0)
            if callable(self.progress):
                rows = reported(rows, total=total, on_progress=self.progress)
            else:
                rows = track(rows, total=total, label=t("tabular.progress", file=self.file))
        for number, cells in rows:
            if all(is_blank(cell) for cell in cells):
                continue
            row = self._parse(number, cells)
            self.rows_read += 1
            if row.ok:
                self.rows_valid += 1
            else:
                self.problem_count += len(row.problems)
                room = self.max_problems - len(self.problems)
                if room > 0:
                    self.problems.extend(row.problems[:room])
            yield row

    def batches(self, size: int = 5000) -> Iterator[list[ParsedRow]]:
        """The rows of one pass in lists of up to *size*, for bulk inserts; invalid rows included."""
        if size < 1:
            raise ValueError("batch size must be at least 1")
        rows = iter(self)
        while batch := list(islice(rows, size)):
            yield batch

    def _parse(self, number: int, cells: tuple[Cell, ...]) -> ParsedRow:
        width = len(cells)
        if width >= self._width:
            raw = {header: as_text(cells[index]) for index, header in self._named}
        else:
            raw = {header: as_text(cells[index]) if index < width else "" for index, header in self._named}
        values: dict[str, Any] = {}
        problems: list[RowProblem] = []
        for bound, memo in self._memos:
            cell = cells[bound.index] if bound.index < width else None
            if memo.open and type(cell) is str:
                outcome = memo.get(cell, _MISSING)
                if outcome is _MISSING:
                    outcome = memo.learn(cell, _cell_outcome(bound.column, cell), self.rows_read + 1)
            else:
                outcome = _cell_outcome(bound.column, cell)
            if isinstance(outcome, CellProblem):
                problems.append(RowProblem(self.file, number, bound.header, outcome.key, dict(outcome.params)))
            else:
                values[bound.column.key] = outcome
        for column in self.header.absent:
            values[column.key] = column.default
        for check in self.checks:
            for problem in check(number, values):
                found = self._headers.get(problem.column or "")
                where = found.header if found else problem.column
                problems.append(RowProblem(self.file, number, where, problem.key, problem.params))
        return ParsedRow(number, values, raw, tuple(problems))

    # -- reporting and cleanup --------------------------------------------------

    def report(self, locale: str | None = None) -> list[str]:
        """The problems of the last pass, one line each, ending with ``… and N more`` if capped."""
        return render_problems(self.problems, self.problem_count, locale)

    def close(self) -> None:
        self._pending = None
        self.table.close()

    def __enter__(self) -> TableReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_table(
    path: str | PathLike[str],
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    checks: Iterable[RowCheck] = (),
    header_row: int | None = None,
    max_problems: int = MAX_PROBLEMS,
    progress: bool | OnProgress = False,
) -> TableReader:
    """Open *path* (.xlsx or .csv) and match its header against *columns*.

    Raises :class:`TableError` when the file can't be read as a table or lacks
    a required column. *sheet* names a worksheet (default: the first);
    *header_row* fixes the header's row number (default: the first row, among
    the first ten non-blank ones, that names a known column). *progress* True
    draws a bar on a terminal for large files; a callable is told (rows so
    far, estimated total or None) as each pass goes.
    """
    return TableReader(
        path,
        columns,
        sheet=sheet,
        checks=checks,
        header_row=header_row,
        max_problems=max_problems,
        progress=progress,
    )


_MISSING: Any = object()
#: Distinct cells a column's memo holds before it checks that they repeat; past the limit it learns no more.
_TRIAL, _LIMIT = 4096, 50_000
#: Parsed values that may be shared by the rows whose cells are alike (nothing a writer could change in place).
_SHAREABLE = (str, int, float, Decimal, bool, dt.date, dt.datetime, dt.time, dt.timedelta, type(None))


def _cell_outcome(column: Column, value: Cell) -> Any:
    """The parsed value of one cell, or the :class:`CellProblem` it has (returned, not raised)."""
    cell = clean(value)
    try:
        if cell is None or cell == "":
            if column.required:
                raise CellProblem("tabular.required")
            return column.default
        if isinstance(cell, str) and len(cell) > column.max_chars:
            raise CellProblem("tabular.too_long", length=len(cell), limit=column.max_chars)
        if isinstance(cell, str) and cell in ERROR_CODES:
            raise CellProblem("tabular.excel_error", value=cell)
        return column.parse(cell)
    except CellProblem as problem:
        return problem.with_traceback(None)  # kept in a memo: holding no frames


class _Memo(dict[str, Any]):
    """Text cells already parsed in one column this pass → their outcome.

    District sheets repeat most cells (the same org, activity, date, gender
    on thousands of rows), and parsing each again was a quarter of an
    import. A column whose cells hardly repeat (phones, ID numbers) is
    forgotten once :data:`_TRIAL` distinct cells show it, so it costs no
    memory; outcomes that are not plainly immutable are never shared
    between rows. Parsers are functions of the cell alone, so a remembered
    outcome is the one parsing again would give.
    """

    def __init__(self) -> None:
        super().__init__()
        self.open = True

    def learn(self, cell: str, outcome: Any, rows: int) -> Any:
        """Remember *outcome* for *cell*, *rows* rows into the pass; closes when cells hardly repeat."""
        if len(self) >= _TRIAL and rows < 2 * len(self):
            self.open = False
            self.clear()
        elif len(self) < _LIMIT and _shareable(outcome):
            self[cell] = outcome
        return outcome


def _shareable(outcome: Any) -> bool:
    kind = type(outcome)
    if kind is tuple:
        return all(type(item) in _SHAREABLE for item in outcome)
    return kind is CellProblem or kind in _SHAREABLE
