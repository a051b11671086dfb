"""The shipped ladders, with hours computed by hand at and around every threshold, on both engines."""

from __future__ import annotations

import sqlalchemy as sa

from linli.core.db import Database
from linli.core.services import star_levels
from linli.plugins.star_rating.models import StarHistory, StarLevel
from linli.plugins.star_rating.service import member_stars
from tests.plugins.star_rating.helpers import fragment, members, patrol, rated_world, serve

# hours → stars; 99.98 h is 5,999 minutes, one minute short of 100 h.
COMMON = {99.98: 0, 100: 1, 299.98: 1, 300: 2, 599.5: 2, 600: 3, 999.98: 3, 1000: 4, 1499: 4, 1500: 5, 4000: 5}
BEIJING = {99.98: 0, 100: 1, 199.98: 1, 200: 2, 499: 2, 500: 3, 799.98: 3, 800: 4, 999: 4, 1000: 5, 1999: 5, 2000: 5, 3000: 5, 5000: 5}
MEDALS = {1999: None, 2000: "铜奖", 2999.98: "铜奖", 3000: "银奖", 4999: "银奖", 5000: "金奖"}


def rate(database: Database, name: str, hours: list[float]) -> tuple[dict[float, int], object]:
    world = rated_world(database, fragment(name))
    people = members(world, len(hours))
    serve(world, patrol(world), dict(zip(people, hours, strict=True)))
    levels = world.act(lambda ctx: star_levels(ctx, people))
    return {hour: levels[member] for member, hour in zip(people, hours, strict=True)}, (world, people)


def test_common_ladder_100_300_600_1000_1500(database: Database) -> None:
    levels, _ = rate(database, "stars-common", list(COMMON))
    assert levels == COMMON


def test_beijing_ladder_and_its_medals(database: Database) -> None:
    hours = sorted({*BEIJING, *MEDALS})
    levels, (world, people) = rate(database, "stars-beijing", hours)
    assert levels == {hour: BEIJING.get(hour, 5) for hour in hours}
    medals = world.act(lambda ctx: {hour: member_stars(ctx, m).medal for m, hour in zip(people, hours, strict=True)})
    assert {hour: medals[hour] for hour in MEDALS} == MEDALS


def test_hours_accumulate_over_batches_and_each_change_is_history(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    member, unrated, idle = members(world, 3)
    activity = patrol(world)
    for hours in (60, 40, 199.5, 0.5, 1200):  # 60, 100, 299.5, 300, 1500 in all
        serve(world, activity, {member: hours, unrated: 2})
    with world.database.reading() as session:
        history = session.execute(sa.select(StarHistory.previous, StarHistory.stars, StarHistory.metric_value).order_by(StarHistory.id)).all()
        levels = session.execute(sa.select(StarLevel.member_id, StarLevel.stars, StarLevel.metric_value, StarLevel.period, StarLevel.pending_stars)).all()
    assert [tuple(row) for row in history] == [(0, 1, 100), (1, 2, 300), (2, 5, 1500)]
    # the unrated keep their metric in a row of 0 stars; whoever never served has no row and answers 0
    assert sorted(tuple(row) for row in levels) == [(member, 5, 1500, None, None), (unrated, 0, 10, None, None)]
    assert world.act(lambda ctx: star_levels(ctx, [unrated, idle])) == {unrated: 0, idle: 0}
