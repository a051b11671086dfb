"""Reading the community's paper ledger (台账) for one month, with every bad cell as FILE:ROW:COLUMN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP
from pathlib import Path

from linli.core import LinliError
from linli.core.tabular import Column, RowProblem, parsers as p, read_table

COLUMNS = [
    Column("姓名", ("name", "志愿者"), key="name"),
    # Optional: older ledgers have no phones; such lines are matched by name (see compare.py).
    Column("手机号", ("phone", "mobile", "手机", "联系电话"), p.phone, required=False, key="phone"),
    Column("活动", ("activity", "活动名称", "服务项目"), key="activity"),
    Column("日期", ("date", "服务日期", "活动日期"), p.date, key="date"),
    Column("服务时长（小时）", ("hours", "服务时长", "时长"), p.hours, key="hours"),
]


@dataclass(frozen=True)
class LedgerLine:
    row: int
    name: str
    phone: str | None
    activity: str
    on: dt.date
    minutes: int


@dataclass
class Ledger:
    file: str
    lines: list[LedgerLine] = field(default_factory=list)
    outside: int = 0  # valid lines dated outside the period, left out of the comparison


class LedgerInvalid(LinliError):
    """The ledger has bad cells; nothing is compared until they are fixed, so no half report misleads."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__("reconcile.ledger_invalid", count=total)
        self.problems = problems
        self.total = total


def read_ledger(path: Path, first: dt.date, end: dt.date, *, sheet: str | None = None) -> Ledger:
    """The lines dated in ``[first, end)``; raises :class:`LedgerInvalid` listing every bad cell."""
    with read_table(path, COLUMNS, sheet=sheet) as reader:
        ledger = Ledger(reader.file)
        for row in reader:
            if not row.ok:
                continue
            v = row.values
            if not first <= v["date"] < end:
                ledger.outside += 1
                continue
            minutes = int((v["hours"] * 60).to_integral_value(ROUND_HALF_UP))
            ledger.lines.append(LedgerLine(row.row_number, v["name"], v["phone"], v["activity"], v["date"], minutes))
        if reader.problem_count:
            raise LedgerInvalid(list(reader.problems), reader.problem_count)
    return ledger
