"""Points exchange (积分兑换) with pickup codes (核销码), and settlement across communities (通存通兑).

A redemption — member, item, quantity, operator — is one transaction: it
checks eligibility and the member's allowance, takes the stock, moves the
points ``member:<id>`` → ``merchant:<code>`` and issues a unique, single-use
pickup code. The merchant's clerk verifies the code once; before that it may
be cancelled, and past its time it expires (``linli exchange expire``),
either way undone whole. ``linli settle`` reports a month from the ledger:
points issued per community and fund, honoured per merchant with their CNY
claims, cross-community flows and the points liability per fund.

Items come from ``linli_catalogue_item`` and stock moves through
``linli_adjust_stock`` (the merchants plugin answers both); fund names and
over-budget flags from ``linli_funds`` (the funds plugin).
"""

import random
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl, t

from linli.plugins.exchange import checks, demo, schema
from linli.plugins.exchange.cli import exchange_group, redeem_command, redemption_group, settle_command, verify_command
from linli.plugins.exchange.lifecycle import Expired, cancel, expire, show_code, verify
from linli.plugins.exchange.models import Redemption, RedemptionTally
from linli.plugins.exchange.redeem import redeem
from linli.plugins.exchange.settlement import Settlement, settle

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["Expired", "Redemption", "RedemptionTally", "Settlement", "cancel", "expire", "redeem", "settle", "show_code", "verify"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"exchange": schema.SECTION}


@hookimpl
def linli_check_config(program: Program, hooks: Any) -> Iterable[ConfigProblem]:
    return list(checks.check(program, hooks))


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [redeem_command, verify_command, redemption_group, exchange_group, settle_command]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations" / "versions"


@hookimpl
def linli_tui_screens(program: Program) -> Iterable[tuple[str, str, type]]:
    from linli.plugins.exchange.tui import ExchangeScreen  # Textual is loaded only by the terminal UI

    return [("exchange", t("exchange_tui.screen_title", program.locale), ExchangeScreen)]


@hookimpl(trylast=True)  # after the merchants plugin has synced the catalogue the redemptions are made from
def linli_demo_fill(ctx: Context, stream: Callable[[str], random.Random]) -> Iterable[str]:
    return demo.fill_demo(ctx, stream("exchange"))
