"""Double record (平台+台账): the community's paper ledger reconciled with the platform, month by month.

博凯 records sign-up, sign-in and hours on the platform and keeps its own
ledger too; ``linli reconcile`` says which lines agree, which differ in
hours and which exist on one side only. It only reads: fixing a gap is a
decision for the community (a late record, a corrected ledger line).
"""

from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import click

from linli.core import add_catalogue, hookimpl

from linli.plugins.reconcile import schema
from linli.plugins.reconcile.cli import compare, reconcile_command
from linli.plugins.reconcile.compare import Pair, Report, normalize_title

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["Pair", "Report", "compare", "normalize_title"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"reconcile": schema.SECTION}


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [reconcile_command]
