"""The 15-minute service circle (15分钟志愿服务圈): service points of configured kinds anchored to org nodes.

Barber points, medical points, craftsmen, teachers' homes, merchant
stations … each with opening hours and the teams that staff it. Orders of
a routed category go to the nearest point of a kind that serves it.
"""

import random
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl

from linli.plugins.service_points import checks, demo, points, schema
from linli.plugins.service_points.commands import points_group

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"service_points": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [points_group]


@hookimpl
def linli_migration_scripts() -> Traversable:
    return resources.files(__name__) / "migrations"


@hookimpl
def linli_route_order(ctx: Context, category: str, node_id: int) -> Mapping[str, Any] | None:
    return points.route(ctx, category, node_id)


@hookimpl
def linli_demo_fill(ctx: Context, stream: Callable[[str], random.Random]) -> Iterable[str]:
    return demo.fill_demo(ctx, stream("service_points"))
