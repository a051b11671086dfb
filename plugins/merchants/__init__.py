"""Merchants (商家) and the catalogue points buy: goods, services (haircut, car wash), privileges (fee reductions, rooms, events).

The catalogue is declared in the ``merchants`` section and synced into the
database (``linli merchants sync``), or imported from a spreadsheet
(``linli import catalogue FILE``). Each item has a price in points, a stock
(or none: unlimited), a per-member limit per period, a validity window,
eligibility (stars, hours, tags, home subtree) and the CNY its merchant
claims per unit. The exchange plugin redeems items through two hooks this
plugin answers: ``linli_catalogue_item`` and ``linli_adjust_stock``.
"""

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl

from linli.plugins.merchants import checks, demo, schema
from linli.plugins.merchants.cli import catalogue_command, merchants_group
from linli.plugins.merchants.facts import adjust_stock, catalogue_facts, item_facts
from linli.plugins.merchants.importer import CatalogueImporter
from linli.plugins.merchants.models import CatalogueItem, Merchant
from linli.plugins.merchants.specs import ItemSpec, MerchantSpec
from linli.plugins.merchants.store import Saved, save_catalogue
from linli.plugins.merchants.sync import sync_catalogue

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["CatalogueImporter", "CatalogueItem", "ItemSpec", "Merchant", "MerchantSpec", "Saved", "save_catalogue", "sync_catalogue"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"merchants": schema.SECTION}


@hookimpl
def linli_check_config(program: Program, hooks: Any) -> Iterable[ConfigProblem]:
    return list(checks.check(program, hooks))


@hookimpl
def linli_catalogue_item(ctx: Context, code: str) -> Mapping[str, Any] | None:
    return item_facts(ctx.session, code, ctx.today())


@hookimpl
def linli_catalogue(ctx: Context) -> Sequence[Mapping[str, Any]]:
    return catalogue_facts(ctx.session, ctx.today())


@hookimpl
def linli_adjust_stock(ctx: Context, code: str, delta: int) -> bool:
    return adjust_stock(ctx.session, code, delta)


@hookimpl
def linli_importers() -> Mapping[str, Any]:
    return {"catalogue": CatalogueImporter()}


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [catalogue_command, merchants_group]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations" / "versions"


@hookimpl
def linli_demo_fill(ctx: Context, password: str | None) -> Iterable[str]:
    return demo.fill_demo(ctx, password)
