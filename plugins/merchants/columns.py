"""The catalogue sheet: one row per item, its merchant's columns repeated (or filled once, on its first row)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from linli.core import Program
from linli.core.tabular import Cell, CellProblem, Column, parsers as p

KINDS = {"物品": "goods", "商品": "goods", "goods": "goods", "服务": "service", "service": "service", "权益": "privilege", "privilege": "privilege"}
PERIODS = {
    **{label: "day" for label in ("每天", "每日", "天", "day")},
    **{label: "week" for label in ("每周", "周", "week")},
    **{label: "month" for label in ("每月", "月", "month")},
    **{label: "year" for label in ("每年", "年", "year")},
    **{label: "ever" for label in ("累计", "不限期", "ever")},
}
CENT = Decimal("0.01")


def money(value: Cell) -> Decimal:
    """Yuan, at most two decimals, ≥ 0: ``15``, ``15.5``, ``"￥15.50"``, ``"15元"``."""
    text = str(value).strip().removeprefix("￥").removeprefix("¥").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellProblem("merchants.not_money", value=str(value)) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
        raise CellProblem("merchants.not_money", value=str(value))
    return amount


def positive(value: Cell) -> int:
    number = p.integer(value)
    if number < 1:
        raise CellProblem("merchants.not_positive", value=str(value))
    return number


def catalogue_columns(program: Program) -> list[Column]:
    tags = {label: key for key, term in program.member_tags.items() for label in (key, term.name)}
    return [
        Column("商家编码", ("merchant", "merchant_code"), key="merchant"),
        Column("商家名称", ("merchant_name",), required=False, key="merchant_name"),
        Column("商家类别", ("category",), required=False, key="category"),
        Column("地址", ("address",), required=False, key="address"),
        Column("联系方式", ("contact", "电话"), required=False, key="contact"),
        Column("服务社区", ("nodes", "服务组织"), p.items(), required=False, key="nodes"),
        Column("核销员", ("clerks",), p.items(), required=False, key="clerks"),
        Column("商品编码", ("code", "item_code"), key="code"),
        Column("商品名称", ("name", "item"), key="name"),
        Column("类型", ("kind", "类别"), p.choice(KINDS), key="kind"),
        Column("积分", ("price", "points", "所需积分"), positive, key="price"),
        Column("结算金额（元）", ("cny", "结算金额", "价值"), money, key="cny"),
        Column("库存", ("stock",), p.integer, required=False, key="stock"),
        Column("每人限兑", ("limit", "limit_count"), positive, required=False, key="limit_count"),
        Column("限兑周期", ("per", "limit_per"), p.choice(PERIODS), required=False, key="limit_per"),
        Column("有效期起", ("valid_from",), p.date, required=False, key="valid_from"),
        Column("有效期止", ("valid_until",), p.date, required=False, key="valid_until"),
        Column("最低星级", ("min_stars",), positive, required=False, key="min_stars"),
        Column("最少服务时长（小时）", ("min_hours", "最少服务时长"), p.hours, required=False, key="min_hours"),
        Column("限标签", ("tags",), p.items(p.choice(tags)), required=False, key="tags"),
        Column("限社区", ("within",), p.items(), required=False, key="within"),
        Column("说明", ("description", "备注"), required=False, key="description"),
    ]


class LimitCheck:
    """A per-member limit needs both its count and its period."""

    columns = ("limit_count", "limit_per")

    def start(self) -> None:
        """Nothing is remembered between rows."""

    def __call__(self, row: int, values: Mapping[str, Any]) -> list[CellProblem]:
        count, per = values.get("limit_count"), values.get("limit_per")
        if (count is None) == (per is None):
            return []
        return [CellProblem("merchants.limit_half", column="limit_per" if per is None else "limit_count")]
