"""Service orders (点单—派单—接单—评单): residents' needs become orders a volunteer accepts, completes and the served person rates.

Both of 朝阳里's flows: the resident asks and the centre dispatches
(中心派单—志愿者接单—群众评单), or a station asks at the door and makes an
order volunteers accept (开门询单—所站制单—志愿者接单—群众评单). Also the
service archive per person served and the annual needs survey.
"""

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl, t
from linli.core.services import AuditTarget
from linli.core.models import OrgNode

from linli.plugins.dispatch import checks, demo, erasure, needs, queries, schema
from linli.plugins.dispatch.cli import COMMANDS

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"dispatch": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return COMMANDS


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations"


@hookimpl
def linli_member_erased(ctx: Context, member_ids: Sequence[int]) -> list[AuditTarget]:
    return erasure.erase_requesters(ctx, member_ids)


@hookimpl
def linli_order_facts(ctx: Context, order_id: int) -> Mapping[str, Any] | None:
    return queries.facts(ctx.session, order_id)


@hookimpl
def linli_open_orders(ctx: Context, member_ids: Sequence[int]) -> Mapping[int, int]:
    return queries.open_load(ctx.session, member_ids)


@hookimpl
def linli_open_needs(ctx: Context, node_id: int) -> Mapping[str, int]:
    node = ctx.session.get(OrgNode, node_id)
    return needs.open_needs_by_category(ctx.session, node) if node is not None else {}


@hookimpl
def linli_tui_screens(program: Program) -> Iterable[tuple[str, str, type]]:
    from linli.plugins.dispatch.tui import DispatchBoard  # Textual is loaded only by the terminal UI

    return [("dispatch", t("dispatch_tui.screen_title", program.locale), DispatchBoard)]


@hookimpl(trylast=True)  # after the service points are open, so the demo's orders are routed as real ones are
def linli_demo_fill(ctx: Context, stream: Callable[[str], random.Random], members: Sequence[int]) -> Iterable[str]:
    return demo.fill_demo(ctx, stream("dispatch"), members)
