"""The seeds' report figures equal the sums of what was recorded, for any subtree and year."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linli.core import PermissionDenied
from linli.core.models import Member
from linli.core.services import ServiceRow, create_activity, create_team, open_activity, record_imported_service, register_member
from linli.core.services.reports import build_report
from tests.core.factories import World, world  # noqa: F401  (fixture)

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=CST)


@pytest.fixture
def served(world: World) -> World:
    """Three volunteers in two stations; service in 2025 and 2026."""

    def fill(ctx):
        a = register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101", registered_on=dt.date(2025, 1, 5))
        b = register_member(ctx, name="李建国", phone="13800000002", home_node="G0102", registered_on=dt.date(2025, 3, 1))
        c = register_member(ctx, name="王芳", phone="13800000003", home_node="G0201", registered_on=dt.date(2026, 2, 1))
        register_member(ctx, name="赵磊", phone="13800000004", home_node="G0201", registered_on=dt.date(2026, 2, 1))
        create_team(ctx, name="巡逻队", anchor="S01")
        patrol = create_activity(ctx, title="夜间巡逻", category="patrol", host_node="S01", starts_at=at("2025-06-01", 19), ends_at=at("2025-06-01", 22), people_served=40)
        culture = create_activity(ctx, title="万家宴", category="culture", host_node="S02", starts_at=at("2026-01-20", 10), ends_at=at("2026-01-20", 15), people_served=300)
        open_activity(ctx, patrol.id)
        open_activity(ctx, culture.id)
        rows = [
            ServiceRow(patrol.id, 180, member_id=a.id, external_key="k1"),
            ServiceRow(patrol.id, 90, member_id=b.id, external_key="k2"),
            ServiceRow(culture.id, 300, member_id=a.id, external_key="k3"),
            ServiceRow(culture.id, 240, member_id=c.id, external_key="k4"),
        ]
        record_imported_service(ctx, rows, approve=True)

    world.act(fill)
    return world


def test_whole_program_figures_are_the_sums(served: World) -> None:
    report = served.act(lambda ctx: build_report(ctx))
    assert report.registered_volunteers == 4
    assert report.residents == 160000 and report.volunteer_share == round(4 / 160000, 4)
    assert (report.teams, report.activities, report.people_served) == (1, 2, 340)
    assert report.participants == 3
    assert report.service_hours == (180 + 90 + 300 + 240) / 60
    assert [row.code for row in report.by_org] == ["S01", "S02"]  # the single root's children
    assert sum(row.service_hours for row in report.by_org) == report.service_hours


def test_subtree_breaks_down_by_child(served: World) -> None:
    report = served.act(lambda ctx: build_report(ctx, org="BBT"))
    by_code = {row.code: row for row in report.by_org}
    assert by_code["S01"].registered_volunteers == 2 and by_code["S01"].residents == 6000
    assert by_code["S01"].service_hours == (180 + 90 + 300) / 60  # 张秀英's 万家宴 counts at home
    assert by_code["S01"].activities == 1 and by_code["S01"].people_served == 40 and by_code["S01"].teams == 1
    assert by_code["S02"].service_hours == 4.0 and by_code["S02"].participants == 1
    assert sum(row.service_hours for row in report.by_org) == report.service_hours
    categories = {row.category: row for row in report.by_category}
    assert categories["patrol"].name == "巡逻" and categories["patrol"].service_hours == 4.5
    assert categories["culture"].participants == 2 and categories["culture"].people_served == 300


def test_year_filter(served: World) -> None:
    report = served.act(lambda ctx: build_report(ctx, year=2025))
    assert report.service_hours == 4.5 and report.participants == 2 and report.activities == 1
    assert report.registered_volunteers == 2  # 王芳 and 赵磊 registered in 2026


def test_station_admin_sees_only_their_station(served: World) -> None:
    station_admin = served.operator("s01", "S01")
    own = served.act(lambda ctx: build_report(ctx), station_admin)
    assert own.registered_volunteers == 2 and [row.code for row in own.by_org] == ["G0101", "G0102"]
    with pytest.raises(PermissionDenied):
        served.act(lambda ctx: build_report(ctx, org="S02"), station_admin)


def test_service_counts_in_the_year_of_its_check_in(served: World) -> None:
    """A record checked in on New Year's night counts in the new year; one without a check-in, in its activity's year."""

    def new_year(ctx):
        patrol = create_activity(ctx, title="跨年夜巡逻", category="patrol", host_node="S01", starts_at=at("2025-12-31", 22), ends_at=at("2026-01-01", 2))
        open_activity(ctx, patrol.id)
        people = {m.name: m.id for m in ctx.session.scalars(sa.select(Member))}
        eve, midnight, half_past_one = at("2025-12-31", 23), at("2026-01-01", 0), at("2026-01-01", 1) + dt.timedelta(minutes=30)
        rows = [
            ServiceRow(patrol.id, 60, member_id=people["张秀英"], check_in_at=eve, check_out_at=midnight, external_key="k5"),
            ServiceRow(patrol.id, 90, member_id=people["王芳"], check_in_at=midnight, check_out_at=half_past_one, external_key="k6"),
            ServiceRow(patrol.id, 30, member_id=people["李建国"], external_key="k7"),  # no check-in: its activity's year
        ]
        record_imported_service(ctx, rows, approve=True)

    served.act(new_year)
    old, new = served.act(lambda ctx: build_report(ctx, year=2025)), served.act(lambda ctx: build_report(ctx, year=2026))
    assert old.service_hours == 4.5 + (60 + 30) / 60 and old.participants == 2  # 张秀英 and 李建国, each once
    assert new.service_hours == (300 + 240 + 90) / 60 and new.participants == 2  # 王芳 once, for two activities
    patrol = {row.category: row for row in new.by_category}["patrol"]
    assert (patrol.participants, patrol.service_hours) == (1, 1.5)
    whole = served.act(lambda ctx: build_report(ctx))
    assert whole.participants == 3 and whole.service_hours == (180 + 90 + 300 + 240 + 60 + 90 + 30) / 60
    assert {row.category: row.participants for row in whole.by_category} == {"patrol": 3, "culture": 2}


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # PostgreSQL plans by statistics: B1 measures it at scale
def test_service_is_summed_from_the_index_alone(served: World) -> None:
    """Each pass over service_record reads only ix_service_record_member_service, and members are counted from their table."""
    statements: list[tuple[str, object]] = []

    def listen(conn: object, cursor: object, statement: str, parameters: object, *args: object) -> None:
        statements.append((statement, parameters))

    engine = served.database.engine
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        served.act(lambda ctx: build_report(ctx, year=2025))
        served.act(lambda ctx: build_report(ctx, org="S01", year=2025))
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    plans = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            if "GROUP BY" in statement and ("service_record" in statement or "FROM member" in statement):
                plans.append(" | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)))  # type: ignore[arg-type]
    service = [plan for plan in plans if "service_record" in plan]
    assert len(service) == 4  # per home node and per category, twice
    for plan in service:
        assert plan.count(" service_record ") == plan.count(" service_record USING COVERING INDEX ix_service_record_member_service") == 1, plan
    assert "SCAN member | USE TEMP B-TREE FOR GROUP BY" in plans[0], plans[0]  # not through ix_member_home_node_id row by row
