"""Funds backing points (五个一点 and named charity funds): which fund pays for which service, within budgets.

Points are a liability; a district backs them with money from several
sources. When service is approved, the incentives plugin asks
``linli_points_source`` where the points come from: this plugin charges each
credit to a fund by the ``funds`` section's rules (activity category, the
volunteer's home subtree), so the transfer is ``fund:<key> → member:<id>``.

Sign convention: a fund account may go negative and does: its balance is
minus the points issued against it (net of reversed credits). Spending or
expiring points never moves it; which fund still backs the points members
hold is worked out by ``linli settle`` (oldest points spent first).

A fund may have a budget per month, quarter or year (by when the service
took place); a batch that goes beyond is refused, naming the fund, or
allowed and flagged (``fund_flag``), as the section says.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl

from linli.plugins.funds import checks, schema
from linli.plugins.funds.charging import choose
from linli.plugins.funds.cli import funds_command
from linli.plugins.funds.models import FundFlag
from linli.plugins.funds.overview import describe

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["FundFlag"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"funds": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_points_source(ctx: Context, credits: Sequence[Any]) -> Mapping[str, tuple[str, str]]:
    return choose(ctx, credits)


@hookimpl
def linli_funds(ctx: Context, since: dt.datetime, until: dt.datetime) -> Mapping[str, Mapping[str, Any]]:
    return describe(ctx, since, until)


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [funds_command]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations" / "versions"
