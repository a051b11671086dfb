"""A district-sized batch accrues in a fixed number of statements, whatever its size."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from linli.core import Database
from linli.core.models import ServiceRecord
from linli.core.services import MemberRow, ServiceRow, create_activity, open_activity, record_imported_service, register_members
from linli.plugins.incentives.accrual import accrue
from tests.core.factories import World, counting, make_hooks
from tests.plugins.incentives.helpers import cst, incentives_world
from tests.plugins.incentives.test_scenario import RULES

MEMBERS = 50
HOUR = dt.timedelta(hours=1)


def approved_without_points(world: World, activities: list[int], members: list[int], count: int) -> list[int]:
    """*count* approved records spread over *members* and *activities*, through a world without incentives."""
    plain = dataclasses.replace(world, hooks=make_hooks())
    rows = [ServiceRow(activities[i % len(activities)], 20 + i % 30, member_id=members[i % len(members)]) for i in range(count)]
    return [record.id for record in plain.act(lambda ctx: record_imported_service(ctx, rows, approve=True)).created]


def accrue_counting(world: World, record_ids: list[int]) -> tuple[int, list[int]]:
    with world.acting() as ctx:
        records = list(ctx.session.scalars(sa.select(ServiceRecord).where(ServiceRecord.id.in_(record_ids))))
        with counting(ctx.session) as statements:
            created = accrue(ctx, records)
    return len(statements), created


def test_two_thousand_records_take_as_many_statements_as_two_hundred(database: Database) -> None:
    world = incentives_world(database, RULES)
    with world.acting() as ctx:
        rows = [MemberRow(f"志愿者{i}", f"1390000{i:04d}", "G0101", tags=["in_service_party"] if i % 3 else ()) for i in range(MEMBERS)]
        members = [m.id for m in register_members(ctx, rows)]
        days = [cst(f"2024-03-{day:02d} 08:00") for day in range(1, 29)]
        activities = [create_activity(ctx, title="巡逻", category="patrol", host_node="S01", starts_at=d, ends_at=d + 12 * HOUR).id for d in days]
        for activity_id in activities:
            open_activity(ctx, activity_id)
    few, first = accrue_counting(world, approved_without_points(world, activities, members, 200))
    many, second = accrue_counting(world, approved_without_points(world, activities, members, 2000))

    # Every record earns (no day passes the cap of 60); each member's first service pays
    # in the first batch, and each member reaches 10 hours in the second.
    assert len(first) == 200 + MEMBERS and len(second) == 2000 + MEMBERS
    # Batched INSERTs page every 1,000 rows; nothing grows per record.
    assert many - few <= 4, (few, many)
    assert many < 30
