"""Lifetime and yearly windows: the year of the service in China time, held through the next year, lapsing after."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from linli.core.db import Database
from linli.core.services import star_levels
from linli.plugins.star_rating.models import StarHistory, StarLevel
from linli.plugins.star_rating.service import member_stars, recompute_members
from tests.core.factories import World
from tests.plugins.star_rating.helpers import CHINA, fragment, members, patrol, rated_world, serve

# The street community that rates yearly at 10/20/30/40/50 hours.
YEARLY = {"window": "yearly", "levels": [{"stars": n, "at": 10 * n} for n in range(1, 6)]}


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA)


def levels(world: World, people: list[int]) -> list[int]:
    found = world.act(lambda ctx: star_levels(ctx, people))
    return [found[m] for m in people]


def values(world: World, people: list[int]) -> list[tuple[int, float, int | None]]:
    with world.database.reading() as session:
        query = sa.select(StarLevel.member_id, StarLevel.stars, StarLevel.metric_value, StarLevel.period)
        rows = {member: (stars, value, period) for member, stars, value, period in session.execute(query)}
    return [rows.get(m, (0, 0.0, None)) for m in people]


def test_lifetime_counts_every_year(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    [member] = members(world, 1)
    activity = patrol(world)
    serve(world, activity, {member: 80}, start=at(2022, 5, 1))
    serve(world, activity, {member: 40}, start=at(2024, 2, 1))
    assert levels(world, [member]) == [1]


def test_yearly_counts_the_year_service_began_in_china_time(database: Database) -> None:
    world = rated_world(database, YEARLY)  # today is 2024-03-01
    late_2023, early_2024, old = members(world, 3)
    activity = patrol(world)
    # 23:00 on 31 December in China is still 2023 (15:00 UTC); 00:30 on 1 January is 2024 (16:30 UTC on 31 December).
    serve(world, activity, {late_2023: 10}, start=at(2023, 12, 31, 23))
    serve(world, activity, {early_2024: 10}, start=at(2024, 1, 1, 0, 30))
    serve(world, activity, {old: 50}, start=at(2022, 6, 1))
    assert values(world, [late_2023, early_2024, old]) == [(1, 0.0, 2024), (1, 10.0, 2024), (0, 0.0, None)]


def test_a_yearly_level_is_held_through_the_next_year_then_lapses(database: Database) -> None:
    world = rated_world(database, YEARLY)
    member, steady = members(world, 2)
    activity = patrol(world)
    serve(world, activity, {member: 35, steady: 20}, start=at(2023, 6, 1))
    serve(world, activity, {member: 12, steady: 25}, start=at(2024, 2, 1))
    assert levels(world, [member, steady]) == [3, 2]  # 2023's 35 h keeps 3 stars; 2024's 25 h beat 2023's 20 h
    shown = world.act(lambda ctx: member_stars(ctx, member))
    assert (shown.stars, shown.window_stars, shown.period, shown.metric_value) == (3, 1, 2024, 12)

    world.clock[0] = dt.datetime(2025, 1, 1, 16, tzinfo=dt.UTC)  # 2 January in China
    result = world.act(lambda ctx: recompute_members(ctx))
    assert (result.members, result.promoted, result.demoted) == (2, 0, 1)
    assert levels(world, [member, steady]) == [1, 2]  # 2024's 12 h and 25 h now decide
    assert values(world, [member, steady]) == [(1, 0.0, 2025), (2, 0.0, 2025)]
    with world.database.reading() as session:
        history = session.execute(sa.select(StarHistory.previous, StarHistory.stars).where(StarHistory.member_id == member).order_by(StarHistory.id)).all()
    assert [tuple(row) for row in history] == [(0, 3), (3, 1)]

    world.act(lambda ctx: recompute_members(ctx, as_of=dt.date(2026, 1, 1)))  # two years on, 2024's service lapses
    assert levels(world, [member, steady]) == [0, 0]
    world.act(lambda ctx: recompute_members(ctx, org="G0101", as_of=dt.date(2024, 12, 31)))
    assert levels(world, [member, steady]) == [3, 2]
