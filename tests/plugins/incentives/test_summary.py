"""Earned, spent, expired, balance — and ``points_earned`` for star levels, which never reads the balance."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from linli.core import Database, ledger
from linli.plugins.incentives.expiry import expire
from linli.plugins.incentives.summary import PointsSummary, summaries
from tests.plugins.incentives.helpers import cst, incentives_world, member
from tests.plugins.incentives.test_expiry import TEN_PER_HOUR, earn, spend

RULES = [*TEN_PER_HOUR, {"id": "first", "kind": "first_service", "points": 5}]


def test_summary_and_metric_after_spending_expiry_and_a_correction(database: Database) -> None:
    world = incentives_world(database, RULES, expiry={"policy": "months", "months": 1})
    volunteer, newcomer = member(world, "13900000001"), member(world, "13900000002")
    earn(world, volunteer, "2024-01-10 09:00", 60)  # 10, and 5 for the first service
    spend(world, volunteer, 3, "2024-01-20 10:00")
    earn(world, volunteer, "2024-02-10 09:00", 30)  # 5
    world.clock[0] = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert world.act(lambda ctx: expire(ctx, dt.date(2024, 2, 10))).points == 12  # 7 + 5 left of January
    with world.acting() as ctx:  # the February record was wrong: its points are taken back
        february = ctx.session.scalar(sa.select(ledger.Transfer).where(ledger.Transfer.occurred_at == cst("2024-02-10 09:00")))
        ledger.reverse(ctx.session, february, key="correction:1")

    with world.acting() as ctx:
        assert summaries(ctx.session, [volunteer, newcomer]) == {volunteer: PointsSummary(earned=15, spent=3, expired=12)}

        def metric(name: str = "points_earned", **window: dt.datetime) -> object:
            return ctx.hooks.linli_member_metric(ctx=ctx, metric=name, member_ids=[volunteer, newcomer], since=window.get("since"), until=window.get("until"))

        assert metric() == {volunteer: 15.0}
        assert metric(since=cst("2024-02-01 00:00")) == {volunteer: 0.0}  # February's 5, reversed
        assert metric(until=cst("2024-02-01 00:00")) == {volunteer: 15.0}
        assert metric("service_hours") is None
    assert PointsSummary(earned=15, spent=3, expired=12).balance == 0
