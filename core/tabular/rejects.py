"""The rejects file: the rows that didn't import, ready to fix in Excel and import again.

It sits beside the input (``members.xlsx`` → ``members.rejects.csv``), holds
the original columns exactly as headed in the input plus one problem column,
and is UTF-8 with a BOM, which is what makes Excel open Chinese CSV correctly.
Cells that Excel would run as formulas get a leading ``'``; the reader drops it
again, so a fixed rejects file imports as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from itertools import chain
from os import PathLike
from pathlib import Path

from linli.core.i18n import t
from linli.core.tabular.cells import FORMULA_START
from linli.core.tabular.problems import TableError
from linli.core.tabular.reader import ParsedRow


def rejects_path(source: str | PathLike[str]) -> Path:
    """``members.xlsx`` → ``members.rejects.csv`` in the same folder."""
    path = Path(source)
    return path.with_name(f"{path.stem}.rejects.csv")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def write_rejects(
    source: str | PathLike[str],
    rows: Iterable[ParsedRow],
    *,
    headers: Sequence[str] | None = None,
    locale: str | None = None,
) -> Path | None:
    """Write the invalid ones among *rows* beside *source*; return the path, or None if all were valid.

    *rows* may be a whole :class:`~linli.core.tabular.reader.TableReader` (a
    second pass streams straight to disk). *headers* fixes the column order;
    by default it is the first invalid row's. Nothing is written, and no old
    rejects file is touched, when there are no invalid rows.
    """
    target = rejects_path(source)
    problem_header = t("tabular.rejects_column", locale)
    invalid = (row for row in rows if not row.ok)
    first = next(invalid, None)
    if first is None:
        return None
    columns = list(headers if headers is not None else first.raw)
    try:
        with target.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow([*columns, problem_header])
            for row in chain([first], invalid):
                problems = "\n".join(
                    f"{problem.column}: {problem.message(locale)}" if problem.column else problem.message(locale)
                    for problem in row.problems
                )
                writer.writerow([*(_safe(row.raw.get(column, "")) for column in columns), problems])
    except OSError as error:
        raise TableError("tabular.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None
    return target

