"""The reconciliation as a terminal report and as a workbook with one sheet per class."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from rich.console import Console
from rich.table import Table

from linli.core import LinliError, mask_mobile, t

from linli.plugins.reconcile.compare import Pair, Report
from linli.plugins.reconcile.ledger import LedgerLine
from linli.plugins.reconcile.platform import PlatformLine

CLASSES = ("matched", "mismatched", "platform_only", "ledger_only")
FORMULA_START = ("=", "+", "-", "@")


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()


def sheets(report: Report, locale: str, *, masked: bool) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Class → (headers, rows); *masked* hides the middle of phones (the terminal), the workbook keeps them for follow-up calls."""
    phone = mask_mobile if masked else (lambda number: number)

    def pair_rows(pairs: Sequence[Pair]) -> list[list[object]]:
        return [
            [
                p.ledger.row,
                p.platform.record_id,
                p.ledger.name,
                phone(p.platform.phone),
                p.ledger.on.isoformat(),
                p.ledger.activity,
                p.platform.activity,
                hours(p.ledger.minutes),
                hours(p.platform.minutes),
                hours(p.difference),
                t("reconcile.by_title" if p.by_title else "reconcile.by_day", locale),
            ]
            for p in pairs
        ]

    def platform_rows(lines: Sequence[PlatformLine]) -> list[list[object]]:
        return [[x.record_id, x.name, phone(x.phone), x.on.isoformat(), x.activity, hours(x.minutes), t(f"states.record_{x.state}", locale)] for x in lines]

    def ledger_rows(lines: Sequence[LedgerLine]) -> list[list[object]]:
        return [[x.row, x.name, phone(x.phone) if x.phone else "", x.on.isoformat(), x.activity, hours(x.minutes)] for x in lines]

    def head(*keys: str) -> list[str]:
        return [t(f"reconcile.col_{key}", locale) for key in keys]

    pair_head = head(
        "row", "record", "name", "phone", "date", "ledger_activity", "platform_activity", "ledger_hours", "platform_hours", "difference", "matched_by"
    )
    return {
        "matched": (pair_head, pair_rows(report.matched)),
        "mismatched": (pair_head, pair_rows(report.mismatched)),
        "platform_only": (head("record", "name", "phone", "date", "activity", "hours", "state"), platform_rows(report.platform_only)),
        "ledger_only": (head("row", "name", "phone", "date", "activity", "hours"), ledger_rows(report.ledger_only)),
    }


def show(report: Report, locale: str) -> None:
    console = Console()
    for kind, (headers, rows) in sheets(report, locale, masked=True).items():
        table = Table(*headers, title=f"{t(f'reconcile.class_{kind}', locale)}（{len(rows)}）")
        for row in rows:
            table.add_row(*(str(value) for value in row))
        console.print(table)


def write_workbook(target: Path, report: Report, locale: str) -> None:
    book = Workbook(write_only=True)
    for kind, (headers, rows) in sheets(report, locale, masked=False).items():
        page = book.create_sheet(t(f"reconcile.class_{kind}", locale))
        page.append(headers)
        for row in rows:
            page.append(["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row])
    try:
        book.save(target)
    except OSError as error:
        raise LinliError("reconcile.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None
