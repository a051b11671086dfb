"""Award lists as a terminal table, a CSV file (UTF-8 with BOM, which Excel opens without asking) or a workbook."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@")
SHEET_TITLE_CHARS = 31  # Excel's limit
SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def show(heading: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = Table(*headers, title=heading)
    for row in rows:
        table.add_row(*(str(value) for value in row))
    Console().print(table)


def write(target: Path, fmt: str, sheet: str, heading: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """The heading row, the headers, then *rows*; text that looks like a formula is kept as text.

    *sheet* names the workbook's sheet, without the characters Excel forbids there.
    """
    lines = [[heading], list(headers), *([_safe(value) for value in row] for row in rows)]
    if fmt == "csv":
        with target.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows(lines)
        return
    book = Workbook(write_only=True)
    page = book.create_sheet(SHEET_FORBIDDEN.sub("_", sheet)[:SHEET_TITLE_CHARS])
    for line in lines:
        page.append(line)
    book.save(target)


def _safe(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
