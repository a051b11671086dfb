"""The member's page: core's roles, teams, hours and recent service, the plugins' sections, scope, and the palette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from linli.core import hookimpl
from linli.core.errors import PermissionDenied, PluginError
from linli.core.ledger import Account
from linli.core.models import Activity, Member, OrgNode, RoleAssignment, ServiceRecord, Team, TeamMember
from linli.core.services import Context, create_activity, create_operator, open_activity, record_manual, review
from linli.plugins.star_rating.models import StarLevel
from linli.tui.app import LinliApp
from linli.tui.queries import member_detail
from linli.tui.screens.members import MembersScreen
from linli.tui.widgets.member_detail import MemberDetailPanel
from linli.tui.widgets.member_form import MemberForm
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_screen, settle, type_into

GROUP_LEADER = "lou1"
GROUP = "BBT-01-01"  # the demo's volunteers live in this building group and the next
ONE_STAR_HOURS = 100  # the first step of the preset's ladder (fragments/stars-common)


def serve(ctx: Context, member_id: int, minutes: int) -> int:
    """*minutes* of approved service for the member, ended an hour ago: the review credits points and recomputes stars."""
    ends = ctx.now() - dt.timedelta(hours=1)
    activity = create_activity(
        ctx,
        title="防汛值守",
        category="sanitation",
        host_node=ctx.program.nodes[0].code,
        starts_at=ends - dt.timedelta(minutes=minutes),
        ends_at=ends,
        max_minutes_per_person=minutes,
    )
    open_activity(ctx, activity.id)
    record = record_manual(ctx, member_id=member_id, activity_id=activity.id, minutes=minutes)
    review(ctx, approve=[record.id])
    return record.id


def role_holder_near_a_star(ctx: Context) -> int:
    """The role holder with the most approved hours, served past the first star so the page has a level and its history."""
    minutes = sa.func.coalesce(sa.func.sum(ServiceRecord.approved_minutes), 0)
    query = (
        sa.select(RoleAssignment.member_id, minutes)
        .outerjoin(ServiceRecord, sa.and_(ServiceRecord.member_id == RoleAssignment.member_id, ServiceRecord.state == "approved"))
        .where(RoleAssignment.ended_on.is_(None))
        .group_by(RoleAssignment.member_id)
        .order_by(minutes.desc(), RoleAssignment.member_id)
    )
    member_id, served = ctx.session.execute(query).first()  # type: ignore[misc]
    short = ONE_STAR_HOURS * 60 - int(served)
    serve(ctx, member_id, max(short, 0) + 60)
    return int(member_id)


def facts(ctx: Context, member_id: int) -> dict[str, Any]:
    """What the page must show, read straight from the tables."""
    member = ctx.session.get_one(Member, member_id)
    role = ctx.session.scalars(sa.select(RoleAssignment).where(RoleAssignment.member_id == member_id, RoleAssignment.ended_on.is_(None))).first()
    assert role is not None
    teams = ctx.session.scalars(sa.select(Team.name).join(TeamMember).where(TeamMember.member_id == member_id))
    minutes = ctx.session.scalar(
        sa.select(sa.func.sum(ServiceRecord.approved_minutes)).where(ServiceRecord.member_id == member_id, ServiceRecord.state == "approved")
    )
    points = ctx.session.scalar(sa.select(Account.balance).where(Account.kind == "member", Account.owner == str(member_id), Account.unit == "points"))
    level = ctx.session.get_one(StarLevel, member_id)
    return {
        "name": member.name,
        "role": ctx.program.roles[role.role].name,
        "node": role.node.label(),
        "teams": list(teams),
        "hours": round(minutes / 60, 2),
        "points": points,
        "unit": ctx.program.section("incentives")["unit_name"],
        "stars": level.stars,
    }


async def show(app: LinliApp, pilot: Pilot[None], member_id: int, name: str) -> str:
    """Search the member by name on the members screen, put the cursor on their row, and read the page."""
    await open_screen(app, pilot, "f3")
    assert isinstance(app.screen, MembersScreen)
    await type_into(app, pilot, "#search", name)
    table = app.screen.query_one("#member-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(member_id)))
    await settle(app, pilot)
    return str(app.screen.query_one(MemberDetailPanel).render())


def lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines()]


def test_the_page_shows_roles_teams_hours_and_the_plugins_sections_as_stored(program: Program) -> None:
    runtime = program.runtime
    member_id = runtime.act("admin", role_holder_near_a_star)
    expected = runtime.view("admin", partial(facts, member_id=member_id))
    assert expected["stars"] >= 1 and expected["teams"]  # the demo gives every active volunteer teams; the service gave a star

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        page = lines(await show(app, pilot, member_id, expected["name"]))
        assert page[0] == f"姓名 {expected['name']}"
        assert f"已审核时长（小时） {expected['hours']:,}" in page
        assert any(line.startswith(f"{expected['role']} {expected['node']}，") and line.endswith(" 起") for line in page)
        assert all(team in page for team in expected["teams"])
        recent = page[page.index("近期服务") + 1]
        assert "防汛值守" in recent and "已审核通过" in recent  # newest first: the service this test approved
        assert f"余额 {expected['points']:,} {expected['unit']}" in page
        assert f"当前星级 {expected['stars']} 星" in page
        assert f"{expected['stars'] - 1} 星 → {expected['stars']} 星" in " ".join(page)
        assert "荣誉称号" in page and "暂无" in page  # commendations is on; the demo confirms no titles

    drive(runtime, scenario)


def test_this_years_hours_count_service_given_this_year(program: Program) -> None:
    runtime = program.runtime
    member_id = runtime.act("admin", role_holder_near_a_star)

    def this_year(ctx: Context) -> float:
        start = dt.datetime(ctx.today().year, 1, 1, tzinfo=ctx.zone)
        served: list[tuple[dt.datetime | None, dt.datetime, int]] = ctx.session.execute(
            sa.select(ServiceRecord.check_in_at, Activity.starts_at, ServiceRecord.approved_minutes)
            .join(Activity)
            .where(ServiceRecord.member_id == member_id, ServiceRecord.state == "approved")
        ).all()
        return round(sum(minutes for check_in, starts, minutes in served if (check_in or starts) >= start) / 60, 2)

    detail = runtime.view("admin", partial(member_detail, member_id=member_id))
    assert detail.hours_this_year == runtime.view("admin", this_year)
    assert 0 < detail.hours_this_year < detail.hours  # the service just approved counts; the demo's year before does not


def test_an_operator_outside_the_members_home_is_refused(program: Program) -> None:
    runtime = program.runtime
    runtime.act("admin", lambda ctx: create_operator(ctx, username=GROUP_LEADER, display_name="1栋组长", scope_node=GROUP).id)

    def outside_and_inside(ctx: Context) -> tuple[int, int]:
        group = ctx.session.scalars(sa.select(OrgNode).where(OrgNode.code == GROUP)).one()
        members = ctx.session.scalars(sa.select(Member).order_by(Member.id)).all()
        return (
            next(m.id for m in members if not group.contains(m.home_node)),
            next(m.id for m in members if group.contains(m.home_node)),
        )

    outside, inside = runtime.view("admin", outside_and_inside)
    with pytest.raises(PermissionDenied) as refused:
        runtime.view(GROUP_LEADER, partial(member_detail, member_id=outside))
    assert refused.value.key == "scope.out_of_scope"
    assert runtime.view(GROUP_LEADER, partial(member_detail, member_id=inside)).line.id == inside

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert await app.view(partial(member_detail, member_id=outside)) is None
        await settle(app, pilot)
        assert any("无权管理" in n.message and n.severity == "error" for n in notices(app))

    drive(runtime, scenario, username=GROUP_LEADER)


class Malformed:
    @hookimpl
    def linli_member_summary(self, ctx: Context, member: Any) -> Iterable[tuple[str, Sequence[tuple[str, str]]]]:
        return [("借书卡", ["没有标签的一行"])]  # type: ignore[list-item]


def test_a_plugin_section_of_the_wrong_shape_is_reported_by_the_plugins_name(program: Program) -> None:
    runtime = program.runtime
    runtime.host.register(Malformed(), "library")
    with pytest.raises(PluginError) as failed:
        runtime.view("admin", partial(member_detail, member_id=1))
    assert failed.value.plugin == "library" and failed.value.hook == "linli_member_summary"


async def palette_options(app: LinliApp, pilot: Pilot[None], text: str) -> list[str]:
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(Input).value = text
    await settle(app, pilot)
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_the_palette_lists_the_members_screens_actions_and_runs_them_from_the_search_box(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f3")
        assert isinstance(app.screen, MembersScreen) and isinstance(app.screen.focused, Input)  # where n, e and r are typed, not run
        for label in ("登记", "修改", "任职"):
            assert any(option.startswith(label) for option in await palette_options(app, pilot, label)), label
            await pilot.press("escape")
            await settle(app, pilot)
        await palette_options(app, pilot, "登记")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MemberForm)

    drive(program.runtime, scenario)
