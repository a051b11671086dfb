"""Checks that look across rows, such as “this phone number is already on row 5”.

A check sees each row's parsed values in file order and returns problems for
that row, each naming the column (by key) it belongs to. The reader calls
:meth:`RowCheck.start` before every pass, so re-reading a file starts clean.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Protocol

from linli.core.tabular.problems import CellProblem, shown


class RowCheck(Protocol):
    columns: tuple[str, ...]

    def start(self) -> None:
        """Forget everything seen in a previous pass."""

    def __call__(self, row: int, values: Mapping[str, Any]) -> list[CellProblem]:
        """Problems of the row numbered *row*, whose parsed values are *values*."""


class UniqueCheck:
    """No two rows may share a value (or a combination of values) in *columns*.

    Columns are named by key (a column's *key*, which defaults to its name).
    Rows where any of the columns is blank or failed to parse are not
    compared. The problem goes on the first column and names the earlier row:
    ``members.xlsx:17:手机号: 与第5行重复：“13812345678”``. Memory grows with the
    number of distinct values: 100,000 phone numbers take a few megabytes.
    """

    def __init__(self, *columns: str) -> None:
        if not columns:
            raise ValueError("UniqueCheck needs at least one column")
        self.columns = columns
        self._first: dict[Hashable, int] = {}

    def start(self) -> None:
        self._first.clear()

    def __call__(self, row: int, values: Mapping[str, Any]) -> list[CellProblem]:
        found = [values.get(column) for column in self.columns]
        if any(value is None or value == () for value in found):
            return []
        key: Hashable = found[0] if len(found) == 1 else tuple(found)
        first = self._first.setdefault(key, row)
        if first == row:
            return []
        shown_value = " / ".join(shown(value) for value in found)
        return [CellProblem("tabular.duplicate", column=self.columns[0], first=first, value=shown_value)]
