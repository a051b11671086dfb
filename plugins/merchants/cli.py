"""``linli catalogue`` (what points buy) and ``linli merchants`` (the directory, synced from the program file)."""

from __future__ import annotations

from pathlib import Path

import click

from linli.core import CliState, print_table, t, write_table

from linli.plugins.merchants.listing import ITEM_COLUMNS, MERCHANT_COLUMNS, item_rows, merchant_rows
from linli.plugins.merchants.sync import sync_catalogue

FORMATS = ("table", "csv", "xlsx")


@click.command("catalogue")
@click.option("--merchant", metavar="CODE", help="Only this merchant's items.")
@click.option("--all", "everything", is_flag=True, help="Include items and merchants no longer offered.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The csv/xlsx file (default: catalogue.FORMAT here).")
@click.pass_obj
def catalogue_command(state: CliState, merchant: str | None, everything: bool, fmt: str, output: Path | None) -> None:
    """List the catalogue: goods, services and privileges points buy, with price, stock left, limits and who may redeem.

    \b
    Examples:
      linli catalogue
      linli catalogue --merchant QC-BARBER
      linli catalogue --format xlsx -o 兑换目录.xlsx
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    rows = runtime.view(state.operator, lambda ctx: item_rows(ctx, merchant, everything))
    headers = [t(f"merchants.col_{column}", locale) for column in ITEM_COLUMNS]
    title = t("merchants.catalogue_title", locale)
    if fmt == "table":
        print_table(title, headers, rows)
        return
    target = output or Path(f"catalogue.{fmt}")
    count = write_table(target, fmt, title=title, note=title, headers=headers, rows=rows)
    click.echo(t("merchants.written", locale, count=count, path=target))


@click.group("merchants")
def merchants_group() -> None:
    """The merchant directory (商家联盟): sync it from the program file, list it.

    \b
    Examples:
      linli merchants sync
      linli merchants list
    """


@merchants_group.command("sync")
@click.pass_obj
def sync_command(state: CliState) -> None:
    """Create or update the merchants and items the program file declares; deactivate those it dropped.

    Run it after editing the merchants section; it is safe to run again.

    \b
    Example:
      linli merchants sync
    """
    runtime = state.runtime()
    saved = runtime.act(state.operator, sync_catalogue)
    m, i = saved.merchants, saved.items
    click.echo(
        t(
            "merchants.synced",
            runtime.program.locale,
            merchants_created=m.created,
            merchants_updated=m.updated,
            items_created=i.created,
            items_updated=i.updated,
            deactivated=saved.deactivated,
        )
    )


@merchants_group.command("list")
@click.pass_obj
def list_command(state: CliState) -> None:
    """List the merchants: what they are, where they serve, who verifies their codes.

    \b
    Example:
      linli merchants list
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    rows = runtime.view(state.operator, merchant_rows)
    print_table(t("merchants.directory_title", locale), [t(f"merchants.col_{column}", locale) for column in MERCHANT_COLUMNS], rows)
