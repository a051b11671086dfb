"""``linli match ORDER`` and ``linli menu``: who should serve, and who can serve what."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from linli.core import CliState, t
from linli.core.services import Context, get_node, require_scope

from linli.plugins.matching.menu import MENU_COLUMNS, MenuRow, build_menu, cells, write_xlsx
from linli.plugins.matching.ranking import rank_order


@click.command()
@click.argument("order_id", metavar="ORDER", type=int)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.pass_obj
def match(state: CliState, order_id: int, limit: int) -> None:
    """Suggest volunteers for an order, best first, with the reasons for each score.

    \b
    Example:
      linli match 7 --limit 5
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def rows(ctx: Context) -> list[list[str]]:
        ranked = rank_order(ctx, order_id, limit=limit)
        explained = [(c, "\n".join(r.render(locale) for r in c.reasons)) for c in ranked]
        return [
            [str(place), c.member.name, c.member.masked_phone, c.member.home_node.name, f"{c.score:.1f}", reasons]
            for place, (c, reasons) in enumerate(explained, 1)
        ]

    columns = ("rank", "volunteer", "phone", "node", "score", "reasons")
    table = Table(*(t(f"matching.column_{c}", locale) for c in columns), title=t("matching.match_title", locale, order=order_id), show_lines=True)
    for row in runtime.view(state.operator, rows):
        table.add_row(*row)
    Console().print(table)


@click.command()
@click.option("--org", metavar="CODE", required=True, help="The subtree whose menu is published.")
@click.option("--format", "output", type=click.Choice(["table", "csv", "xlsx"]), default="table", show_default=True)
@click.option(
    "-o",
    "--output-file",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file for csv/xlsx (default for xlsx: 供需菜单-CODE.xlsx; csv without it goes to stdout).",
)
@click.pass_obj
def menu(state: CliState, org: str, output: str, target: Path | None) -> None:
    """Publish the supply-demand menu (供需菜单): needs by category and the volunteers who can serve them.

    Phones are masked, so the menu can be posted publicly.

    \b
    Examples:
      linli menu --org CYL
      linli menu --org CYL --format xlsx -o 朝阳里供需菜单.xlsx
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def build(ctx: Context) -> list[MenuRow]:
        node = get_node(ctx.session, org)
        require_scope(ctx, node)
        return build_menu(ctx, node)

    rows = runtime.view(state.operator, build)
    headers = [t(f"matching.column_{c}", locale) for c in MENU_COLUMNS]
    if output == "xlsx":
        target = target or Path(f"供需菜单-{org}.xlsx")
        write_xlsx(target, t("matching.menu_title", locale, org=org), headers, rows)
        click.echo(t("matching.menu_written", locale, file=str(target), rows=len(rows)))
    elif output == "csv":
        _csv(target, headers, rows)
    else:
        table = Table(*headers, title=t("matching.menu_title", locale, org=org))
        for row in rows:
            table.add_row(*("—" if cell is None else str(cell) for cell in cells(row)))
        Console().print(table)


def _csv(target: Path | None, headers: list[str], rows: list[MenuRow]) -> None:
    """UTF-8 with a BOM to a file (Excel opens it without asking), plain UTF-8 to stdout."""
    stream = target.open("w", encoding="utf-8-sig", newline="") if target else sys.stdout
    try:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(cells(row) for row in rows)
    finally:
        if target:
            stream.close()
