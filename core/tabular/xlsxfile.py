"""``.xlsx`` workbooks, streamed with openpyxl's read-only mode.

Read-only mode parses the sheet XML row by row, so 100,000 rows never sit in
memory at once. The sheet's stored dimensions are used only for the progress
estimate: some programs write them wrong, and openpyxl would silently stop at
the stated last row, so they are reset before reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

from linli.core.tabular.cells import Cell, fold
from linli.core.tabular.problems import TableError


class XlsxTable:
    """One sheet of a workbook; the workbook stays open until :meth:`close`."""

    kind = "xlsx"

    def __init__(self, path: Path, file: str, sheet: str | None) -> None:
        self.file = file
        # A file object, not a name: openpyxl refuses names not ending in .xlsx, and
        # administrators do save workbooks as “members.csv”.
        self._stream = path.open("rb")
        try:
            self.workbook = load_workbook(self._stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl reports a damaged or foreign zip with a dozen exception types
            self._stream.close()
            raise TableError("tabular.bad_xlsx", file=file) from error
        sheets = self.workbook.worksheets  # chart sheets have no rows and are left out
        names = [each.title for each in sheets]
        if sheet is None:
            chosen = sheets[0] if sheets else None
        else:
            wanted = [each for each in sheets if each.title == sheet]
            chosen = (wanted or [each for each in sheets if fold(each.title) == fold(sheet)] or [None])[0]
        if chosen is None:
            self.close()
            raise TableError("tabular.sheet_not_found", file=file, sheet=sheet or "", sheets=" / ".join(names) or "—")
        self.sheet = chosen
        self._estimate = chosen.max_row
        chosen.reset_dimensions()

    def estimated_rows(self) -> int | None:
        return self._estimate

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """``(row number, cells)`` for every row, empty ones included, so numbers are Excel's."""
        values = self.sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                cells = next(values)
            except StopIteration:
                return
            except Exception as error:  # a damaged sheet surfaces as zlib, XML or key errors mid-stream
                raise TableError("tabular.bad_xlsx_row", file=self.file, row=number + 1) from error
            number += 1
            yield number, cells

    def close(self) -> None:
        self.workbook.close()
        self._stream.close()
