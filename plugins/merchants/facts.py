"""What the exchange plugin asks of the catalogue: an item's facts, and taking or returning its stock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from linli.core import NotFound

from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import yuan


def item_facts(session: Session, code: str, today: dt.date) -> Mapping[str, Any] | None:
    """``linli_catalogue_item``: the item and its merchant (open on *today* or not), or None when no item has *code*."""
    # populate_existing: stock changes by UPDATE statements, which leave loaded objects stale.
    query = (
        select(CatalogueItem)
        .where(CatalogueItem.code == code)
        .options(selectinload(CatalogueItem.merchant))
        .execution_options(populate_existing=True)
    )
    item = session.scalars(query).one_or_none()
    return None if item is None else _describe(item, today)


def catalogue_facts(session: Session, today: dt.date) -> list[Mapping[str, Any]]:
    """``linli_catalogue``: the active items of merchants open on *today*, in code order."""
    query = select(CatalogueItem).join(Merchant).where(CatalogueItem.active, Merchant.active).options(selectinload(CatalogueItem.merchant))
    found = [_describe(item, today) for item in session.scalars(query.order_by(CatalogueItem.code))]
    return [facts for facts in found if facts["merchant"]["active"]]


def _describe(item: CatalogueItem, today: dt.date) -> Mapping[str, Any]:
    merchant = item.merchant
    return {
        "code": item.code,
        "name": item.name,
        "kind": item.kind,
        "price": item.price,
        "cny": yuan(item.cny_fen),
        "stock": item.stock,
        "limit": (item.limit_count, item.limit_per) if item.limit_count and item.limit_per else None,
        "valid_from": item.valid_from,
        "valid_until": item.valid_until,
        "min_stars": item.min_stars,
        "min_hours": None if item.min_minutes is None else item.min_minutes / 60,
        "tags": tuple(item.tags),
        "within": tuple(item.within),
        "active": item.active,
        "merchant": {
            "code": merchant.code,
            "name": merchant.name,
            "nodes": tuple(merchant.nodes),
            "clerks": tuple(merchant.clerks),
            "active": _open(merchant, today),
        },
    }


def adjust_stock(session: Session, code: str, delta: int) -> bool:
    """``linli_adjust_stock``: one conditional UPDATE; its row count says whether the stock sufficed.

    PostgreSQL re-checks the condition against the committed row after
    waiting for a concurrent writer's lock, so two takers of the last unit
    cannot both succeed; SQLite admits one writer at a time. Unlimited
    stock (NULL) is not written at all, so it locks nothing.
    """
    statement = (
        update(CatalogueItem)
        .where(CatalogueItem.code == code, CatalogueItem.stock.is_not(None), CatalogueItem.stock + delta >= 0)
        .values(stock=CatalogueItem.stock + delta)
        .execution_options(synchronize_session=False)
    )
    if session.execute(statement).rowcount == 1:
        return True
    found = session.execute(select(CatalogueItem.id, CatalogueItem.stock).where(CatalogueItem.code == code)).first()
    if found is None:
        raise NotFound("merchants.unknown_item", code=code)
    return found.stock is None


def _open(merchant: Merchant, today: dt.date) -> bool:
    starts, ends = merchant.active_from, merchant.active_until
    return merchant.active and (starts is None or starts <= today) and (ends is None or today <= ends)
