"""The organization screen: a lazily read tree whose figures match the database, role holders and their warnings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from linli.core.db import Database
from linli.core.errors import PermissionDenied
from linli.core.models import AuditEntry, Member, OrgNode, ServiceRecord, Team
from linli.core.models.roles import RoleAssignment
from linli.core.runtime import Runtime, open_runtime
from linli.core.services import assign_role, create_operator, register_member
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.tui.app import LinliApp
from linli.tui.org_queries import NodeLine, child_nodes, node_holders, top_nodes
from linli.tui.screens.organization import OrganizationScreen
from linli.tui.widgets.confirm import ConfirmModal
from tests.core.factories import Stars, make_world
from tests.tui.conftest import Program, copy_program
from tests.tui.helpers import drive, open_screen, settle

ORGANIZATION_KEY = "f7"
STATION_HEAD = "yucai"


@pytest.fixture
def strict(demo_dir: Path, tmp_path: Path) -> Iterator[Runtime]:
    """The demo after the program tightened 组长 to four stars: the sitting 组长 (no stars yet) no longer qualifies."""
    config = copy_program(demo_dir, tmp_path / "strict")
    config.write_text(config.read_text("utf-8") + "roles:\n  group_leader:\n    requires: {min_stars: 4}\n", "utf-8")
    runtime = open_runtime(config)
    try:
        yield runtime
    finally:
        runtime.close()


def station_head(runtime: Runtime) -> None:
    runtime.act("admin", lambda ctx: create_operator(ctx, username=STATION_HEAD, display_name="育才新城站长", scope_node="BBT-01").id)


def tree(app: LinliApp) -> Tree[NodeLine]:
    return app.screen.query_one("#org-tree", Tree)


def codes(node: TreeNode[NodeLine]) -> list[str]:
    return [child.data.code for child in node.children if child.data is not None]


async def expand(app: LinliApp, pilot: Pilot[None], node: TreeNode[NodeLine]) -> None:
    tree(app).move_cursor(node)
    await pilot.press("space")
    await settle(app, pilot)


def volunteers_under(runtime: Runtime, code: str) -> int:
    """Registered volunteers (active or suspended) living in *code*'s subtree, counted straight from the tables."""
    with runtime.reading() as session:
        path = session.scalar(sa.select(OrgNode.path).where(OrgNode.code == code))
        query = (
            sa.select(sa.func.count())
            .select_from(Member)
            .join(OrgNode, OrgNode.id == Member.home_node_id)
            .where(OrgNode.path.startswith(path), Member.status.in_(("active", "suspended")))
        )
        return session.scalar(query) or 0


def hours_this_year(runtime: Runtime) -> float:
    year = runtime.now().astimezone(CHINA_STANDARD_TIME).year
    with runtime.reading() as session:
        rows = session.execute(sa.select(ServiceRecord.check_in_at, ServiceRecord.approved_minutes).where(ServiceRecord.state == "approved"))
        minutes = sum(m or 0 for at, m in rows if at is not None and at.astimezone(CHINA_STANDARD_TIME).year == year)  # stored as UTC
    return round(minutes / 60, 2)


def test_the_tree_reads_a_level_per_expansion_with_the_figures_of_the_database(program: Program) -> None:
    runtime = program.runtime
    with runtime.reading() as session:
        teams = session.scalar(sa.select(sa.func.count()).select_from(Team)) or 0

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, ORGANIZATION_KEY)
        assert isinstance(app.screen, OrganizationScreen)
        assert codes(tree(app).root) == ["BBT"]
        center = tree(app).root.children[0]
        assert center.data is not None and not center.children  # nothing below is read until it is opened
        assert center.data.volunteers == volunteers_under(runtime, "BBT") == 50
        assert center.data.teams == teams
        assert center.data.hours == hours_this_year(runtime)
        assert f"志愿者 {center.data.volunteers}" in str(center.label)

        await expand(app, pilot, center)
        assert codes(center) == ["BBT-01"]
        station = center.children[0]
        assert not station.children
        await expand(app, pilot, station)
        assert codes(station) == ["BBT-01-01", "BBT-01-02"]
        groups = [child.data for child in station.children if child.data is not None]
        assert [g.volunteers for g in groups] == [volunteers_under(runtime, g.code) for g in groups]
        assert sum(g.volunteers for g in groups) == 50
        assert not any(g.has_children for g in groups) and not any(child.allow_expand for child in station.children)

    drive(runtime, scenario)


