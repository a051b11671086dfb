"""Writing an export as the CSV or workbook an administrator opens in Excel.

Both start with a note row saying what the file holds (scope, time, which
fields are masked) above the header, which the importers skip, so an export
imports again. CSV is UTF-8 with a BOM, the one encoding Excel opens
Chinese text in without asking; workbooks are streamed (write-only mode), so
500,000 rows don't sit in memory, and keep numbers like phones as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from rich.console import Console
from rich.table import Table

from linli.core.errors import LinliError
from linli.core.tabular.cells import FORMULA_START, as_text

FORMATS = ("csv", "xlsx")
#: Excel's limit on a sheet title, and the characters it forbids there.
SHEET_TITLE_CHARS = 31
SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def write_table(target: Path, fmt: str, *, title: str, note: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write *rows* under *note* and *headers*; returns how many rows were written."""
    try:
        if fmt == "csv":
            return _csv(target, note, headers, rows)
        return _xlsx(target, title, note, headers, rows)
    except OSError as error:
        raise LinliError("exporters.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None


def print_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """The same rows as a table on the terminal, for ``--format table``."""
    table = Table(*headers, title=title)
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    Console().print(table)


def _csv(target: Path, note: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([note])
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_safe(value) if isinstance(value, str) else as_text(value) for value in row])
            count += 1
    return count


def _xlsx(target: Path, title: str, note: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_FORBIDDEN.sub("_", title)[:SHEET_TITLE_CHARS])
    sheet.append([note])
    sheet.append(list(headers))
    count = 0
    for row in rows:
        sheet.append([_safe(value) if isinstance(value, str) else value for value in row])
        count += 1
    workbook.save(target)
    return count


def _safe(text: str) -> str:
    """A leading ' keeps Excel (and openpyxl) from running a cell as a formula; the importers drop it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def local(when: dt.datetime | None, zone: dt.tzinfo) -> dt.datetime | None:
    """A stored time as the wall-clock time people read (workbooks hold no time zones)."""
    return None if when is None else when.astimezone(zone).replace(tzinfo=None, microsecond=0)
