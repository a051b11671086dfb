"""A settlement as the sections people read: issuance, merchants' claims, what each source owes, flows, liability."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from rich.console import Console
from rich.table import Table

from linli.core import LinliError, t
from linli.core.tabular import FORMULA_START

from linli.plugins.exchange.settlement import Settlement

SHEET_TITLE_CHARS = 31


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: list[list[object]]


def sections(settlement: Settlement, locale: str) -> list[Section]:
    s = settlement

    def head(*names: str) -> tuple[str, ...]:
        return tuple(t(f"exchange.col_{name}", locale) for name in names)

    def source(label: str) -> str:
        kind, _, owner = label.partition(":")
        if kind == "fund":
            return str(s.funds.get(owner, {}).get("name", owner))
        return t("exchange.source_issuer", locale, code=owner) if kind == "issuer" else t("exchange.source_other", locale)

    issued = [[community, source(src), points, s.liability(points)] for (community, src), points in sorted(s.issued.items())]
    claims = [[c.name, c.merchant, c.redemptions, c.verified, c.points, _yuan(c.claim_fen)] for c in s.claims]
    owed = [[source(src), merchant, points, _yuan(s.owed_fen[(src, merchant)])] for (src, merchant), points in sorted(s.owed.items()) if points]
    yes, no = t("exchange.answer_yes", locale), t("exchange.answer_no", locale)
    flows = [[a, b, yes if a != b else no, points, _yuan(s.flows_fen[(a, b)])] for (a, b), points in sorted(s.flows.items()) if points]
    liability = [[source(src), points, s.liability(points)] for src, points in sorted(s.held.items())]
    flagged = [[str(fund["name"]), key, fund["flagged"]] for key, fund in sorted(s.funds.items()) if fund.get("flagged")]
    held = sum(s.held.values())
    totals = [
        [t("exchange.total_issued", locale), sum(s.issued.values())],
        [t("exchange.total_honoured", locale), sum(c.points for c in s.claims)],
        [t("exchange.total_claims", locale), _yuan(sum(c.claim_fen for c in s.claims))],
        [t("exchange.total_expired", locale), sum(s.expired.values())],
        [t("exchange.total_held", locale), held],
        [t("exchange.total_liability", locale), s.liability(held)],
    ]
    return [
        Section(t("exchange.sec_issued", locale), head("community", "source", "points", "cny"), issued),
        Section(t("exchange.sec_claims", locale), head("merchant", "merchant_code", "redemptions", "verified", "points", "claim"), claims),
        Section(t("exchange.sec_owed", locale), head("source", "merchant_code", "points", "claim"), owed),
        Section(t("exchange.sec_flows", locale), head("earned_in", "spent_in", "cross", "points", "claim"), flows),
        Section(t("exchange.sec_liability", locale, cny=s.cny_per_point), head("source", "points", "cny"), liability),
        Section(t("exchange.sec_flagged", locale), head("fund", "fund_key", "points"), flagged),
        Section(t("exchange.sec_totals", locale), head("item", "value"), totals),
    ]


def show(heading: str, parts: Sequence[Section]) -> None:
    console = Console()
    console.print(heading)
    for part in parts:
        table = Table(*part.headers, title=part.title)
        for row in part.rows:
            table.add_row(*(str(value) for value in row))
        console.print(table)


def write(target: Path, fmt: str, heading: str, parts: Sequence[Section]) -> None:
    """CSV: one file, sections one under another; workbook: one sheet per section."""
    try:
        if fmt == "csv":
            with target.open("w", encoding="utf-8-sig", newline="") as stream:
                out = csv.writer(stream)
                out.writerow([heading])
                for part in parts:
                    out.writerows([[], [part.title], list(part.headers), *(_cells(row) for row in part.rows)])
            return
        book = Workbook(write_only=True)
        for part in parts:
            sheet = book.create_sheet(part.title[:SHEET_TITLE_CHARS])
            for row in ([heading], list(part.headers), *(_cells(row) for row in part.rows)):
                sheet.append(row)
        book.save(target)
    except OSError as error:
        raise LinliError("exchange.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None


def _cells(row: list[object]) -> list[object]:
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else float(v) if isinstance(v, Decimal) else v for v in row]


def _yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))
