"""``linli redeem``, ``linli verify``, ``linli redemption``, ``linli exchange expire`` and ``linli settle``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from linli.core import CliState, Context, t
from linli.core.services import CHINA_STANDARD_TIME

from linli.plugins.exchange.codes import shown
from linli.plugins.exchange.lifecycle import cancel, expire, show_code, verify
from linli.plugins.exchange.redeem import redeem
from linli.plugins.exchange.report import sections, show, write
from linli.plugins.exchange.settlement import settle

FORMATS = ("table", "csv", "xlsx")


@click.command("redeem")
@click.argument("member")
@click.argument("item")
@click.option("--quantity", "-n", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--key", help="Idempotency key: retrying with the same key returns the same redemption and code.")
@click.pass_obj
def redeem_command(state: CliState, member: str, item: str, quantity: int, key: str | None) -> None:
    """Redeem points for a catalogue item and print the pickup code (核销码).

    MEMBER is a member id or mobile number; ITEM an item code (see linli catalogue).

    \b
    Examples:
      linli redeem 13800000001 haircut
      linli redeem 42 rice-5kg --quantity 2 --key app-7f3a
    """
    runtime = state.runtime()
    done = runtime.act(state.operator, lambda ctx: redeem(ctx, member, item, quantity, key=key))
    locale = runtime.program.locale
    expires = done.expires_at.astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M")
    click.echo(t("exchange.redeemed", locale, item=done.item_name, quantity=done.quantity, points=done.points, merchant=done.merchant_name))
    click.echo(t("exchange.your_code", locale, code=shown(done.code), expires=expires))


@click.command("verify")
@click.argument("code")
@click.pass_obj
def verify_command(state: CliState, code: str) -> None:
    """Verify (核销) a pickup code at the merchant: hand over the goods; only that merchant's clerk, once.

    \b
    Examples:
      linli --operator qc_barber verify ABCD-2345
      linli --operator qc_barber verify abcd2345
    """
    runtime = state.runtime()
    done = runtime.act(state.operator, lambda ctx: verify(ctx, code))
    click.echo(t("exchange.verified", runtime.program.locale, code=shown(done.code), item=done.item_name, quantity=done.quantity))


@click.group("redemption")
def redemption_group() -> None:
    """One redemption by its pickup code: show it, or cancel it before it is verified.

    \b
    Examples:
      linli redemption show ABCD-2345
      linli redemption cancel ABCD-2345
    """


@redemption_group.command("cancel")
@click.argument("code")
@click.pass_obj
def cancel_command(state: CliState, code: str) -> None:
    """Cancel a redemption not yet verified: the points, the stock and the member's allowance come back.

    \b
    Example:
      linli redemption cancel ABCD-2345
    """
    runtime = state.runtime()
    done = runtime.act(state.operator, lambda ctx: cancel(ctx, code))
    click.echo(t("exchange.cancelled", runtime.program.locale, code=shown(done.code), points=done.points))


@redemption_group.command("show")
@click.argument("code")
@click.pass_obj
def show_command(state: CliState, code: str) -> None:
    """Show what a pickup code is for and where it stands.

    \b
    Example:
      linli redemption show ABCD-2345
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def describe(ctx: Context) -> str:
        found = show_code(ctx, code)
        status = t(f"exchange.state_{found.state}", locale)
        return t("exchange.shown", locale, code=shown(found.code), item=found.item_name, quantity=found.quantity, merchant=found.merchant_name, points=found.points, state=status)

    click.echo(runtime.view(state.operator, describe))


@click.group("exchange")
def exchange_group() -> None:
    """Housekeeping of the points exchange.

    \b
    Example:
      linli exchange expire --as-of 2026-12-01
    """


@exchange_group.command("expire")
@click.option("--as-of", "as_of", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Expire codes whose time ran out by this day, 00:00 China time.")
@click.pass_obj
def expire_command(state: CliState, as_of: dt.datetime) -> None:
    """Expire pickup codes past their time: points, stock and allowances come back; safe to run again.

    \b
    Example:
      linli exchange expire --as-of 2026-12-01
    """
    runtime = state.runtime()
    done = runtime.act(state.operator, lambda ctx: expire(ctx, as_of.date()))
    click.echo(t("exchange.expired_run", runtime.program.locale, as_of=done.as_of.isoformat(), count=done.redemptions, points=done.points))


@click.command("settle")
@click.option("--period", required=True, metavar="YYYY-MM", help="The month to settle, e.g. 2026-11.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The csv/xlsx file (default: settlement-PERIOD.FORMAT here).")
@click.pass_obj
def settle_command(state: CliState, period: str, fmt: str, output: Path | None) -> None:
    """Settle a month (通存通兑): points issued by community and fund, honoured by merchant, flows, liability.

    \b
    Examples:
      linli settle --period 2026-11
      linli settle --period 2026-11 --format xlsx -o 十一月结算.xlsx
    """
    runtime = state.runtime()
    locale = runtime.program.locale
    settlement = runtime.view(state.operator, lambda ctx: settle(ctx, period))
    heading = t("exchange.settlement_heading", locale, program=runtime.program.name, period=settlement.period)
    parts = sections(settlement, locale)
    if fmt == "table":
        show(heading, parts)
        return
    target = output or Path(f"settlement-{settlement.period}.{fmt}")
    write(target, fmt, heading, parts)
    click.echo(t("exchange.written", locale, path=target))
