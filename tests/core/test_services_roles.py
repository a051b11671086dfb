"""Role assignment: the program's requirements, star levels from a plugin, auditing holders."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import NotFound, Refused
from linli.core.db import Database
from linli.core.models import RoleAssignment
from linli.core.services import (
    assign_role,
    audit_holders,
    end_role,
    register_member,
    set_member_status,
    update_member,
)
from tests.core.factories import Stars, World, make_hooks, make_world


def add(world: World, name: str, phone: str, tags: tuple[str, ...] = ("party_member",)) -> int:
    return world.act(lambda ctx: register_member(ctx, name=name, phone=phone, home_node="G0101", tags=list(tags)).id)


@pytest.fixture
def stars() -> Stars:
    return Stars()


@pytest.fixture
def rated(database, stars: Stars) -> World:  # type: ignore[no-untyped-def]
    return make_world(database, ("star_rating", stars))


def refusal(world: World, **arguments: object) -> Refused | NotFound:
    with world.acting() as ctx, pytest.raises((Refused, NotFound)) as refused:
        assign_role(ctx, **arguments)  # type: ignore[arg-type]
    return refused.value


def test_assign_when_every_requirement_is_met(rated: World, stars: Stars) -> None:
    member = add(rated, "张秀英", "13800000001")
    stars.levels[member] = 4
    assignment = rated.act(lambda ctx: assign_role(ctx, member_id=member, node="G0101", role="building_head"))
    assert (assignment.role, assignment.started_on, assignment.ended_on) == ("building_head", dt.date(2024, 3, 1), None)
    assert stars.calls == [[member]]


def test_level_not_allowed_names_role_node_and_levels(rated: World) -> None:
    member = add(rated, "张秀英", "13800000001")
    error = refusal(rated, member_id=member, node="S01", role="building_head")
    assert error.key == "roles.level_not_allowed"
    assert "楼栋长" in str(error) and "安居苑志愿服务站" in str(error) and "楼栋志愿服务小组" in str(error)


def test_missing_tag_is_named(rated: World, stars: Stars) -> None:
    member = add(rated, "王建国", "13800000002", tags=())
    stars.levels[member] = 5
    error = refusal(rated, member_id=member, node="G0101", role="building_head")
    assert error.key == "roles.missing_tags" and "党员" in str(error)


def test_max_holders_per_node(rated: World, stars: Stars) -> None:
    first, second = add(rated, "张秀英", "13800000001"), add(rated, "王建国", "13800000002")
    stars.levels.update({first: 5, second: 5})
    rated.act(lambda ctx: assign_role(ctx, member_id=first, node="G0101", role="building_head"))
    error = refusal(rated, member_id=second, node="G0101", role="building_head")
    assert error.key == "roles.node_full" and error.params["max"] == 1
    # Another building has its own seat.
    rated.act(lambda ctx: assign_role(ctx, member_id=second, node="G0102", role="building_head"))


def test_holding_the_same_role_twice_is_refused(rated: World) -> None:
    member = add(rated, "张秀英", "13800000001")
    rated.act(lambda ctx: assign_role(ctx, member_id=member, node="G0101", role="security"))
    assert refusal(rated, member_id=member, node="G0101", role="security").key == "roles.already_held"


def test_too_few_stars(rated: World, stars: Stars) -> None:
    member = add(rated, "张秀英", "13800000001")
    stars.levels[member] = 3
    error = refusal(rated, member_id=member, node="G0101", role="sanitation")
    assert error.key == "roles.not_enough_stars"
    assert error.params["stars"] == 3 and error.params["min"] == 4 and "卫生员" in str(error)


def test_without_a_star_plugin_the_requirement_cannot_be_checked(database: Database) -> None:
    world = make_world(database)
    member = add(world, "张秀英", "13800000001")
    error = refusal(world, member_id=member, node="G0101", role="sanitation")
    assert error.key == "roles.stars_unavailable"
    assert "星级" in str(error)
    assert "no star rating is enabled" in error.render("en")


def test_unknown_role(database: Database) -> None:
    world = make_world(database)
    member = add(world, "张秀英", "13800000001")
    assert refusal(world, member_id=member, node="G0101", role="director").key == "roles.unknown_role"


def test_ending_a_role_keeps_the_row_and_frees_the_seat(rated: World, stars: Stars) -> None:
    first, second = add(rated, "张秀英", "13800000001"), add(rated, "王建国", "13800000002")
    stars.levels.update({first: 4, second: 4})
    assignment = rated.act(lambda ctx: assign_role(ctx, member_id=first, node="G0101", role="building_head").id)
    rated.act(lambda ctx: end_role(ctx, assignment, ended_on=dt.date(2024, 6, 30)))
    with rated.acting() as ctx, pytest.raises(Refused) as again:
        end_role(ctx, assignment)
    assert again.value.key == "roles.already_ended"
    rated.act(lambda ctx: assign_role(ctx, member_id=second, node="G0101", role="building_head"))
    with rated.database.reading() as session:
        ended = session.get(RoleAssignment, assignment)
        assert ended is not None and ended.ended_on == dt.date(2024, 6, 30)


def test_audit_finds_holders_who_no_longer_qualify(rated: World, stars: Stars) -> None:
    names = ["张秀英", "王建国", "李桂兰", "刘志强"]
    keeps, drops_tag, leaves, loses_stars = (add(rated, name, f"1380000000{i}") for i, name in enumerate(names))
    stars.levels.update({keeps: 5, drops_tag: 5, leaves: 5, loses_stars: 5})
    for member, node in ((keeps, "G0101"), (drops_tag, "G0102"), (leaves, "G0201")):
        rated.act(lambda ctx, m=member, n=node: assign_role(ctx, member_id=m, node=n, role="building_head"))
    rated.act(lambda ctx: assign_role(ctx, member_id=loses_stars, node="G0101", role="sanitation"))
    rated.act(lambda ctx: update_member(ctx, drops_tag, tags=[]))
    rated.act(lambda ctx: set_member_status(ctx, leaves, "left"))
    stars.levels[loses_stars] = 2
    stars.calls.clear()
    problems = rated.act(lambda ctx: [(p.assignment.member_id, p.error.key) for p in audit_holders(ctx)])
    assert sorted(problems) == sorted(
        [(drops_tag, "roles.missing_tags"), (leaves, "roles.member_not_active"), (loses_stars, "roles.not_enough_stars")]
    )
    assert len(stars.calls) == 1  # one batch for every holder


def test_audit_reports_uncheckable_stars_and_respects_scope(rated: World, stars: Stars) -> None:
    member = add(rated, "张秀英", "13800000001")
    stars.levels[member] = 5
    rated.act(lambda ctx: assign_role(ctx, member_id=member, node="G0101", role="sanitation"))
    unrated = World(rated.database, rated.program, make_hooks(), rated.admin_id)
    assert [p.error.key for p in unrated.act(audit_holders)] == ["roles.stars_unavailable"]
    garden_admin = rated.operator("huayuan", "S02")
    assert rated.act(audit_holders, garden_admin) == []
