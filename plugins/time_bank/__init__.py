"""Service time banked and withdrawn (志愿服务银行, 志愿服务存折).

Approved minutes deposit into the volunteer's time account; a served
member's banked time pays for the service. Everything lives in the ledger
(accounts ``member:ID`` in minutes, the bank ``system:time_bank``, overdraft
lines ``overdraft:ID``), so this plugin has no tables of its own.
"""

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl
from linli.core.models import ServiceRecord

from linli.plugins.time_bank import checks, schema
from linli.plugins.time_bank.banking import bank_approved, check_withdrawals
from linli.plugins.time_bank.cli import passbook_command
from linli.plugins.time_bank.member_page import passbook_section
from linli.plugins.time_bank.passbook import Passbook, PassbookLine, passbook
from linli.plugins.time_bank.transfers import transfer_time

add_catalogue(resources.files(__name__) / "locales")

__all__ = ["Passbook", "PassbookLine", "check_withdrawals", "passbook", "transfer_time"]


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"time_bank": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_service_approved(ctx: Context, records: Sequence[ServiceRecord]) -> None:
    bank_approved(ctx, records)


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [passbook_command]


@hookimpl
def linli_member_summary(ctx: Context, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]]:
    return passbook_section(ctx, member)
