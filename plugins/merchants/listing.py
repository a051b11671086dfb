"""The catalogue and the merchant directory as rows people read (``linli catalogue``, ``linli merchants list``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core import Context, NotFound, t

from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import yuan

ITEM_COLUMNS = ("code", "name", "kind", "merchant", "price", "cny", "stock", "limit", "valid", "eligibility")
MERCHANT_COLUMNS = ("merchant_code", "merchant_name", "category", "nodes", "clerks", "active", "items")
NONE = "—"


def item_rows(ctx: Context, merchant: str | None, everything: bool) -> list[list[object]]:
    """Items in code order, of one merchant when *merchant* is given, active ones unless *everything*."""
    query = select(CatalogueItem).join(Merchant).options(selectinload(CatalogueItem.merchant)).order_by(CatalogueItem.code)
    if merchant is not None:
        if ctx.session.scalar(select(Merchant.id).where(Merchant.code == merchant)) is None:
            raise NotFound("merchants.unknown_merchant", code=merchant)
        query = query.where(Merchant.code == merchant)
    if not everything:
        query = query.where(CatalogueItem.active, Merchant.active)
    locale = ctx.program.locale
    return [
        [
            item.code,
            item.name,
            t(f"merchants.kind_{item.kind}", locale),
            f"{item.merchant.name}（{item.merchant.code}）",
            item.price,
            str(yuan(item.cny_fen)),
            t("merchants.unlimited", locale) if item.stock is None else item.stock,
            t(f"merchants.limit_{item.limit_per}", locale, count=item.limit_count) if item.limit_per else NONE,
            _span(item.valid_from, item.valid_until),
            _eligibility(ctx, item),
        ]
        for item in ctx.session.scalars(query)
    ]


def merchant_rows(ctx: Context) -> list[list[object]]:
    query = select(Merchant).options(selectinload(Merchant.items)).order_by(Merchant.code)
    return [
        [m.code, m.name, m.category or NONE, "、".join(m.nodes), "、".join(m.clerks) or NONE, _span(m.active_from, m.active_until) if m.active else t("merchants.inactive", ctx.program.locale), sum(i.active for i in m.items)]
        for m in ctx.session.scalars(query)
    ]


def _span(start: object, end: object) -> str:
    return NONE if start is None and end is None else f"{start or ''}～{end or ''}"


def _eligibility(ctx: Context, item: CatalogueItem) -> str:
    locale = ctx.program.locale
    parts = []
    if item.min_stars:
        parts.append(t("merchants.needs_stars", locale, stars=item.min_stars))
    if item.min_minutes:
        parts.append(t("merchants.needs_hours", locale, hours=round(item.min_minutes / 60, 2)))
    if item.tags:
        names = [ctx.program.member_tags[tag].name if tag in ctx.program.member_tags else tag for tag in item.tags]
        parts.append(t("merchants.needs_tags", locale, tags="、".join(names)))
    if item.within:
        parts.append(t("merchants.needs_within", locale, codes="、".join(item.within)))
    return "；".join(parts) or NONE
