"""``linli reconcile LEDGER --period 2026-11``: the paper ledger against the platform, for one month."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from linli.core import CliState, Context, LinliError, t

from linli.plugins.reconcile.compare import Report, reconcile
from linli.plugins.reconcile.ledger import LedgerInvalid, read_ledger
from linli.plugins.reconcile.output import CLASSES, show, write_workbook
from linli.plugins.reconcile.platform import platform_lines
from linli.plugins.reconcile.record import record_missing as enter_missing
from linli.plugins.reconcile.settings import Settings

PERIOD = re.compile(r"(\d{4})-(\d{1,2})")


def month(text: str) -> tuple[dt.date, dt.date]:
    """``2026-11`` → (first day, first day of the next month)."""
    match = PERIOD.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise LinliError("reconcile.bad_period", period=text)
    first = dt.date(int(match[1]), int(match[2]), 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def compare(ctx: Context, ledger_file: Path, period: str, *, sheet: str | None = None) -> Report:
    """The whole comparison for *period*, read-only: what the CLI prints and tests assert."""
    settings = Settings.of(ctx.program)
    first, end = month(period)
    ledger = read_ledger(ledger_file, first, end, sheet=sheet)
    since, until = (dt.datetime.combine(day, dt.time(), ctx.zone) for day in (first, end))
    platform = platform_lines(ctx, since, until, settings.states)
    return reconcile(platform, ledger.lines, tolerance_minutes=settings.tolerance_minutes, same_day_fallback=settings.same_day_fallback)


@click.command("reconcile")
@click.argument("ledger_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--period", required=True, metavar="YYYY-MM", help="The month compared (China time).")
@click.option("--sheet", metavar="NAME", help="The worksheet to read (default: the first).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as a workbook, one sheet per class.")
@click.option("--record-missing", is_flag=True, help="Enter ledger-only lines as paper-ledger records awaiting review.")
@click.pass_obj
def reconcile_command(state: CliState, ledger_file: Path, period: str, sheet: str | None, output: Path | None, record_missing: bool) -> None:
    """Compare the community's paper ledger (台账) with the platform's service records for one month.

    The ledger (.xlsx or .csv) has 姓名, 手机号, 活动, 日期, 服务时长（小时）.
    Each line and record lands in one class: matched, hours differ, only on
    the platform, only in the ledger. Nothing is written to the database,
    unless --record-missing enters the ledger-only lines (those naming a
    phone and an activity the platform has that day) for review.

    \b
    Examples:
      linli reconcile 台账-2026-11.xlsx --period 2026-11
      linli reconcile 台账.csv --period 2026-11 -o 对账-2026-11.xlsx
      linli reconcile 台账.csv --period 2026-11 --record-missing
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    try:
        report = runtime.view(state.operator, lambda ctx: compare(ctx, ledger_file, period, sheet=sheet))
    except LedgerInvalid as error:
        for problem in error.problems:
            click.echo(problem.render(locale), err=True)
        raise
    settings = Settings.of(runtime.program)
    counts = {kind: len(getattr(report, kind)) for kind in CLASSES}
    # The summary line goes out unwrapped, so a narrow terminal (or a script reading it) sees it whole.
    click.echo(t("reconcile.heading", locale, period=period, platform=settings.platform, ledger=settings.ledger, **counts))
    show(report, locale)
    if output is not None:
        write_workbook(output, report, locale)
        click.echo(t("reconcile.written", locale, path=output))
    if record_missing:
        created, unplaced = runtime.act(state.operator, lambda ctx: enter_missing(ctx, report.ledger_only))
        click.echo(t("reconcile.recorded", locale, count=created, unplaced=len(unplaced)))
        for line in unplaced:
            click.echo(t("reconcile.unplaced", locale, file=ledger_file.name, row=line.row, activity=line.activity, date=line.on.isoformat()))
