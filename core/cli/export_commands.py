"""``linli export members|service|ledger``: the operator's subtree as CSV or .xlsx for Excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from linli.core.cli.app import CliState, cli
from linli.core.exporters import FORMATS, Exported, export_ledger, export_members, export_service
from linli.core.i18n import t
from linli.core.services.context import CHINA_STANDARD_TIME, Context

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="csv (UTF-8 with BOM) or xlsx; default: from --output, else xlsx."
)
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The file to write (default: KIND-DATE.FORMAT here).")
UNMASK = click.option("--unmask", is_flag=True, help="Full phone and ID numbers (operators allowed to unmask only; audited).")


@cli.group()
def export() -> None:
    """Export members, service records or the ledger of your org subtree for Excel.

    Phone and ID numbers are masked (138****5678) unless --unmask is given by
    an operator allowed to see them; such an export is written to the audit log.

    \b
    Examples:
      linli export members
      linli export service --format csv -o 服务记录.csv
      linli export ledger --account 13800000001
    """


@export.command()
@FORMAT
@OUTPUT
@UNMASK
@click.pass_obj
def members(state: CliState, fmt: str | None, output: Path | None, unmask: bool) -> None:
    """Members living in your subtree, in the columns `linli import members` reads.

    \b
    Examples:
      linli export members -o 志愿者.xlsx
      linli --operator zhang export members --unmask
    """
    _run(state, "members", fmt, output, lambda ctx, target, chosen: export_members(ctx, target, chosen, unmask=unmask))


@export.command()
@FORMAT
@OUTPUT
@UNMASK
@click.pass_obj
def service(state: CliState, fmt: str | None, output: Path | None, unmask: bool) -> None:
    """Service records of the members in your subtree, with claimed and approved hours.

    \b
    Example:
      linli export service --format csv
    """
    _run(state, "service", fmt, output, lambda ctx, target, chosen: export_service(ctx, target, chosen, unmask=unmask))


@export.command()
@FORMAT
@OUTPUT
@click.option("--account", metavar="KIND:OWNER|PHONE", help="One account's statement with running balance (default: all transfers).")
@click.option("--unit", type=click.Choice(["points", "minutes"]), default="points", show_default=True, help="With --account.")
@click.pass_obj
def ledger(state: CliState, fmt: str | None, output: Path | None, account: str | None, unit: str) -> None:
    """Every transfer with its postings, or one account's statement line by line.

    \b
    Examples:
      linli export ledger -o 账本.xlsx
      linli export ledger --account member:42 --unit minutes
    """
    _run(state, "ledger", fmt, output, lambda ctx, target, chosen: export_ledger(ctx, target, chosen, account=account, unit=unit))


def _run(state: CliState, kind: str, fmt: str | None, output: Path | None, work: Callable[[Context, Path, str], Exported]) -> None:
    runtime = state.runtime()
    chosen = fmt or (output.suffix.lower().lstrip(".") if output and output.suffix.lower() in (".csv", ".xlsx") else "xlsx")
    target = output or Path(f"{kind}-{runtime.now().astimezone(CHINA_STANDARD_TIME).strftime('%Y%m%d')}.{chosen}")
    exported = runtime.act(state.operator, lambda ctx: work(ctx, target, chosen))
    key = "exporters.written_masked" if exported.masked and kind != "ledger" else "exporters.written"
    click.echo(t(key, runtime.program.locale, count=exported.rows, path=exported.path))
