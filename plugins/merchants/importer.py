"""``linli import catalogue FILE``: catalogue items from Excel or CSV, through the same checks as the program file."""

from __future__ import annotations

from collections.abc import Iterator
from sqlalchemy import select

from linli.core import Context, Program
from linli.core.importers import Outcome
from linli.core.tabular import CellProblem, Column, ParsedRow, RowCheck, UniqueCheck

from linli.plugins.merchants.columns import LimitCheck, catalogue_columns
from linli.plugins.merchants.models import Merchant
from linli.plugins.merchants.specs import ItemSpec, MerchantSpec, fen, minutes
from linli.plugins.merchants.store import save_catalogue
from linli.plugins.merchants.validation import CatalogueRefused

#: The sheet column each field of a spec comes from.
MERCHANT_COLUMNS = {"nodes": "nodes", "clerks": "clerks", "name": "merchant_name"}
ITEM_COLUMNS = {"within": "within", "tags": "tags", "merchant": "merchant", "valid_until": "valid_until", "code": "code"}
SAME_FIELDS = ("code", "merchant", "name", "kind", "price", "stock", "limit_count", "limit_per", "valid_from", "valid_until", "min_stars", "description")


class CatalogueImporter:
    """Catalogue items: 商家编码, 商品编码, 商品名称, 类型, 积分, 结算金额（元）, and optionally 库存, 每人限兑, 限兑周期, 有效期起/止, 最低星级, 最少服务时长（小时）, 限标签, 限社区.

    A merchant not yet known needs 商家名称 and 服务社区 (org codes) on one of
    its rows, and may list 核销员 (clerk usernames); an existing merchant is
    never changed by an import. Blank 库存 means unlimited; importing a larger
    库存 later restocks. Items the program file declares are changed there, not here.

    \b
    Examples:
      linli import catalogue 兑换目录.xlsx
      linli import catalogue 商家联盟.csv --skip-invalid
    """

    kind = "catalogue"
    label_key = "merchants.kind_catalogue"

    def columns(self, program: Program) -> list[Column]:
        return catalogue_columns(program)

    def checks(self) -> list[RowCheck]:
        return [UniqueCheck("code"), LimitCheck()]

    def write(self, ctx: Context, batches: Iterator[list[ParsedRow]]) -> Outcome:
        rows = [row for batch in batches for row in batch if row.ok]
        outcome = Outcome()
        merchants = _new_merchants(ctx, rows, outcome)
        items = [(row.row_number, _item(row)) for row in rows if row.row_number not in outcome.problems]
        while items:
            try:
                saved = save_catalogue(ctx, [spec for _, spec in merchants], [spec for _, spec in items], "import")
            except CatalogueRefused as refused:
                bad_merchants = {merchants[p.index][1].code for p in refused.problems if p.target == "merchant"}
                for problem in refused.problems:
                    number, columns = (merchants, MERCHANT_COLUMNS) if problem.target == "merchant" else (items, ITEM_COLUMNS)
                    outcome.refuse(number[problem.index][0], columns.get(problem.field), problem.error)
                bad_items = {p.index for p in refused.problems if p.target == "item"}
                merchants = [pair for pair in merchants if pair[1].code not in bad_merchants]
                items = [pair for index, pair in enumerate(items) if index not in bad_items and pair[1].merchant not in bad_merchants]
                continue
            outcome.created += saved.items.created + saved.items.updated
            outcome.skipped += saved.items.unchanged
            break
        return outcome


def _new_merchants(ctx: Context, rows: list[ParsedRow], outcome: Outcome) -> list[tuple[int, MerchantSpec]]:
    """Merchants to create, each from the first of its rows giving a name and org codes.

    Rows of a new merchant that no row describes, and rows contradicting a
    stored merchant's name, are flagged.
    """
    codes = sorted({row.values["merchant"] for row in rows})
    stored = dict(ctx.session.execute(select(Merchant.code, Merchant.name).where(Merchant.code.in_(codes))).all())
    created: dict[str, tuple[int, MerchantSpec]] = {}
    for row in rows:
        v = row.values
        code, name = v["merchant"], v.get("merchant_name")
        if code in stored:
            if name and name != stored[code]:
                outcome.flag(row.row_number, CellProblem("merchants.merchant_differs", column="merchant_name", code=code, name=stored[code]))
        elif code not in created and name and v.get("nodes"):
            spec = MerchantSpec(code, name, v["nodes"], v.get("category"), v.get("address"), v.get("contact"), v.get("clerks") or ())
            created[code] = (row.row_number, spec)
    for row in rows:
        code = row.values["merchant"]
        if code not in stored and code not in created:
            outcome.flag(row.row_number, CellProblem("merchants.new_merchant", column="merchant_name", code=code))
    return list(created.values())


def _item(row: ParsedRow) -> ItemSpec:
    """The row as an item; columns named like the spec's fields carry over as they are."""
    v = row.values
    same = {name: v.get(name) for name in SAME_FIELDS}
    lists = {name: tuple(v.get(name) or ()) for name in ("tags", "within")}
    return ItemSpec(**same, **lists, cny_fen=fen(v["cny"]), min_minutes=minutes(v.get("min_hours")))
