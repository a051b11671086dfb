"""What a catalogue declares, whether from the program file or a spreadsheet: merchants and items as plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

SECTION = "merchants"
FEN_PER_YUAN = 100


@dataclass(frozen=True)
class MerchantSpec:
    code: str
    name: str
    nodes: tuple[str, ...]
    category: str | None = None
    address: str | None = None
    contact: str | None = None
    clerks: tuple[str, ...] = ()
    active_from: dt.date | None = None
    active_until: dt.date | None = None

    def columns(self) -> dict[str, Any]:
        """The values of the ``merchant`` row this spec describes."""
        values = asdict(self)
        return {**values, "nodes": list(self.nodes), "clerks": list(self.clerks)}


@dataclass(frozen=True)
class ItemSpec:
    code: str
    merchant: str
    name: str
    kind: str
    price: int
    cny_fen: int
    stock: int | None = None
    limit_count: int | None = None
    limit_per: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    min_stars: int | None = None
    min_minutes: int | None = None
    tags: tuple[str, ...] = ()
    within: tuple[str, ...] = ()
    description: str | None = None

    def columns(self) -> dict[str, Any]:
        """The values of the ``catalogue_item`` row, stock and merchant aside (they need the database)."""
        values = {key: value for key, value in asdict(self).items() if key not in ("merchant", "stock")}
        return {**values, "tags": list(self.tags), "within": list(self.within)}


def fen(yuan: Decimal | float | int) -> int:
    """Yuan as whole fen; the schema and the importer allow at most two decimals."""
    return int((Decimal(str(yuan)) * FEN_PER_YUAN).to_integral_value())


def minutes(hours: Decimal | float | None) -> int | None:
    """Hours as whole minutes, as eligibility stores them."""
    return None if hours is None else int(Decimal(str(hours)) * 60)


def yuan(amount_fen: int) -> Decimal:
    return (Decimal(amount_fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def from_section(section: Mapping[str, Any]) -> tuple[list[MerchantSpec], list[ItemSpec]]:
    """The program file's directory as specs, in file order (items after their merchant's)."""
    merchants, items = [], []
    for data in section.get("directory", ()):
        active = data.get("active", {})
        merchants.append(
            MerchantSpec(
                code=data["code"],
                name=data["name"],
                nodes=tuple(data["nodes"]),
                category=data.get("category"),
                address=data.get("address"),
                contact=data.get("contact"),
                clerks=tuple(data.get("clerks", ())),
                active_from=_date(active.get("from")),
                active_until=_date(active.get("until")),
            )
        )
        items.extend(_item(data["code"], item) for item in data.get("items", ()))
    return merchants, items


def _item(merchant: str, data: Mapping[str, Any]) -> ItemSpec:
    valid, limit, eligibility = data.get("valid", {}), data.get("limit", {}), data.get("eligibility", {})
    return ItemSpec(
        code=data["code"],
        merchant=merchant,
        name=data["name"],
        kind=data["kind"],
        price=data["price"],
        cny_fen=fen(data["cny"]),
        stock=data.get("stock"),
        limit_count=limit.get("count"),
        limit_per=limit.get("per"),
        valid_from=_date(valid.get("from")),
        valid_until=_date(valid.get("until")),
        min_stars=eligibility.get("min_stars"),
        min_minutes=minutes(eligibility.get("min_hours")),
        tags=tuple(eligibility.get("tags", ())),
        within=tuple(eligibility.get("within", ())),
        description=data.get("description"),
    )


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
