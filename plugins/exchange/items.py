"""Catalogue items as the exchange sees them, through ``linli_catalogue_item`` (the merchants plugin answers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from linli.core import Context, NotFound, Refused
from linli.core.models import Operator

FEN_PER_YUAN = 100


@dataclass(frozen=True)
class MerchantFacts:
    code: str
    name: str
    nodes: tuple[str, ...]
    clerks: frozenset[str]
    active: bool

    def has_clerk(self, operator: Operator) -> bool:
        return operator.role == "clerk" and operator.active and operator.username in self.clerks


@dataclass(frozen=True)
class ItemFacts:
    code: str
    name: str
    price: int
    cny_fen: int
    stock: int | None
    limit: tuple[int, str] | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    min_stars: int | None
    min_hours: float | None
    tags: frozenset[str]
    within: tuple[str, ...]
    active: bool
    merchant: MerchantFacts


def load_item(ctx: Context, code: str) -> ItemFacts:
    """The item with *code*, or :class:`NotFound`; a malformed answer from the catalogue plugin is refused plainly."""
    found = ctx.hooks.linli_catalogue_item(ctx=ctx, code=code)
    if found is None:
        raise NotFound("exchange.unknown_item", item=code)
    return read_item(code, found)


def read_item(code: str, found: Mapping[str, Any]) -> ItemFacts:
    """The catalogue plugin's answer about *code* as facts; a malformed answer is refused plainly."""
    try:
        return _facts(found)
    except (KeyError, TypeError, ValueError) as error:
        raise Refused("exchange.bad_item_facts", item=code, detail=f"{type(error).__name__}: {error}") from error


def _facts(data: Mapping[str, Any]) -> ItemFacts:
    merchant = data["merchant"]
    limit = data["limit"]
    return ItemFacts(
        code=data["code"],
        name=data["name"],
        price=int(data["price"]),
        cny_fen=int((Decimal(str(data["cny"])) * FEN_PER_YUAN).to_integral_value()),
        stock=data["stock"],
        limit=(int(limit[0]), str(limit[1])) if limit else None,
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
        min_stars=data["min_stars"],
        min_hours=data["min_hours"],
        tags=frozenset(data["tags"]),
        within=tuple(data["within"]),
        active=bool(data["active"]),
        merchant=MerchantFacts(merchant["code"], merchant["name"], tuple(merchant["nodes"]), frozenset(merchant["clerks"]), bool(merchant["active"])),
    )
