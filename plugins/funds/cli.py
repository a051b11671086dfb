"""``linli funds``: what each fund has backed in its budget period, and what is left."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console
from rich.table import Table

from linli.core import CliState, t

from linli.plugins.funds.overview import budget_use

COLUMNS = ("key", "name", "source", "period", "budget", "used", "left", "flagged")


@click.command("funds")
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), help="A day in the budget periods to show (default: today, China time).")
@click.pass_obj
def funds_command(state: CliState, day: dt.datetime | None) -> None:
    """Show each fund backing points (五个一点, named charity funds): budget, points backed, left, flagged over budget.

    \b
    Examples:
      linli funds
      linli funds --on 2026-11-15
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    uses = runtime.view(state.operator, lambda ctx: budget_use(ctx, day.date() if day else ctx.today()))
    table = Table(*(t(f"funds.col_{column}", locale) for column in COLUMNS), title=t("funds.title", locale))
    for use in uses:
        blank = "—"
        table.add_row(
            use.key,
            use.name,
            t(f"funds.source_{use.source}", locale),
            use.period or blank,
            blank if use.budget is None else str(use.budget),
            str(use.used),
            blank if use.left is None else str(use.left),
            str(use.flagged),
        )
    Console().print(table)
