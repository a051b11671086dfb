"""Role requirements with the real plugin: 两长四员 need 4 or 5 stars, on assignment and in the audit."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import Refused
from linli.core.db import Database
from linli.core.services import assign_role, audit_holders
from linli.plugins.star_rating.service import recompute_members
from tests.plugins.star_rating.helpers import CHINA, fragment, members, patrol, rated_world, serve


def test_a_three_star_member_is_refused_and_a_four_star_accepted(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    three, four = members(world, 2)
    serve(world, patrol(world), {three: 999.98, four: 1000})
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: assign_role(ctx, member_id=three, node="G0101", role="sanitation"))
    assert refused.value.key == "roles.not_enough_stars" and "目前为 3 星" in str(refused.value) and "至少 4 星" in str(refused.value)
    assignment = world.act(lambda ctx: assign_role(ctx, member_id=four, node="G0101", role="sanitation"))
    assert assignment.member_id == four
    assert world.act(audit_holders) == []


def test_the_audit_lists_a_holder_demoted_when_the_rating_year_turns(database: Database) -> None:
    world = rated_world(database, {"window": "yearly", "levels": [{"stars": n, "at": 10 * n} for n in range(1, 6)]})
    keeps, lapses = members(world, 2)
    activity = patrol(world)
    serve(world, activity, {keeps: 45, lapses: 45}, start=dt.datetime(2023, 9, 1, 8, tzinfo=CHINA))
    serve(world, activity, {keeps: 40, lapses: 5}, start=dt.datetime(2024, 2, 1, 8, tzinfo=CHINA))
    for member, node in ((keeps, "G0101"), (lapses, "G0102")):
        world.act(lambda ctx, m=member, n=node: assign_role(ctx, member_id=m, node=n, role="sanitation"))
    assert world.act(audit_holders) == []

    world.clock[0] = dt.datetime(2025, 1, 2, 1, tzinfo=dt.UTC)
    world.act(lambda ctx: recompute_members(ctx))
    problems = world.act(lambda ctx: [(p.assignment.member_id, p.error.key, p.message()) for p in audit_holders(ctx)])
    assert [(member, key) for member, key, _ in problems] == [(lapses, "roles.not_enough_stars")]
    assert "目前为 0 星" in problems[0][2]
