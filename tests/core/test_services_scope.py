"""Operators act within their scope: refused outside it, and the database stays as it was."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linli.core import PermissionDenied
from linli.core.db import Database
from linli.core.models import AuditEntry, Member, OrgNode
from linli.core.services import (
    MemberRow,
    RowsRefused,
    create_activity,
    create_node,
    create_operator,
    disable_operator,
    register_member,
    register_members,
    sync_nodes,
)
from tests.core.factories import T0, World, make_world


def snapshot(world: World) -> tuple[int, int, int]:
    with world.database.reading() as session:
        return tuple(session.scalar(sa.select(sa.func.count()).select_from(t)) or 0 for t in (Member, OrgNode, AuditEntry))  # type: ignore[return-value]


def test_station_admin_is_refused_outside_the_station_and_nothing_changes(database: Database) -> None:
    world = make_world(database)
    station_admin = world.operator("anjuyuan", "S01")
    world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13800000001", home_node="G0102"), station_admin)
    before = snapshot(world)
    with pytest.raises(PermissionDenied) as denied:
        world.act(lambda ctx: register_member(ctx, name="王建国", phone="13800000002", home_node="G0201"), station_admin)
    assert denied.value.key == "scope.out_of_scope"
    message = str(denied.value)
    assert "anjuyuan" in message and "花园1栋小组" in message and "安居苑志愿服务站" in message
    with pytest.raises(PermissionDenied):
        world.act(lambda ctx: create_node(ctx, code="S03", name="新站", level="station", parent="BBT"), station_admin)
    with pytest.raises(PermissionDenied) as program_wide:
        world.act(sync_nodes, station_admin)
    assert program_wide.value.key == "scope.program_wide_only"
    assert snapshot(world) == before


def test_a_bulk_registration_with_one_row_out_of_scope_writes_nothing(database: Database) -> None:
    world = make_world(database)
    station_admin = world.operator("anjuyuan", "S01")
    before = snapshot(world)
    rows = [MemberRow("张秀英", "13800000001", "G0101"), MemberRow("王建国", "13800000002", "G0201")]
    # Per-row problems, so an importer can point at the line; the row's error says why.
    with pytest.raises(RowsRefused) as refused:
        world.act(lambda ctx: register_members(ctx, rows), station_admin)
    [problem] = refused.value.problems
    assert problem.index == 1 and isinstance(problem.error, PermissionDenied)
    assert snapshot(world) == before


def test_clerks_have_no_organization_powers(database: Database) -> None:
    world = make_world(database)
    clerk = world.operator("shouyin", None, role="clerk")
    with pytest.raises(PermissionDenied) as denied:
        world.act(
            lambda ctx: create_activity(
                ctx, title="义剪", category="elderly", host_node="S01", starts_at=T0, ends_at=T0 + dt.timedelta(hours=1)
            ),
            clerk,
        )
    assert denied.value.key == "scope.not_admin"


def test_operators_are_created_within_the_creators_scope(database: Database) -> None:
    world = make_world(database)
    station_admin = world.operator("anjuyuan", "S01")
    world.act(lambda ctx: create_operator(ctx, username="lou1", display_name="1栋组长", scope_node="G0101"), station_admin)
    with pytest.raises(PermissionDenied):
        world.act(lambda ctx: create_operator(ctx, username="quanqu", display_name="全区", scope_node=None), station_admin)
    with pytest.raises(PermissionDenied) as grant:
        world.act(
            lambda ctx: create_operator(ctx, username="lou2", display_name="2栋组长", scope_node="G0102", can_unmask=True), station_admin
        )
    assert grant.value.key == "operators.cannot_grant_unmask"


def test_a_disabled_operator_can_do_nothing(database: Database) -> None:
    world = make_world(database)
    station_admin = world.operator("anjuyuan", "S01")
    world.act(lambda ctx: disable_operator(ctx, station_admin))
    with pytest.raises(PermissionDenied) as denied:
        world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101"), station_admin)
    assert denied.value.key == "scope.inactive"
