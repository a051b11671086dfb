"""``linli report``: the figures the seeds quote, for any subtree and year."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from linli.core.cli.app import CliState, cli
from linli.core.i18n import t
from linli.core.services.reports import Report, build_report

FIGURES = ("registered_volunteers", "residents", "volunteer_share", "teams", "projects", "activities", "participants", "people_served", "service_hours")
ORG_COLUMNS = ("code", "name", *FIGURES)
# What fits a terminal; CSV and JSON carry every figure.
ORG_TABLE_COLUMNS = ("code", "name", "registered_volunteers", "volunteer_share", "participants", "activities", "service_hours")
CATEGORY_COLUMNS = ("category", "name", "activities", "participants", "people_served", "service_hours")


@cli.command()
@click.option("--org", metavar="CODE", help="Report on this org node's subtree (default: your whole scope).")
@click.option("--year", type=click.IntRange(1949, 2200), help="Only this calendar year (China time).")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_obj
def report(state: CliState, org: str | None, year: int | None, output: str) -> None:
    """Print the program's figures: volunteers and their share of residents, teams, projects, hours …

    \b
    Examples:
      linli report
      linli report --org S01 --year 2026
      linli report --format json > report.json
    """
    runtime = state.runtime()
    figures = runtime.view(state.operator, lambda ctx: build_report(ctx, org=org, year=year))
    locale = runtime.program.locale
    if output == "json":
        click.echo(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(as_csv(figures, locale), nl=False)
    else:
        print_tables(figures, locale)


def label(column: str, locale: str) -> str:
    return t(f"report.{column}", locale)


def cell(value: Any, column: str) -> str:
    if value is None:
        return "-"
    if column == "volunteer_share":
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_tables(figures: Report, locale: str) -> None:
    console = Console()
    title = t("report.title", locale, scope=figures.scope, year=figures.year or t("report.all_years", locale))
    summary = Table(title=title, show_header=False)
    for column in FIGURES:
        summary.add_row(label(column, locale), cell(getattr(figures, column), column))
    console.print(summary)
    for rows, columns, key in ((figures.by_org, ORG_TABLE_COLUMNS, "report.by_org"), (figures.by_category, CATEGORY_COLUMNS, "report.by_category")):
        if not rows:
            continue
        table = Table(*(label(column, locale) for column in columns), title=t(key, locale))
        for row in rows:
            table.add_row(*(cell(getattr(row, column), column) for column in columns))
        console.print(table)


def as_csv(figures: Report, locale: str) -> str:
    """One row for the whole scope, then one per child node: what a spreadsheet wants."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label(column, locale) for column in ORG_COLUMNS])
    writer.writerow([figures.scope, t("report.total", locale), *(getattr(figures, column) for column in FIGURES)])
    for row in figures.by_org:
        writer.writerow([getattr(row, column) for column in ORG_COLUMNS])
    return buffer.getvalue()
