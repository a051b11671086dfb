"""Metrics from other plugins (points earned, never the balance), the change event, and the bulk path's bounded SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from linli.core import Refused, hookimpl
from linli.core.db import Database
from linli.core.services import ServiceRow, record_imported_service, star_levels
from linli.core.config.program import freeze
from linli.plugins import star_rating
from tests.core.factories import counting, make_program, make_world
from tests.plugins.star_rating.helpers import CHINA, fragment, members, patrol, rated_world, serve

YOUXIAN = {
    "metric": "points_earned",
    "levels": [{"stars": n, "at": at} for n, at in ((1, 50), (2, 150), (3, 300), (4, 500))]
    + [{"stars": 5, "at": 800, "benefits": "就医就读享受优惠", "entitlements": ["priority_medical", "free_scenic_entry"]}],
}


class Points:
    """A throwaway incentives plugin: points earned per member, and what it was asked."""

    def __init__(self, earned: dict[int, float]) -> None:
        self.earned = earned
        self.asked: list[tuple[str, int, dt.datetime | None, dt.datetime | None]] = []

    @hookimpl
    def linli_member_metric(self, metric: str, member_ids: Sequence[int], since: dt.datetime | None, until: dt.datetime | None) -> dict[int, float] | None:
        self.asked.append((metric, len(member_ids), since, until))
        if metric != "points_earned":
            return None
        return {m: self.earned[m] for m in member_ids if m in self.earned}


class Listener:
    def __init__(self) -> None:
        self.batches: list[list[tuple[int, int, int]]] = []

    @hookimpl
    def linli_star_changed(self, changes: Sequence[Any]) -> None:
        self.batches.append([(c.member_id, c.before, c.after) for c in changes])


def test_points_earned_come_from_the_plugin_that_credits_them_in_the_same_approval(database: Database) -> None:
    class Accruing(Points):
        @hookimpl
        def linli_service_approved(self, records: Sequence[Any]) -> None:
            for record in records:
                self.earned[record.member_id] = self.earned.get(record.member_id, 0) + record.approved_minutes / 6  # 10 points an hour

    points = Accruing({})
    # Registered before star_rating, so pluggy would call it after star_rating but for trylast.
    program = make_program(sections=freeze({"star_rating": YOUXIAN}))
    world = make_world(database, ("incentives", points), ("star_rating", star_rating), program=program)
    rich, middling, poor = members(world, 3)
    points.earned.update({rich: 790, middling: 489.5})
    serve(world, patrol(world), {rich: 1, middling: 1, poor: 1})
    assert world.act(lambda ctx: star_levels(ctx, [rich, middling, poor])) == {rich: 5, middling: 3, poor: 0}
    assert points.asked == [("points_earned", 3, None, None)]


def test_a_review_batch_asks_for_the_metric_once(database: Database) -> None:
    points = Points({})
    world = rated_world(database, YOUXIAN, ("incentives", points))
    people = members(world, 2500)
    serve(world, patrol(world), dict.fromkeys(people, 1))
    assert points.asked == [("points_earned", 2500, None, None)]


def test_a_yearly_metric_is_asked_for_both_rating_years(database: Database) -> None:
    points = Points({})
    world = rated_world(database, {**YOUXIAN, "window": "yearly"}, ("incentives", points))
    [member] = members(world, 1)
    serve(world, patrol(world), {member: 1})
    year = lambda y: dt.datetime(y, 1, 1, tzinfo=CHINA)  # noqa: E731
    assert [(since, until) for _, _, since, until in points.asked] == [(year(2023), year(2024)), (year(2024), year(2025))]


def test_nobody_providing_the_metric_refuses_the_approval(database: Database) -> None:
    world = rated_world(database, {**YOUXIAN, "metric": "karma"}, ("incentives", Points({})))
    [member] = members(world, 1)
    activity = patrol(world)
    with pytest.raises(Refused) as refused:
        serve(world, activity, {member: 1})
    assert refused.value.key == "star_rating.metric_unavailable" and "没有插件提供星级指标 karma" in str(refused.value)
    assert world.act(lambda ctx: star_levels(ctx, [member])) == {member: 0}


def test_changes_are_announced_once_per_batch(database: Database) -> None:
    listener = Listener()
    world = rated_world(database, fragment("stars-common"), ("reports", listener))
    people = members(world, 3)
    activity = patrol(world)
    serve(world, activity, {people[0]: 100, people[1]: 300, people[2]: 5})
    serve(world, activity, {people[2]: 5})
    assert listener.batches == [[(people[0], 0, 1), (people[1], 0, 2)]]


def test_approving_2000_records_recomputes_in_a_bounded_number_of_statements(database: Database) -> None:
    world = rated_world(database, fragment("stars-common"))
    people = members(world, 2000)
    activity = patrol(world)
    start = dt.datetime(2024, 2, 1, 8, tzinfo=CHINA)
    rows = [ServiceRow(activity, 60 * (100 + i % 1500), member_id=m, check_in_at=start, check_out_at=start + dt.timedelta(hours=100 + i % 1500)) for i, m in enumerate(people)]

    with world.acting() as ctx, counting(ctx.session) as statements:
        record_imported_service(ctx, rows, approve=True)
    rating = [s for s in statements if "star_" in s or "sum(" in s.lower()]
    # the metric query, the stored levels, inserting levels, inserting history; the whole import stays small
    assert len(rating) <= 4, rating
    assert len(statements) < 20
    levels = world.act(lambda ctx: star_levels(ctx, people))
    assert levels[people[0]] == 1 and levels[people[200]] == 2 and levels[people[1400]] == 5
