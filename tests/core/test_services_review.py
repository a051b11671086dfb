"""Batch review and imported records: one hook call per batch, all or nothing, no duplicates on re-import."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import pytest
import sqlalchemy as sa

from linli.core import NotFound, PluginError, Refused, hookimpl
from linli.core.db import Database
from linli.core.models import AuditEntry, ServiceRecord
from linli.core.services import (
    RowsRefused,
    ServiceRow,
    create_activity,
    open_activity,
    record_imported_service,
    record_manual,
    register_member,
    review,
)
from linli.core.services import approval
from linli.core.services.record_import import record_imported_service_ids
from tests.core.factories import T0, Recorder, World, counting, make_world

HOUR = dt.timedelta(hours=1)


def seed(world: World, members: int = 3) -> tuple[int, list[int]]:
    with world.acting() as ctx:
        people = [register_member(ctx, name=f"志愿者{i}", phone=f"1390000{i:04d}", home_node="G0101").id for i in range(members)]
        activity = create_activity(
            ctx, title="防汛值守", category="patrol", host_node="S01", starts_at=T0, ends_at=T0 + 4 * HOUR, max_minutes_per_person=180
        )
        open_activity(ctx, activity.id)
    return activity.id, people


def states(world: World) -> list[tuple[str, int | None]]:
    with world.database.reading() as session:
        return [(r.state, r.approved_minutes) for r in session.scalars(sa.select(ServiceRecord).order_by(ServiceRecord.id))]


def audit_count(world: World) -> int:
    with world.database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def test_batch_review_calls_the_hook_once_with_every_approved_record(database) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    world = make_world(database, ("points", recorder))
    activity, people = seed(world)
    with world.acting() as ctx:
        records = [record_manual(ctx, member_id=m, activity_id=activity, minutes=60 * (i + 2)).id for i, m in enumerate(people)]
    result = world.act(lambda ctx: review(ctx, approve=records[:2], reject={records[2]: "未签到"}))
    assert recorder.approved == [records[:2]]
    assert [r.id for r in result.rejected] == [records[2]]
    assert states(world) == [("approved", 120), ("approved", 180), ("rejected", None)]


def test_the_collector_rests_while_a_batch_is_reviewed_and_resumes_after(database: Database) -> None:
    class Watching:
        def __init__(self) -> None:
            self.collecting: list[bool] = []

        @hookimpl
        def linli_service_approved(self, records: list[Any]) -> None:
            self.collecting.append(gc.isenabled())

    watching = Watching()
    world = make_world(database, ("watching", watching))
    activity, people = seed(world, members=1)
    with world.acting() as ctx:
        record = record_manual(ctx, member_id=people[0], activity_id=activity, minutes=60).id
    assert gc.isenabled()
    world.act(lambda ctx: review(ctx, approve=[record]))
    assert watching.collecting == [False] and gc.isenabled()
    with pytest.raises(NotFound):
        world.act(lambda ctx: review(ctx, approve=[9999]))
    assert gc.isenabled()


def test_a_raising_hook_is_named_and_nothing_is_written(database) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        @hookimpl
        def linli_service_approved(self, records: list[Any]) -> None:
            raise ValueError("积分规则配置错误")

    world = make_world(database, ("broken_points", Broken()))
    activity, people = seed(world, members=2)
    with world.acting() as ctx:
        records = [record_manual(ctx, member_id=m, activity_id=activity, minutes=60).id for m in people]
    before = audit_count(world)
    with pytest.raises(PluginError) as failed:
        world.act(lambda ctx: review(ctx, approve=records))
    assert failed.value.plugin == "broken_points" and failed.value.hook == "linli_service_approved"
    assert "broken_points" in str(failed.value) and "积分规则配置错误" in str(failed.value)
    assert states(world) == [("checked_out", None), ("checked_out", None)]
    assert audit_count(world) == before


def test_review_is_all_or_nothing(database: Database) -> None:
    world = make_world(database)
    activity, people = seed(world, members=2)
    with world.acting() as ctx:
        good = record_manual(ctx, member_id=people[0], activity_id=activity, minutes=60).id
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: review(ctx, approve=[good], reject={good: "冲突"}))
    assert refused.value.key == "service.approve_and_reject"
    with pytest.raises(NotFound) as missing:
        world.act(lambda ctx: review(ctx, approve=[good, 4242]))
    assert missing.value.params == {"id": "4242"}
    assert states(world) == [("checked_out", None)]


def test_import_skips_stored_keys_and_finds_members_by_phone(database) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    world = make_world(database, ("points", recorder))
    activity, _ = seed(world, members=3)
    rows = [ServiceRow(activity, 120, phone=f"139-0000-{i:04d}", source="paper_ledger", external_key=f"台账-2024-03-{i}") for i in range(3)]
    first = world.act(lambda ctx: record_imported_service(ctx, rows, approve=True))
    assert [r.external_key for r in first.created] == [row.external_key for row in rows]
    assert recorder.approved == [[r.id for r in first.created]]
    again = world.act(lambda ctx: record_imported_service(ctx, [*rows, ServiceRow(activity, 30, phone="13900000000")]))
    assert again.skipped == [0, 1, 2] and len(again.created) == 1
    assert states(world) == [("approved", 120)] * 3 + [("checked_out", None)]
    assert len(recorder.approved) == 1  # the second import approved nothing


def test_import_is_set_based(database: Database) -> None:
    world = make_world(database)
    activity, _ = seed(world, members=3)
    rows = [ServiceRow(activity, 30 + i % 60, phone=f"1390000{i % 3:04d}", external_key=f"k{i}") for i in range(200)]
    with world.acting() as ctx, counting(ctx.session) as statements:
        result = record_imported_service(ctx, rows)
    assert [r.minutes for r in result.created] == [row.minutes for row in rows]
    assert len(statements) < 15


def test_import_by_ids_loads_records_only_for_the_approval_hook(database: Database) -> None:
    recorder = Recorder()
    world = make_world(database, ("points", recorder))
    activity, _ = seed(world, members=3)
    rows = [ServiceRow(activity, 30 + i, phone=f"1390000{i % 3:04d}", external_key=f"k{i}") for i in range(20)]
    with world.acting() as ctx:
        result = record_imported_service_ids(ctx, rows)
        assert not [held for held in ctx.session.identity_map.values() if isinstance(held, ServiceRecord)]
    with world.database.reading() as session:
        keys = dict(session.execute(sa.select(ServiceRecord.id, ServiceRecord.external_key)).all())
    assert [keys[record_id] for record_id in result.created] == [row.external_key for row in rows]
    assert recorder.approved == []
    more = [ServiceRow(activity, 45, phone="13900000001"), ServiceRow(activity, 45, phone="13900000002")]  # no keys: matched on every column
    approved = world.act(lambda ctx: record_imported_service_ids(ctx, [*rows[:2], *more], approve=True))
    assert approved.skipped == [0, 1] and recorder.approved == [approved.created] and len(approved.created) == 2


def test_import_reports_every_bad_row(database: Database) -> None:
    world = make_world(database)
    activity, _ = seed(world, members=1)
    late = T0 + 5 * HOUR
    rows = [
        ServiceRow(activity, 60, phone="13900000000", external_key="a"),
        ServiceRow(activity, 60, phone="13911112222"),  # nobody has it
        ServiceRow(activity, 300, phone="13900000000"),  # longer than the activity
        ServiceRow(activity, 60, phone="13900000000", external_key="a"),  # repeats row 1
        ServiceRow(9999, 60, phone="13900000000"),
        ServiceRow(activity, 60, phone="13900000000", check_in_at=late, check_out_at=late - HOUR),
        ServiceRow(activity, 60, phone="13900000000", source="wechat"),
    ]
    with pytest.raises(RowsRefused) as refused:
        world.act(lambda ctx: record_imported_service(ctx, rows))
    assert [(p.index, p.error.key) for p in refused.value.problems] == [
        (1, "members.phone_unknown"),
        (2, "service.minutes_exceed_span"),
        (3, "service.key_repeated"),
        (4, "activities.not_found"),
        (5, "service.out_before_in"),
        (6, "service.bad_source"),
    ]
    assert "139****2222" in refused.value.problems[0].error.render()
    assert states(world) == []


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)  # SQLite's write lock keeps the other reviewer out
@pytest.mark.parametrize("verdict", ["approve", "reject"])
def test_a_record_another_administrator_reviewed_meanwhile_is_left_as_they_left_it(
    database: Database, monkeypatch: pytest.MonkeyPatch, verdict: str
) -> None:
    world = make_world(database)
    activity, people = seed(world)
    with world.acting() as ctx:
        records = [record_manual(ctx, member_id=m, activity_id=activity, minutes=60).id for m in people]
    loaded = approval.load_records

    def read_then_rejected_elsewhere(ctx: Any, ids: Any) -> Any:
        found = loaded(ctx, ids)  # read as waiting for review; now another administrator's rejection commits
        other = sa.create_engine(database.engine.url)
        with other.begin() as connection:
            connection.execute(sa.update(ServiceRecord).where(ServiceRecord.id == records[1]).values(state="rejected", reject_reason="重复登记"))
        other.dispose()
        return found

    monkeypatch.setattr(approval, "load_records", read_then_rejected_elsewhere)
    with pytest.raises(Refused) as refused:
        if verdict == "approve":
            world.act(lambda ctx: review(ctx, approve=records))
        else:
            world.act(lambda ctx: review(ctx, reject=dict.fromkeys(records, "未到岗")))
    assert refused.value.key == "service.reviewed_meanwhile"
    assert states(world) == [("checked_out", None), ("rejected", None), ("checked_out", None)]
    with world.database.reading() as session:
        assert session.scalar(sa.select(ServiceRecord.reject_reason).where(ServiceRecord.id == records[1])) == "重复登记"
