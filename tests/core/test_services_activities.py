"""Projects, activities and teams."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import NotFound, PermissionDenied, Refused
from linli.core.db import Database
from linli.core.services import (
    add_team_member,
    cancel_activity,
    check_in,
    close_activity,
    create_activity,
    create_project,
    create_team,
    open_activity,
    pair_team,
    register_member,
    sign_up,
)
from tests.core.factories import T0, make_world

HOUR = dt.timedelta(hours=1)


def test_activity_from_a_library_project_inherits_its_defaults(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        project = create_project(ctx, title="绿色巡河", category="patrol", host_node="S01", description="每月沿府河巡查")
        activity = create_activity(ctx, project_id=project.id, starts_at=T0, ends_at=T0 + 2 * HOUR, capacity=20, place="府河堤")
        assert (activity.title, activity.category, activity.host_node.code, activity.status) == ("绿色巡河", "patrol", "S01", "planned")
        training = create_activity(
            ctx, title="急救培训", category="training", kind="training", host_node="BBT", starts_at=T0, ends_at=T0 + HOUR
        )
        assert training.kind == "training" and training.project is None


@pytest.mark.parametrize(
    ("arguments", "key"),
    [
        ({"category": "dance"}, "activities.unknown_category"),
        ({"kind": "party"}, "activities.bad_kind"),
        ({"ends_at": T0}, "activities.ends_before_start"),
        ({"capacity": 0}, "activities.too_small"),
        ({"host_node": None}, "activities.no_host"),
        ({"title": " "}, "activities.title_missing"),
    ],
)
def test_activity_checks(database: Database, arguments: dict[str, object], key: str) -> None:
    world = make_world(database)
    base: dict[str, object] = {"title": "万家宴", "category": "culture", "host_node": "BBT", "starts_at": T0, "ends_at": T0 + 3 * HOUR}
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        create_activity(ctx, **{**base, **arguments})  # type: ignore[arg-type]
    assert refused.value.key == key


def test_status_moves(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        activity = create_activity(ctx, title="万家宴", category="culture", host_node="BBT", starts_at=T0, ends_at=T0 + 3 * HOUR)
        open_activity(ctx, activity.id)
        close_activity(ctx, activity.id, people_served=1200)
        assert (activity.status, activity.people_served) == ("closed", 1200)
        with pytest.raises(Refused) as refused:
            open_activity(ctx, activity.id)
        assert refused.value.key == "activities.illegal_status"


def test_cancel_only_before_anyone_checked_in(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        member = register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101")
        activity = create_activity(ctx, title="元宵灯会", category="culture", host_node="BBT", starts_at=T0, ends_at=T0 + 3 * HOUR)
        open_activity(ctx, activity.id)
        record = sign_up(ctx, activity_id=activity.id, member_id=member.id)
        check_in(ctx, record.id, at=T0)
        with pytest.raises(Refused) as refused:
            cancel_activity(ctx, activity.id)
        assert refused.value.key == "activities.has_records"
        other = create_activity(ctx, title="防汛值守", category="patrol", host_node="S01", starts_at=T0, ends_at=T0 + HOUR)
        assert cancel_activity(ctx, other.id).status == "cancelled"


def test_teams_take_members_from_anywhere_and_pair_with_one_station(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        near = register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101")
        far = register_member(ctx, name="王建国", phone="13800000002", home_node="G0201")
        patrol = create_team(ctx, name="百步亭巡逻队", anchor="S01", partner_unit="江岸区城管局")
        add_team_member(ctx, patrol.id, near.id)
        membership = add_team_member(ctx, patrol.id, far.id, joined_on=dt.date(2023, 5, 1))
        assert membership.joined_on == dt.date(2023, 5, 1)
        with pytest.raises(Refused):
            add_team_member(ctx, patrol.id, far.id)
        pair_team(ctx, patrol.id, "S01")
        other = create_team(ctx, name="夕阳红文艺队", anchor="S01")
        with pytest.raises(Refused) as taken:
            pair_team(ctx, other.id, "S01")
        assert taken.value.key == "orgs.already_paired"
        assert pair_team(ctx, patrol.id, None).paired_node is None
        assert pair_team(ctx, other.id, "S01").paired_node.code == "S01"  # type: ignore[union-attr]
        team_activity = create_activity(ctx, title="夜巡", category="patrol", host_team_id=patrol.id, starts_at=T0, ends_at=T0 + HOUR)
        assert team_activity.organizer_node.code == "S01"


def test_team_scope_is_its_anchor(database: Database) -> None:
    world = make_world(database)
    team = world.act(lambda ctx: create_team(ctx, name="花园志愿队", anchor="S02").id)
    station_admin = world.operator("anjuyuan", "S01")
    with pytest.raises(PermissionDenied):
        world.act(
            lambda ctx: create_activity(ctx, title="夜巡", category="patrol", host_team_id=team, starts_at=T0, ends_at=T0 + HOUR),
            station_admin,
        )
    with world.acting() as ctx, pytest.raises(NotFound):
        create_team(ctx, name="无处安放", anchor="NOPE")
