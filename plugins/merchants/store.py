"""Saving a checked catalogue: merchants and items created or brought up to date, with audit entries.

Stock is changed in SQL, never from a value read earlier: declaring a
larger total adds the difference to what is left (``stock + Δ``), so a
redemption committed meanwhile is never undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, select

from linli.core import Context
from linli.core.services import Change, record_many, require_scope

from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import ItemSpec, MerchantSpec
from linli.plugins.merchants.validation import CatalogueRefused, Origin, find_problems


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Saved:
    merchants: Tally = field(default_factory=Tally)
    items: Tally = field(default_factory=Tally)
    deactivated: int = 0


def save_catalogue(ctx: Context, merchants: Sequence[MerchantSpec], items: Sequence[ItemSpec], origin: Origin) -> Saved:
    """Create or update *merchants* and *items*; all or nothing (:class:`CatalogueRefused`).

    The program file is the authority: syncing it updates its merchants and
    items and takes over any an import created. An import creates missing
    merchants but never changes one, and may not touch items the program file declares.
    """
    require_scope(ctx, None)
    problems = find_problems(ctx.session, ctx.program, merchants, items, origin)
    if problems:
        raise CatalogueRefused(problems, merchants, items)
    saved, changes = Saved(), []
    session = ctx.session
    codes = {m.code for m in merchants} | {i.merchant for i in items}
    stored = {m.code: m for m in session.scalars(select(Merchant).where(Merchant.code.in_(sorted(codes))))}
    for spec in merchants:
        row = stored.get(spec.code)
        if row is None:
            stored[spec.code] = row = Merchant(**spec.columns(), origin=origin, active=True)
            session.add(row)
            changes.append(Change("merchant.create", "merchant", spec.code, after=_summary(row)))
            saved.merchants.created += 1
        elif origin == "program":
            _update(row, {**spec.columns(), "origin": origin, "active": True}, "merchant", saved.merchants, changes)
    session.flush()
    found = {i.code: i for i in session.scalars(select(CatalogueItem).where(CatalogueItem.code.in_([i.code for i in items])))}
    for spec in items:
        row = found.get(spec.code)
        if row is None:
            row = CatalogueItem(**spec.columns(), merchant_id=stored[spec.merchant].id, stock=spec.stock, stock_declared=spec.stock, origin=origin, active=True)
            session.add(row)
            changes.append(Change("catalogue_item.create", "catalogue_item", spec.code, after=_summary(row)))
            saved.items.created += 1
            continue
        _restock(row, spec.stock)
        _update(row, {**spec.columns(), "stock_declared": spec.stock, "origin": origin, "active": True}, "catalogue_item", saved.items, changes)
    session.flush()
    record_many(ctx, changes)
    return saved


def _update(row: Merchant | CatalogueItem, values: dict[str, Any], kind: str, tally: Tally, changes: list[Change]) -> None:
    before = _summary(row)
    for name, value in values.items():
        setattr(row, name, value)
    after = _summary(row)
    if after == before:
        tally.unchanged += 1
        return
    changes.append(Change(f"{kind}.update", kind, row.code, before=before, after=after))
    tally.updated += 1


def _restock(row: CatalogueItem, declared: int | None) -> None:
    """Bring what is left in line with a new declared total (see the module docstring)."""
    if declared is None or row.stock_declared is None or row.stock is None:
        row.stock = declared
    elif declared != row.stock_declared:
        moved = CatalogueItem.stock + (declared - row.stock_declared)
        row.stock = case((moved < 0, 0), else_=moved)  # type: ignore[assignment]


def _summary(row: Merchant | CatalogueItem) -> dict[str, Any]:
    """What the audit log keeps: the declared columns (stock left changes with every redemption, so it is left out)."""
    skipped = {"id", "created_at", "stock", "merchant", "items"}
    return {column.key: getattr(row, column.key) for column in row.__table__.columns if column.key not in skipped}
