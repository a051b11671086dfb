"""``linli orders escalate`` and ``linli orders report``: the jobs and figures that keep orders moving."""

from __future__ import annotations

import datetime as dt
import json

import click

from linli.core import CliState, t
from linli.core.services import Context

from linli.plugins.dispatch.cli.common import DATETIME, category_name, local, print_table, zoned
from linli.plugins.dispatch.cli.orders import orders
from linli.plugins.dispatch.escalation import escalate_overdue
from linli.plugins.dispatch.report import SCORES, Figures, SlaReport, build_sla_report
from linli.plugins.dispatch.states import state_name

FIGURES = ("orders", "accepted", "completed", "cancelled", "unaccepted", "avg_accept_minutes", "avg_complete_minutes", "avg_rating")


@orders.command()
@click.option("--as-of", type=DATETIME, help="Escalate what is overdue at this time (China time; default: now).")
@click.pass_obj
def escalate(state: CliState, as_of: dt.datetime | None) -> None:
    """Move published orders nobody accepted in time to the parent node's queue; safe to run again.

    Run it from cron, e.g. every 10 minutes. Deadlines count from when an
    order was due, so a late or repeated run gives the same result.

    \b
    Example:
      linli orders escalate --as-of "2026-03-01 18:00"
    """
    runtime = state.runtime()
    moved = runtime.act(state.operator, lambda ctx: escalate_overdue(ctx, as_of=zoned(ctx, as_of) or ctx.now()))
    locale = runtime.program.locale
    click.echo(t("dispatch.escalated", locale, count=len(moved)))
    for order in moved:
        click.echo(t("dispatch.escalated_order", locale, order=order.id, queue=order.queue_node.label(), levels=order.escalations))


@orders.command()
@click.option("--org", metavar="CODE", help="Orders needed in this node's subtree (default: your scope).")
@click.option("--since", type=DATETIME, help="Orders made from this time on (China time).")
@click.option("--until", type=DATETIME, help="Orders made before this time (China time).")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def report(state: CliState, org: str | None, since: dt.datetime | None, until: dt.datetime | None, output: str) -> None:
    """Service levels: time to accept and to complete, ratings, orders still waiting — by node and category.

    \b
    Examples:
      linli orders report
      linli orders report --org CYL --since 2026-01-01 --format json
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def build(ctx: Context) -> tuple[SlaReport, list[list[object]]]:
        figures = build_sla_report(ctx, org=org, since=zoned(ctx, since), until=zoned(ctx, until))
        waiting: list[list[object]] = [
            [w.order_id, category_name(ctx.program, w.category), w.node, state_name(w.state, locale), local(ctx, w.accept_by), "⚠" if w.overdue else ""]
            for w in figures.waiting
        ]
        return figures, waiting

    figures, waiting = runtime.view(state.operator, build)
    if output == "json":
        click.echo(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
        return
    headers = [t("dispatch.column_group", locale), *(t(f"dispatch.figure_{f}", locale) for f in FIGURES), *(f"{s}★" for s in SCORES)]
    by_category = [(category_name(runtime.program, key), f) for key, f in figures.by_category.items()]
    groups = [(t("dispatch.total", locale), figures.total), *figures.by_org.items(), *by_category]
    print_table(t("dispatch.report_title", locale), headers, [[name, *_cells(f)] for name, f in groups])
    columns = ("order", "category", "made_by", "state", "accept_by", "overdue")
    print_table(t("dispatch.waiting_title", locale), [t(f"dispatch.column_{c}", locale) for c in columns], waiting)


def _cells(figures: Figures) -> list[object]:
    return [*(getattr(figures, name) for name in FIGURES), *(figures.ratings[score] for score in SCORES)]
