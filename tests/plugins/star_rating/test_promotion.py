"""Promotion rules: one level at a time, and promotions that wait for an operator's review."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from linli.core import PermissionDenied, Refused
from linli.core.db import Database
from linli.core.models import AuditEntry
from linli.core.services import star_levels
from linli.plugins.star_rating.models import StarHistory
from linli.plugins.star_rating.review import approve_promotions, pending_promotions, reject_promotions
from linli.plugins.star_rating.service import recompute_members
from tests.core.factories import World
from tests.plugins.star_rating.helpers import fragment, members, patrol, rated_world, serve


def stars_of(world: World, member: int) -> int:
    return world.act(lambda ctx: star_levels(ctx, [member]))[member]


def test_one_level_at_a_time_climbs_a_step_per_recompute(database: Database) -> None:
    world = rated_world(database, {**fragment("stars-common"), "one_level_at_a_time": True})
    [member] = members(world, 1)
    activity = patrol(world)
    serve(world, activity, {member: 700})  # enough for 3 stars
    assert stars_of(world, member) == 1
    world.act(lambda ctx: recompute_members(ctx))
    assert stars_of(world, member) == 2
    serve(world, activity, {member: 1})
    assert stars_of(world, member) == 3
    assert world.act(lambda ctx: recompute_members(ctx)).changes == []
    assert stars_of(world, member) == 3


def test_review_required_waits_for_an_admin_who_signs_the_history(database: Database) -> None:
    world = rated_world(database, {**fragment("stars-common"), "review_required": True})
    member, other = members(world, 2)
    serve(world, patrol(world), {member: 350, other: 120})
    assert stars_of(world, member) == 0
    elsewhere = world.operator("huayuan", "S02")  # an admin of another station sees nothing and may not approve
    assert world.act(lambda ctx: pending_promotions(ctx), elsewhere) == []
    with pytest.raises(PermissionDenied):
        world.act(lambda ctx: approve_promotions(ctx, [member]), elsewhere)
    waiting = world.act(lambda ctx: pending_promotions(ctx))
    assert [(p.member.id, p.stars, p.proposed, p.metric_value) for p in waiting] == [(member, 0, 2, 350), (other, 0, 1, 120)]
    changes = world.act(lambda ctx: approve_promotions(ctx, [member]))
    assert [(c.member_id, c.before, c.after) for c in changes] == [(member, 0, 2)]
    assert stars_of(world, member) == 2
    with world.database.reading() as session:
        signed = session.execute(sa.select(StarHistory.stars, StarHistory.approved_by)).all()
        audited = session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("star_rating.%"))).all()
    assert [tuple(row) for row in signed] == [(2, world.admin_id)]
    assert audited == ["star_rating.change"]
    assert [p.member.id for p in world.act(lambda ctx: pending_promotions(ctx))] == [other]


def test_review_and_one_level_at_a_time_propose_the_next_step_only(database: Database) -> None:
    world = rated_world(database, {**fragment("stars-common"), "review_required": True, "one_level_at_a_time": True})
    [member] = members(world, 1)
    serve(world, patrol(world), {member: 1600})
    assert [p.proposed for p in world.act(lambda ctx: pending_promotions(ctx))] == [1]
    world.act(lambda ctx: approve_promotions(ctx, [member]))
    world.act(lambda ctx: recompute_members(ctx))
    assert [(p.stars, p.proposed) for p in world.act(lambda ctx: pending_promotions(ctx))] == [(1, 2)]


def test_a_rejected_promotion_needs_a_reason_and_returns_with_new_service(database: Database) -> None:
    world = rated_world(database, {**fragment("stars-common"), "review_required": True})
    [member] = members(world, 1)
    activity = patrol(world)
    serve(world, activity, {member: 120})
    with pytest.raises(Refused) as missing:
        world.act(lambda ctx: reject_promotions(ctx, [member], reason=" "))
    assert missing.value.key == "star_rating.reason_missing"
    assert world.act(lambda ctx: reject_promotions(ctx, [member], reason="服务记录待核实")) == 1
    assert world.act(lambda ctx: pending_promotions(ctx)) == []
    with pytest.raises(Refused) as nothing:
        world.act(lambda ctx: approve_promotions(ctx, [member]))
    assert nothing.value.key == "star_rating.nothing_pending" and "志愿者0" in str(nothing.value)
    serve(world, activity, {member: 1})
    assert [p.proposed for p in world.act(lambda ctx: pending_promotions(ctx))] == [1]
