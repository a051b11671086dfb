"""Levels written at approval with Core executemany: most members only gain hours, and only their value is rewritten."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from linli.core import Context
from linli.core.db import Database
from linli.core.services import ServiceRow, record_imported_service
from linli.plugins.star_rating.models import StarLevel
from linli.plugins.star_rating.service import recompute_members
from tests.core.factories import World, counting
from tests.plugins.star_rating.helpers import CHINA, fragment, members, patrol, rated_world, serve

DAY = dt.timedelta(days=1)
START = dt.datetime(2024, 2, 1, 8, tzinfo=CHINA)


def stored(world: World, people: list[int]) -> dict[int, tuple[int, float, dt.datetime]]:
    with world.database.reading() as session:
        query = sa.select(StarLevel.member_id, StarLevel.stars, StarLevel.metric_value, StarLevel.reached_at).where(StarLevel.member_id.in_(people))
        return {member: (stars, value, reached) for member, stars, value, reached in session.execute(query)}


def serve_in(ctx: Context, activity: int, people: list[int], hours: int, *, start: dt.datetime) -> None:
    """Approve *hours* for each of *people* inside the caller's transaction."""
    rows = [ServiceRow(activity, hours * 60, member_id=m, check_in_at=start, check_out_at=start + dt.timedelta(hours=hours)) for m in people]
    record_imported_service(ctx, rows, approve=True)


def test_batches_leave_exactly_what_a_full_recompute_finds(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    people = members(world, 3)
    activity = patrol(world)
    for day, hours in enumerate(({people[0]: 99 + 2 / 3, people[1]: 1 / 3}, {people[0]: 1 / 3, people[1]: 1 / 3, people[2]: 5}, {people[1]: 1 / 3})):
        serve(world, activity, hours, start=START + day * DAY)
    kept = stored(world, people)
    assert {member: (stars, value) for member, (stars, value, _) in kept.items()} == {people[0]: (1, 100.0), people[1]: (0, 1.0), people[2]: (0, 5.0)}
    result = world.act(lambda ctx: recompute_members(ctx))
    assert result.changes == [] and stored(world, people) == kept


def test_a_member_who_only_gains_hours_has_only_the_value_rewritten(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    people = members(world, 20)
    activity = patrol(world)
    serve(world, activity, dict.fromkeys(people, 120))
    reached = stored(world, people)
    with world.acting() as ctx, counting(ctx.session) as statements:
        serve_in(ctx, activity, people[:10], 40, start=START + DAY)
    updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE STAR_LEVEL")]
    assert len(updates) == 1 and "SET metric_value=" in updates[0] and "reached_at" not in updates[0], updates
    after = stored(world, people)
    assert [after[m][1] for m in people] == [160.0] * 10 + [120.0] * 10
    assert all(after[m][2] == reached[m][2] and after[m][0] == 1 for m in people)


def test_a_level_loaded_in_the_session_sees_the_new_value(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    [member] = members(world, 1)
    activity = patrol(world)
    serve(world, activity, {member: 60})
    with world.acting() as ctx:
        level = ctx.session.get(StarLevel, member)
        assert level is not None and level.metric_value == 60.0
        serve_in(ctx, activity, [member], 20, start=START + DAY)
        assert (level.stars, level.metric_value) == (0, 80.0)
        serve_in(ctx, activity, [member], 20, start=START + 2 * DAY)
        assert (level.stars, level.metric_value) == (1, 100.0)
