"""Open a file as a table of raw rows, deciding its kind from its name and its first bytes.

Administrators rename files freely (an .xlsx saved as “members.csv”, a
web-exported HTML page named .xls), so the extension picks the family and the
content is checked before anything is parsed. Every way a file can fail to be
a table ends as a :class:`TableError` with a catalogue message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from linli.core.tabular.cells import Cell
from linli.core.tabular.csvfile import CsvTable
from linli.core.tabular.problems import TableError
from linli.core.tabular.xlsxfile import XlsxTable

ZIP_MAGIC = b"PK\x03\x04"
#: Compound-file magic: old .xls, WPS .et, and any password-protected workbook.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD = 64 * 1024

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv")


class Table(Protocol):
    """Raw rows of one sheet: ``(1-based row number, cells)``, re-readable pass after pass."""

    kind: str
    file: str

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]: ...
    def estimated_rows(self) -> int | None: ...
    def close(self) -> None: ...


def open_table(path: Path, *, sheet: str | None = None, file: str | None = None) -> Table:
    """The table in *path*; *file* is the name messages use (default: the file name).

    *sheet* picks a worksheet by name in a workbook and is ignored for CSV.
    """
    file = file or path.name
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
    except FileNotFoundError:
        raise TableError("tabular.not_found", file=str(path)) from None
    except IsADirectoryError:
        raise TableError("tabular.unsupported_type", file=file, suffix=path.suffix or "/") from None
    except OSError as error:  # permission denied, file locked by Excel on Windows …
        raise TableError("tabular.unreadable", file=file, detail=error.strerror or type(error).__name__) from None
    suffix = path.suffix.lower()
    if suffix not in (*XLSX_SUFFIXES, *CSV_SUFFIXES, ".xls"):
        raise TableError("tabular.unsupported_type", file=file, suffix=suffix or "—")
    if not head.strip():
        raise TableError("tabular.empty_file", file=file)
    if head.startswith(ZIP_MAGIC):
        return XlsxTable(path, file, sheet)
    if head.startswith(OLE_MAGIC) or suffix == ".xls":
        raise TableError("tabular.old_xls", file=file)
    if suffix in XLSX_SUFFIXES:
        raise TableError("tabular.bad_xlsx", file=file)
    return CsvTable(path, file, head)
