"""CSV files as Excel in China writes them.

“CSV UTF-8” has a BOM, plain “CSV” is GBK (read as its superset GB18030),
“Unicode text” is UTF-16 with tabs. The encoding is decided by decoding the
whole file strictly, UTF-8 first: Chinese GBK text is almost never valid
UTF-8, so the first encoding that decodes without error is the right one.
That check streams the bytes and keeps none of them.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from linli.core.tabular.cells import Cell
from linli.core.tabular.problems import TableError

_CHUNK = 1 << 20
_DELIMITERS = (",", "\t", ";")
_SAMPLE_LINES = 20


def _first_bad_line(path: Path, encoding: str) -> int | None:
    """The line holding the first byte *encoding* can't decode, or None when it all decodes."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines = 1
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return lines + chunk.count(b"\n", 0, max(error.start, 0))
            if not chunk:
                return None
            lines += chunk.count(b"\n")


def detect_encoding(path: Path, head: bytes, file: str) -> str:
    """``utf-16`` for a UTF-16 BOM, else the first of UTF-8 (BOM optional) and GB18030 that fits."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in head:
        raise TableError("tabular.not_text", file=file)
    else:
        candidates = ("utf-8-sig", "gb18030")
    first_bad = None
    for encoding in candidates:
        bad_line = _first_bad_line(path, encoding)
        if bad_line is None:
            return encoding
        first_bad = first_bad or bad_line
    raise TableError("tabular.bad_encoding", file=file, line=first_bad)


def sniff_delimiter(path: Path, encoding: str) -> str:
    """``,`` unless tabs or semicolons split the first lines into more fields."""
    with path.open(encoding=encoding, newline="") as stream:
        sample = [line for line in islice(stream, _SAMPLE_LINES) if line.strip()]

    def widest(delimiter: str) -> int:
        return max((len(fields) for fields in csv.reader(sample, delimiter=delimiter)), default=0)

    best = max(_DELIMITERS, key=widest)  # max keeps the first on ties, so "," wins
    return best if widest(best) > widest(",") else ","


class CsvTable:
    """One CSV file, re-readable; each pass streams it from disk again."""

    kind = "csv"

    def __init__(self, path: Path, file: str, head: bytes) -> None:
        self.path = path
        self.file = file
        self.encoding = detect_encoding(path, head, file)
        try:
            self.delimiter = sniff_delimiter(path, self.encoding)
        except csv.Error:
            raise TableError("tabular.bad_csv", file=file, row=1) from None

    def estimated_rows(self) -> int:
        with self.path.open("rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(_CHUNK), b""))

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """``(row number, cells)`` for every record; numbers count records, as Excel's rows do."""
        number = 0
        with self.path.open(encoding=self.encoding, newline="") as stream:
            records = csv.reader(stream, delimiter=self.delimiter)
            try:
                for number, record in enumerate(records, 1):  # noqa: B007 — number is used after the loop
                    yield number, tuple(record)
            except csv.Error:  # an unclosed quote swallowing the file, a NUL byte, a field over the limit
                raise TableError("tabular.bad_csv", file=self.file, row=number + 1) from None

    def close(self) -> None:
        """Nothing stays open between passes."""
