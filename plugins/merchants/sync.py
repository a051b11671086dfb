"""``linli merchants sync``: bring the database's catalogue in line with the program file.

Like the org tree, the program file declares merchants and items, but
redemptions need rows (stock left, what a code was for). Syncing creates and
updates them and deactivates what the file no longer declares; it is safe to
run again and again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from linli.core import Context, Refused
from linli.core.services import Change, record_many

from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import SECTION, from_section
from linli.plugins.merchants.store import Saved, save_catalogue


def sync_catalogue(ctx: Context) -> Saved:
    """Save the program file's directory; merchants and items it dropped are deactivated."""
    section = ctx.program.section(SECTION)
    if section is None:
        raise Refused("merchants.not_enabled")
    merchants, items = from_section(section)
    saved = save_catalogue(ctx, merchants, items, "program")
    declared = {m.code for m in merchants} | {i.code for i in items}
    dropped: list[Merchant | CatalogueItem] = []
    for model in (Merchant, CatalogueItem):
        query = select(model).where(model.origin == "program", model.active, model.code.not_in(sorted(declared)))
        dropped.extend(ctx.session.scalars(query))
    saved.deactivated = _deactivate(ctx, dropped)
    return saved


def _deactivate(ctx: Context, rows: Iterable[Merchant | CatalogueItem]) -> int:
    """Take merchants or items out of the catalogue; they stay in the database for the redemptions that name them."""
    changes = []
    for row in rows:
        if row.active:
            row.active = False
            kind = "merchant" if isinstance(row, Merchant) else "catalogue_item"
            changes.append(Change(f"{kind}.deactivate", kind, row.code, before={"active": True}, after={"active": False}))
    ctx.session.flush()
    record_many(ctx, changes)
    return len(changes)
