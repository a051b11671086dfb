"""``linli explain`` (why a member has what they have) and ``linli simulate`` (what a rule change would do)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from linli.core.cli.app import CliState, cli
from linli.core.i18n import has, t
from linli.core.services import lookup_member
from linli.core.services.explain import Explanation, explain_member
from linli.core.simulate import SimulationResult, simulate as run_simulation


@cli.command()
@click.argument("member")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def explain(state: CliState, member: str, output: str) -> None:
    """Every points and time transfer of MEMBER (id or phone) with its cause and rules.

    \b
    Examples:
      linli explain 13800000001
      linli explain 42 --format json
    """
    runtime = state.runtime()
    result = runtime.view(state.operator, lambda ctx: explain_member(ctx, lookup_member(ctx.session, member)))
    if output == "json":
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2, default=str))
        return
    print_explanation(result, runtime.program.locale)


def print_explanation(result: Explanation, locale: str) -> None:
    console = Console()
    person = result.member
    console.print(t("explain.header", locale, name=person["name"], phone=person["phone"], home=person["home"], hours=result.approved_minutes / 60))
    table = Table(*(t(f"explain.{column}", locale) for column in ("date", "unit", "amount", "balance", "cause", "activity", "minutes", "rules")))
    for line in result.lines:
        table.add_row(
            line.occurred_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d"),
            t(f"explain.unit_{line.unit}", locale),
            f"{line.amount:+,}",
            f"{line.balance:,}",
            t(f"explain.cause_{line.cause}", locale) if has(f"explain.cause_{line.cause}") else line.cause,
            line.activity or line.memo or "",
            "" if line.minutes is None else str(line.minutes),
            f"{line.produced_by}: {', '.join(line.rule_ids)}" if line.rule_ids else line.produced_by,
        )
    console.print(table)
    for note in result.notes:
        console.print(note)


@cli.command()
@click.option("--config", "proposed", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The proposed program file.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Compare points for service from this date on.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def simulate(state: CliState, proposed: Path, since: dt.datetime | None, output: str) -> None:
    """Replay approved service under a proposed config; compare points and stars. Writes nothing.

    \b
    Examples:
      linli simulate --config proposed.yaml
      linli -c linli.yaml simulate --config proposed.yaml --since 2026-01-01
    """
    runtime = state.runtime()
    program = state.loader.load(proposed)
    result = run_simulation(runtime, program, state.operator, since=since.date() if since else None)
    if output == "json":
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2, default=str))
        return
    print_simulation(result, runtime.program.locale)


def print_simulation(result: SimulationResult, locale: str) -> None:
    console = Console()
    console.print(t("simulate.summary", locale, records=result.records, actual=result.actual_points, proposed=result.proposed_points, change=result.proposed_points - result.actual_points))
    if result.stars_before or result.stars_after:
        stars = Table(t("simulate.stars", locale), t("simulate.before", locale), t("simulate.after", locale))
        for level in sorted(set(result.stars_before) | set(result.stars_after)):
            stars.add_row(str(level), str(result.stars_before.get(level, 0)), str(result.stars_after.get(level, 0)))
        console.print(stars)
    for rows, key in ((result.by_org, "simulate.by_org"), (result.by_category, "simulate.by_category")):
        table = Table(t("simulate.name", locale), t("simulate.actual", locale), t("simulate.proposed", locale), t("simulate.change", locale), title=t(key, locale))
        for row in rows:
            table.add_row(row.name, f"{row.actual:,}", f"{row.proposed:,}", f"{row.change:+,}")
        console.print(table)
