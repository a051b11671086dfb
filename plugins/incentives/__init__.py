"""Points from service (积分): declarative rules in the ``incentives`` section.

Rules of every kind — the built-ins below and any plugin's — come through
``linli_points_rule_kinds``; points are credited when service is approved
(:mod:`.accrual`), expire by policy (:mod:`.expiry`), and are answered as
the ``points_earned`` metric for star levels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import click

from linli.core import ConfigProblem, Context, PointsRuleKind, Program, add_catalogue, hookimpl
from linli.core.models import ServiceRecord

from linli.plugins.incentives import checks, schema
from linli.plugins.incentives.accrual import accrue
from linli.plugins.incentives.cli import points
from linli.plugins.incentives.kinds import BUILTIN_KINDS
from linli.plugins.incentives.settings import SECTION
from linli.plugins.incentives.summary import summaries
from linli.plugins.incentives.member_page import points_section

add_catalogue(resources.files(__name__) / "locales")

METRIC = "points_earned"


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {SECTION: schema.SECTION}


@hookimpl
def linli_check_config(program: Program, hooks: Any) -> Iterable[ConfigProblem]:
    return list(checks.check(program, hooks))


@hookimpl
def linli_points_rule_kinds() -> Mapping[str, PointsRuleKind]:
    return BUILTIN_KINDS


@hookimpl
def linli_service_approved(ctx: Context, records: Sequence[ServiceRecord]) -> None:
    accrue(ctx, records)


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [points]


@hookimpl
def linli_member_metric(
    ctx: Context, metric: str, member_ids: Sequence[int], since: dt.datetime | None, until: dt.datetime | None
) -> Mapping[int, float] | None:
    """Points earned (credited by incentives, less reversals), by when the service took place."""
    if metric != METRIC:
        return None
    found = summaries(ctx.session, member_ids, since=since, until=until)
    return {member_id: float(found[member_id].earned) for member_id in member_ids if member_id in found}


@hookimpl
def linli_member_summary(ctx: Context, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]]:
    return points_section(ctx, member)
