"""The accrual engine against the database: replays, other approval paths, China time, history across batches."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from linli.core import Context, Database
from linli.core.models import ServiceRecord
from linli.core.services import ServiceRow, record_imported_service
from linli.plugins.incentives.accrual import accrue
from tests.core.factories import World, make_hooks, make_program
from tests.plugins.incentives.helpers import activity, approve, credited, cst, incentives_world, member, points, served, transfers

BASE = {"id": "base", "kind": "rate", "points": 10}
FIRST = {"id": "first", "kind": "first_service", "points": 5}


def replay(world: World, record_ids: list[int]) -> None:
    """Announce the records as approved again, as a second approval path would."""
    with world.acting() as ctx:
        records = list(ctx.session.scalars(sa.select(ServiceRecord).where(ServiceRecord.id.in_(record_ids))))
        ctx.hooks.linli_service_approved(ctx=ctx, records=records)


def test_replaying_an_approval_credits_nothing_twice(database: Database) -> None:
    world = incentives_world(database, [BASE, FIRST, {"id": "daily", "kind": "cap", "window": "day", "max": 25}])
    volunteer = member(world, "13900000001")
    patrol = activity(world, "2024-03-06 08:00")
    morning, noon, evening = (served(world, volunteer, patrol, f"2024-03-06 {hour:02d}:00", 60) for hour in (9, 12, 15))
    approve(world, morning, noon)
    before = credited(world)
    replay(world, [morning, noon])
    assert credited(world) == before
    # A batch mixing credited and new records credits the new one, counting the day's 20 points before it.
    approve(dataclasses.replace(world, hooks=make_hooks()), evening)
    replay(world, [noon, evening, morning])
    assert credited(world) == before | {f"points:service:{evening}": (5, ["base", "daily"])}
    assert points(world, volunteer) == 10 + 10 + 5 + 5


def test_imported_records_approved_on_entry_are_credited_once(database: Database) -> None:
    world = incentives_world(database, [BASE, FIRST])
    volunteer = member(world, "13900000001")
    patrol = activity(world, "2024-03-06 08:00")
    rows = [ServiceRow(patrol, 90, member_id=volunteer, external_key=f"paper:{i}", source="paper_ledger") for i in range(2)]
    created = world.act(lambda ctx: record_imported_service(ctx, rows, approve=True)).created
    again = world.act(lambda ctx: record_imported_service(ctx, rows, approve=True))
    replay(world, [record.id for record in created])
    assert again.created == [] and points(world, volunteer) == 15 + 15 + 5
    assert {t.cause for t in transfers(world)} == {"service", "bonus"}


def test_records_earning_nothing_get_no_transfer(database: Database) -> None:
    world = incentives_world(database, [{"id": "self_only", "kind": "rate", "points": 1, "when": {"sources": ["self"]}}])
    volunteer = member(world, "13900000001")
    record = served(world, volunteer, activity(world, "2024-03-06 08:00"), "2024-03-06 09:00", 120)  # entered by an operator
    approve(world, record)
    replay(world, [record])
    assert transfers(world) == [] and points(world, volunteer) == 0


def test_service_time_is_read_in_china_time_and_dates_the_transfer(database: Database) -> None:
    world = incentives_world(database, [BASE, {"id": "weekend", "kind": "multiplier", "factor": 2, "when": {"weekend": True}}])
    volunteer = member(world, "13900000001")
    # Saturday 01:00 in Wuhan is still Friday in UTC.
    record = served(world, volunteer, activity(world, "2024-03-09 00:30"), "2024-03-09 01:00", 60)
    approve(world, record)
    [transfer] = transfers(world)
    assert transfer.rule_ids == ["base", "weekend"] and transfer.occurred_at == cst("2024-03-09 01:00")
    assert transfer.cause_ref == f"service_record:{record}" and transfer.operator_id == world.admin_id


def test_caps_count_what_earlier_batches_credited(database: Database) -> None:
    rules = [
        BASE,
        {"id": "two_hours", "kind": "cap", "window": "activity", "max": 2, "measure": "hours"},
        {"id": "monthly", "kind": "cap", "window": "month", "max": 45},
    ]
    world = incentives_world(database, rules)
    volunteer, other = member(world, "13900000001"), member(world, "13900000002")
    flood = activity(world, "2024-03-30 08:00", hours=40)
    march = activity(world, "2024-03-05 08:00")
    approve(world, served(world, volunteer, flood, "2024-03-30 09:00", 90), served(world, volunteer, march, "2024-03-05 09:00", 120))
    approve(world, served(world, other, flood, "2024-03-30 09:00", 180))
    late = served(world, volunteer, flood, "2024-03-31 09:00", 60)  # 30 more minutes fit in the activity: 5 points; March has 10 left
    april = served(world, volunteer, flood, "2024-04-01 09:00", 60)  # the activity is full: nothing, whatever the month
    approve(world, late, april)
    assert credited(world)[f"points:service:{late}"] == (5, ["base", "two_hours"])
    assert f"points:service:{april}" not in credited(world)
    assert points(world, volunteer) == 15 + 20 + 5 and points(world, other) == 20



def test_programs_without_the_section_earn_nothing() -> None:
    # Hooks of every registered plugin, as scripts and tests use, still call the plugin.
    ctx = Context(session=None, operator=None, program=make_program(), hooks=make_hooks())  # type: ignore[arg-type]
    assert accrue(ctx, [ServiceRecord(id=1, member_id=1)]) == []
