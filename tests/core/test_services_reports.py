"""The seeds' report figures equal the sums of what was recorded, for any subtree and year."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import PermissionDenied
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
