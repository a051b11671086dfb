"""The bulk services the demo added: the single-row rules hold for every row, and a bad row writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from linli.core import Database, NotFound, Refused
from linli.core.models import Activity, RoleAssignment, ServiceRecord, TeamMember
from linli.core.services import ServiceRow, create_team, record_imported_service, register_member, set_member_status
from linli.core.services.activity_import import ActivityRow, import_activities
from linli.core.services.evaluations import evaluate_many
from linli.core.services.role_batches import RoleRow, assign_roles
from linli.core.services.team_rosters import add_team_members
from tests.core.factories import T0, Stars, World, make_world, world  # noqa: F401  (fixture)

HOUR = dt.timedelta(hours=1)


def members(world: World, count: int, *, tags: tuple[str, ...] = ()) -> list[int]:
    def register(ctx):
        return [register_member(ctx, name=f"志愿者{i}", phone=f"1390000{i:04d}", home_node="G0101", tags=tags).id for i in range(count)]

    return world.act(register)


def count(world: World, model: type) -> int:
    with world.database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_roster_joins_at_once_and_a_repeat_refuses_it_whole(world: World) -> None:
    ids = members(world, 3)
    team = world.act(lambda ctx: create_team(ctx, name="巡逻队", anchor="S01").id)
    assert world.act(lambda ctx: add_team_members(ctx, team, ids[:2], joined_on=dt.date(2023, 5, 1))) == 2
    with pytest.raises(Refused, match="已是队伍"):
        world.act(lambda ctx: add_team_members(ctx, team, [ids[2], ids[0]]))
    with pytest.raises(Refused, match="已是队伍"):
        world.act(lambda ctx: add_team_members(ctx, team, [ids[2], ids[2]]))
    world.act(lambda ctx: set_member_status(ctx, ids[2], "suspended"))
    with pytest.raises(Refused):
        world.act(lambda ctx: add_team_members(ctx, team, [ids[2]]))
    assert count(world, TeamMember) == 2


def test_roles_fill_in_one_batch_with_assign_roles_checks(database: Database) -> None:
    world = make_world(database, ("stars", Stars()))
    party = members(world, 3, tags=("party_member",))
    rows = [RoleRow(party[0], "S01", "station_head"), RoleRow(party[1], "G0101", "security"), RoleRow(party[2], "G0101", "security")]
    assert len(world.act(lambda ctx: assign_roles(ctx, rows))) == 3
    refusals = [
        ([RoleRow(party[0], "S02", "station_head"), RoleRow(party[1], "S02", "station_head")], "roles.node_full"),
        ([RoleRow(party[1], "G0101", "security")], "roles.already_held"),
        ([RoleRow(party[0], "G0101", "security")], "roles.node_full"),
        ([RoleRow(party[0], "G0102", "building_head")], "roles.not_enough_stars"),
        ([RoleRow(party[0], "G0101", "station_head")], "roles.level_not_allowed"),
    ]
    for batch, key in refusals:
        with pytest.raises(Refused) as refused:
            world.act(lambda ctx, batch=batch: assign_roles(ctx, batch))
        assert refused.value.key == key
    with pytest.raises(NotFound):
        world.act(lambda ctx: assign_roles(ctx, [RoleRow(party[0], "NOWHERE", "security")]))
    assert count(world, RoleAssignment) == 3


def test_held_activities_come_in_closed_and_take_records_and_ratings(world: World) -> None:
    (member,) = members(world, 1)
    rows = [
        ActivityRow("夜间巡逻", "patrol", T0, T0 + 2 * HOUR, host_node="S01", people_served=12),
        ActivityRow("下月巡逻", "patrol", T0 + 30 * 24 * HOUR, T0 + 30 * 24 * HOUR + HOUR, host_node="S01", status="open"),
    ]
    held, upcoming = world.act(lambda ctx: import_activities(ctx, rows))
    assert (held.status, held.people_served, upcoming.status) == ("closed", 12, "open")
    for bad, key in (
        (ActivityRow("x", "knitting", T0, T0 + HOUR, host_node="S01"), "activities.unknown_category"),
        (ActivityRow("x", "patrol", T0, T0 + HOUR), "activities.no_host"),
        (ActivityRow("x", "patrol", T0 + HOUR, T0, host_node="S01"), "activities.ends_before_start"),
        (ActivityRow("x", "patrol", T0, T0 + HOUR, host_node="S01", status="cancelled"), "activities.illegal_status"),
    ):
        with pytest.raises(Refused) as refused:
            world.act(lambda ctx, bad=bad: import_activities(ctx, [rows[0], bad]))
        assert refused.value.key == key
    assert count(world, Activity) == 2
    (record,) = world.act(lambda ctx: record_imported_service(ctx, [ServiceRow(held.id, 110, member_id=member)], approve=True).created)
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: evaluate_many(ctx, {record.id: (6, None)}))
    assert refused.value.key == "service.bad_score"
    world.act(lambda ctx: evaluate_many(ctx, {record.id: (5, "服务很耐心")}))
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: evaluate_many(ctx, {record.id: (4, None)}))
    assert refused.value.key == "service.already_evaluated"
    with world.database.reading() as session:
        assert session.execute(select(ServiceRecord.score, ServiceRecord.comment)).one() == (5, "服务很耐心")