def test_a_holder_below_the_tightened_requirement_is_flagged_with_the_reason(strict: Runtime) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, ORGANIZATION_KEY)
        center = tree(app).root.children[0]
        await expand(app, pilot, center)
        await expand(app, pilot, center.children[0])
        tree(app).move_cursor(center.children[0].children[0])  # 育才新城1栋, whose 组长 has no stars
        await settle(app, pilot)
        table = app.screen.query_one("#holder-table", DataTable)
        assert table.row_count == 1
        assert str(table.get_cell_at((0, 0))) == "组长"
        warning = str(table.get_cell_at((0, 3)))
        assert "⚠" in warning and "目前为 0 星，组长要求至少 4 星" in warning
        assert "1 人不再符合岗位要求" in str(app.screen.query_one("#holder-summary", Static).render())

        tree(app).move_cursor(center.children[0])  # the 站长 of the station needs no stars
        await settle(app, pilot)
        assert table.row_count == 1 and str(table.get_cell_at((0, 0))) == "站长" and not str(table.get_cell_at((0, 3)))

    drive(strict, scenario)


def test_ending_a_role_asks_first_and_keeps_the_term_as_history(program: Program) -> None:
    runtime = program.runtime

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, ORGANIZATION_KEY)
        table = app.screen.query_one("#holder-table", DataTable)
        assert str(table.get_cell_at((0, 0))) == "社区志愿服务中心主任"
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # said no: nothing changes
        await settle(app, pilot)
        assert table.row_count == 1
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, OrganizationScreen) and table.row_count == 0

    drive(runtime, scenario)
    with runtime.reading() as session:
        center = session.scalar(sa.select(OrgNode.id).where(OrgNode.code == "BBT"))
        ended = session.scalars(sa.select(RoleAssignment).where(RoleAssignment.node_id == center)).one()
        assert ended.ended_on is not None
        audit = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "role.end")).one()
        assert audit.target_id == str(ended.id)


def test_a_station_head_sees_only_the_station_subtree_and_is_refused_above_it(program: Program) -> None:
    runtime = program.runtime
    station_head(runtime)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, ORGANIZATION_KEY)
        assert codes(tree(app).root) == ["BBT-01"]
        station = tree(app).root.children[0]
        await expand(app, pilot, station)
        assert codes(station) == ["BBT-01-01", "BBT-01-02"]
        assert str(app.screen.query_one("#holder-table", DataTable).get_cell_at((0, 0))) == "站长"

    drive(runtime, scenario, username=STATION_HEAD)
    with pytest.raises(PermissionDenied):
        runtime.view(STATION_HEAD, lambda ctx: node_holders(ctx, "BBT"))


def test_the_reads_on_both_engines_count_the_subtree_flag_fallen_stars_and_keep_to_the_scope(database: Database) -> None:
    stars = Stars({})
    world = make_world(database, ("stars", stars))
    homes = ["G0101", "G0101", "G0201"]
    people = world.act(lambda ctx: [register_member(ctx, name=f"志愿者{i}", phone=f"1380000000{i}", home_node=n).id for i, n in enumerate(homes)])
    stars.levels[people[0]] = 4
    world.act(lambda ctx: assign_role(ctx, member_id=people[0], node="G0101", role="sanitation").id)
    world.act(lambda ctx: assign_role(ctx, member_id=people[1], node="G0101", role="security").id)
    stars.levels[people[0]] = 2  # the 卫生员 has since fallen below the four stars the role asks for

    groups = world.act(lambda ctx: child_nodes(ctx, "S01"))
    assert [(g.code, g.volunteers, g.has_children) for g in groups] == [("G0101", 2, False), ("G0102", 0, False)]
    stations = world.act(lambda ctx: child_nodes(ctx, "BBT"))
    assert [(s.code, s.volunteers, s.has_children) for s in stations] == [("S01", 2, True), ("S02", 1, True)]
    holders = {h.role: h.problems for h in world.act(lambda ctx: node_holders(ctx, "G0101"))}
    assert holders == {"卫生员": ("志愿者0（138****0000） 目前为 2 星，卫生员要求至少 4 星",), "治安员": ()}

    head = world.operator("s01", "S01")
    assert [n.code for n in world.act(top_nodes, head)] == ["S01"]
    for outside in (lambda ctx: child_nodes(ctx, "BBT"), lambda ctx: node_holders(ctx, "G0201")):
        with pytest.raises(PermissionDenied):
            world.act(outside, head)
