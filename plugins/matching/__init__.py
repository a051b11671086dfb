"""The supply-demand menu (供需菜单): volunteers' skills and willingness matched to residents' needs.

``linli match ORDER`` ranks candidates for one order with the reasons for
each score (skill, closeness in the org tree, load, recent rating, stars);
``linli menu`` publishes needs by category with the volunteers who can
serve them, phones masked (攸县 posts its matches publicly).
"""

from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import click

from linli.core import ConfigProblem, Context, Program, add_catalogue, hookimpl

from linli.plugins.matching import checks, schema
from linli.plugins.matching.commands import match, menu
from linli.plugins.matching.ranking import rank_order

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"matching": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))


@hookimpl
def linli_cli_commands() -> Iterable[click.Command]:
    return [match, menu]


@hookimpl
def linli_order_suggestions(ctx: Context, order_id: int, limit: int) -> Sequence[Mapping[str, Any]]:
    locale = ctx.program.locale
    return [
        {"member_id": c.member.id, "name": c.member.label(), "score": c.score, "reasons": [r.render(locale) for r in c.reasons]}
        for c in rank_order(ctx, order_id, limit=limit)
    ]
