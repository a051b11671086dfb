"""Benefits as data: who is entitled to X, accumulating upward, by subtree, for other plugins too."""

from __future__ import annotations

import pytest

from linli.core.db import Database
from linli.core.services import set_member_status
from linli.plugins.star_rating.entitlements import entitled_members
from linli.plugins.star_rating.service import member_stars
from tests.core.factories import World
from tests.plugins.star_rating.helpers import fragment, members, patrol, rated_world, serve

LADDER = fragment("stars-common")
LADDER["levels"][3] = {**LADDER["levels"][3], "entitlements": ["priority_school"]}
LADDER["levels"][4] = {**LADDER["levels"][4], "benefits": "就医优先、免费游览县内景点", "entitlements": ["priority_medical", "free_scenic_entry"]}


@pytest.fixture
def world(database: Database) -> World:
    return rated_world(database, LADDER)


def entitled(world: World, name: str, org: str | None = None) -> list[tuple[int, int]]:
    return [(row.member.id, row.stars) for row in world.act(lambda ctx: entitled_members(ctx, name, org=org))]


def test_entitlements_accumulate_upward_and_follow_the_subtree(world: World) -> None:
    three, four, five, left = members(world, 4)
    [there] = members(world, 1, node="G0201")
    serve(world, patrol(world), {three: 600, four: 1000, five: 1500, left: 1500, there: 1600})
    world.act(lambda ctx: set_member_status(ctx, left, "left"))  # members who left are entitled to nothing
    assert entitled(world, "priority_school") == [(four, 4), (five, 5), (there, 5)]
    assert entitled(world, "free_scenic_entry") == [(five, 5), (there, 5)]
    assert entitled(world, "free_scenic_entry", org="S02") == [(there, 5)]
    shown = world.act(lambda ctx: member_stars(ctx, five))
    assert shown.entitlements == {"priority_school", "priority_medical", "free_scenic_entry"}
    assert shown.benefits == ("就医优先、免费游览县内景点",)


def test_other_plugins_ask_through_the_hook(world: World) -> None:
    four, none = members(world, 2)
    serve(world, patrol(world), {four: 1000, none: 10})
    answer = world.act(lambda ctx: ctx.hooks.linli_member_entitlements(ctx=ctx, member_ids=[four, none]))
    assert answer == [{four: frozenset({"priority_school"})}]
