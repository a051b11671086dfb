"""``linli passbook MEMBER``: the passbook on screen, or as CSV / workbook for printing and filing."""

from __future__ import annotations

from pathlib import Path

import click

from linli.core import CliState, LinliError, print_table, t, write_table

FORMATS = ("table", "csv", "xlsx")

from linli.plugins.time_bank.passbook import Passbook, passbook

COLUMNS = ("on", "summary", "activity", "served_on", "counterpart", "deposit", "withdrawal", "balance")


@click.command("passbook")
@click.argument("member")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The csv/xlsx file (default: passbook-ID.FORMAT here).")
@click.pass_obj
def passbook_command(state: CliState, member: str, fmt: str, output: Path | None) -> None:
    """Show a member's time-bank passbook (志愿服务存折): every deposit and withdrawal with its balance.

    MEMBER is the member's id or mobile number; the phone is shown masked.

    \b
    Examples:
      linli passbook 13800000001
      linli passbook 42 --format xlsx -o 存折.xlsx
    """
    runtime = state.runtime()
    book = runtime.view(state.operator, lambda ctx: passbook(ctx, member))
    locale = runtime.program.locale
    heading = t("time_bank.heading", locale, title=book.title, member=book.member_name, phone=book.masked_phone, balance=book.balance)
    headers = [t(f"time_bank.col_{column}", locale) for column in COLUMNS]
    rows = _rows(book)
    if fmt == "table":
        print_table(heading, headers, rows)
        return
    target = output or Path(f"passbook-{book.member_id}.{fmt}")
    try:
        write_table(target, fmt, title=book.title, note=heading, headers=headers, rows=rows)
    except OSError as error:
        raise LinliError("time_bank.cannot_write", file=str(target), detail=error.strerror or type(error).__name__) from None
    click.echo(t("time_bank.written", locale, count=len(rows), path=target))


def _rows(book: Passbook) -> list[list[object]]:
    return [
        [
            line.on.isoformat(),
            line.summary,
            line.activity or "",
            line.served_on.isoformat() if line.served_on else "",
            line.counterpart or "",
            line.amount if line.amount > 0 else "",
            -line.amount if line.amount < 0 else "",
            line.balance,
        ]
        for line in book.lines
    ]
