"""``linli awards``: decide and print an award list, confirm it, and show a member's titles."""

from __future__ import annotations

from pathlib import Path

import click

from linli.core import CliState, LinliError, print_table, t, write_table

FORMATS = ("table", "csv", "xlsx")

from linli.plugins.commendations.selection import Awarded, confirm_awards, select_awards
from linli.plugins.commendations.titles import Title, member_titles

COLUMNS = ("title", "period", "node", "rank", "member", "phone", "metric", "value")
# What fits a terminal (the period is in the heading); files carry every column.
TABLE_COLUMNS = ("title", "node", "rank", "member", "phone", "value")
TITLE_COLUMNS = ("period", "title", "node", "rank", "status")
NAMED_METRICS = ("service_hours", "records", "points_earned")

PERIOD = click.option("--period", metavar="PERIOD", help="2026 (a year), 2026-Q2 (a quarter) or 2026-05 (a month).")
ORG = click.option("--org", metavar="CODE", help="Only this org node's subtree (default: your whole scope).")
AWARD = click.option("--award", metavar="ID", help="Only this award (default: every award of that kind of period).")


@click.group("awards", invoke_without_command=True)
@PERIOD
@ORG
@AWARD
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The csv/xlsx file (default: awards-PERIOD.FORMAT here).")
@click.pass_context
def awards_command(context: click.Context, period: str | None, org: str | None, award: str | None, fmt: str, output: Path | None) -> None:
    """Select outstanding volunteers for a period (优秀志愿者 …), record the list as a draft and print it.

    Running it again replaces the draft (late approvals count); `linli awards
    confirm` makes the list final, after which it is refused.

    \b
    Examples:
      linli awards --period 2026
      linli awards --period 2026 --org LX-WH --award outstanding --format xlsx
      linli awards confirm --period 2026
      linli awards show 13800000001
    """
    if context.invoked_subcommand is not None:
        return
    state: CliState = context.obj
    runtime = state.runtime()
    locale = runtime.program.locale
    if period is None:
        raise click.UsageError(t("commendations.period_required", locale))
    winners = runtime.act(state.operator, lambda ctx: select_awards(ctx, period=period, org=org, award=award))
    heading = t("commendations.heading", locale, period=period, count=len(winners))
    rows = [_row(winner, runtime.program.name, locale) for winner in winners]
    if fmt == "table":
        shown = [COLUMNS.index(column) for column in TABLE_COLUMNS]
        print_table(heading, [t(f"commendations.col_{column}", locale) for column in TABLE_COLUMNS], [[row[i] for i in shown] for row in rows])
    else:
        headers = [t(f"commendations.col_{column}", locale) for column in COLUMNS]
        target = output or Path(f"awards-{period}.{fmt}")
        try:
            write_table(target, fmt, title=heading, note=heading, headers=headers, rows=rows)
        except OSError as error:
            raise LinliError("commendations.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None
        click.echo(t("commendations.written", locale, count=len(rows), path=target))
    click.echo(t("commendations.draft_note", locale, period=period))


@awards_command.command("confirm")
@PERIOD
@ORG
@AWARD
@click.pass_obj
def confirm_command(state: CliState, period: str | None, org: str | None, award: str | None) -> None:
    """Make the drafted list of a period final: the titles enter the members' records.

    \b
    Example:
      linli awards confirm --period 2026 --award outstanding
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    if period is None:
        raise click.UsageError(t("commendations.period_required", locale))
    count = runtime.act(state.operator, lambda ctx: confirm_awards(ctx, period=period, org=org, award=award))
    click.echo(t("commendations.confirmed", locale, count=count, period=period))


@awards_command.command("show")
@click.argument("member")
@click.pass_obj
def show_command(state: CliState, member: str) -> None:
    """Show a member's titles, newest first; MEMBER is their id or mobile number.

    \b
    Example:
      linli awards show 13800000001
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    found = runtime.view(state.operator, lambda ctx: member_titles(ctx, member))
    heading = t("commendations.titles_heading", locale, member=found.member, phone=found.phone, count=len(found.titles))
    rows = [[title.period, title.title, title.node or runtime.program.name, title.rank, _status(title, locale)] for title in found.titles]
    print_table(heading, [t(f"commendations.col_{column}", locale) for column in TITLE_COLUMNS], rows)


def _status(title: Title, locale: str) -> str:
    if title.conferred_by:
        return t("commendations.status_received", locale, organization=title.conferred_by)
    return t(f"commendations.status_{'confirmed' if title.confirmed else 'draft'}", locale)


def _row(winner: Awarded, program: str, locale: str) -> list[object]:
    metric = t(f"commendations.metric_{winner.metric}", locale) if winner.metric in NAMED_METRICS else winner.metric
    value = int(winner.value) if winner.value.is_integer() else round(winner.value, 2)
    return [winner.title, winner.period, winner.node or program, winner.rank, winner.member, winner.phone, metric, value]
