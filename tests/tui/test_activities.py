"""The activities screen driven by keys: plan from a project, sign up, check in and out; checked on the database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from linli.core.models import Activity, OrgNode, Project, ServiceRecord
from linli.core.services import Context, create_activity, create_operator, open_activity
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.tui.app import LinliApp
from linli.tui.screens.activities import ActivitiesScreen
from linli.tui.screens.review import ReviewScreen
from linli.tui.widgets.activity_form import ActivityForm
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_screen, settle, type_into

T0 = dt.datetime(2026, 11, 2, 0, 30, tzinfo=dt.UTC)  # 08:30 in China


def activity_count(program: Program) -> int:
    with program.runtime.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Activity)) or 0


def first_station(program: Program) -> str:
    with program.runtime.reading() as session:
        return session.scalars(sa.select(OrgNode.code).where(OrgNode.level == "station").order_by(OrgNode.code).limit(1)).one()


async def open_activities(app: LinliApp, pilot: Pilot[None]) -> ActivitiesScreen:
    await open_screen(app, pilot, "f8")
    assert isinstance(app.screen, ActivitiesScreen)
    return app.screen


async def fill_form(app: LinliApp, pilot: Pilot[None], *, title: str = "", node: str = "") -> None:
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, ActivityForm)
    if title:
        await type_into(app, pilot, "#title", title)
    if node:
        await type_into(app, pilot, "#host-node", node)
    await type_into(app, pilot, "#starts-at", "2026-11-02 08:30")
    await type_into(app, pilot, "#ends-at", "2026-11-02 11:00")
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def test_planning_from_a_project_writes_the_activity(program: Program) -> None:
    before = activity_count(program)
    chosen: list[int] = []

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        screen = await open_activities(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ActivityForm)
        chosen.append(int(str(app.screen.query_one("#project", Select).value)))
        await type_into(app, pilot, "#title", "重阳节敬老")
        await type_into(app, pilot, "#starts-at", "2026-11-02 08:30")
        await type_into(app, pilot, "#ends-at", "2026-11-02 11:00")
        await pilot.press("enter")  # Enter in a field saves, like Ctrl+S
        await settle(app, pilot)
        assert app.screen is screen
        assert "重阳节敬老" in [str(cell) for cell in screen.query_one("#activity-table", DataTable).get_column_at(1)]

    drive(program.runtime, scenario)
    assert activity_count(program) == before + 1
    with program.runtime.reading() as session:
        activity = session.scalars(sa.select(Activity).order_by(Activity.id.desc())).first()
        project = session.get_one(Project, chosen[0])
        assert activity is not None
        assert (activity.title, activity.project_id, activity.status) == ("重阳节敬老", project.id, "planned")
        assert (activity.host_node_id, activity.host_team_id, activity.category) == (project.host_node_id, project.host_team_id, project.category)
        assert (activity.starts_at, activity.ends_at) == (T0, T0 + dt.timedelta(hours=2, minutes=30))


def test_a_time_that_is_not_one_is_reported_in_the_form(program: Program) -> None:
    before = activity_count(program)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_activities(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await type_into(app, pilot, "#starts-at", "明天上午")
        await pilot.press("ctrl+s")  # the end is blank too: the first field at fault is the one named
        await settle(app, pilot)
        assert isinstance(app.screen, ActivityForm)
        shown = str(app.screen.query_one("#form-error").render())
        assert "开始时间" in shown and "明天上午" in shown
        app.screen.query_one("#starts-at", Input).value = "2026-11-02 08:30"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "结束时间：请填写" in str(app.screen.query_one("#form-error").render())

    drive(program.runtime, scenario)
    assert activity_count(program) == before


def test_check_in_then_check_out_leaves_a_record_for_review(program: Program) -> None:
    clock = [T0]
    program.runtime.now = lambda: clock[0]

    def planned(ctx: Context) -> int:
        root = ctx.program.nodes[0].code
        activity = create_activity(ctx, title="社区义诊", category="sanitation", host_node=root, starts_at=T0, ends_at=T0 + dt.timedelta(hours=3))
        return open_activity(ctx, activity.id).id

    activity_id = program.runtime.act("admin", planned)
    with program.runtime.reading() as session:
        member_id = session.scalar(sa.select(ServiceRecord.member_id).where(ServiceRecord.id == program.pending[0]))

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        screen = await open_activities(app, pilot)
        table = screen.query_one("#activity-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(activity_id)))
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*str(member_id), "enter")
        await settle(app, pilot)
        assert screen.query_one("#roster-table", DataTable).row_count == 1
        await pilot.press("i")
        await settle(app, pilot)
        clock[0] = T0 + dt.timedelta(minutes=95)
        await pilot.press("o")
        await settle(app, pilot)
        await open_screen(app, pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        assert "社区义诊" in [str(cell) for cell in app.screen.query_one("#review-table", DataTable).get_column_at(3)]

    drive(program.runtime, scenario)
    with program.runtime.reading() as session:
        record = session.scalars(sa.select(ServiceRecord).where(ServiceRecord.activity_id == activity_id)).one()
        assert (record.member_id, record.state, record.minutes, record.source) == (member_id, "checked_out", 95, "operator")
        assert (record.check_in_at, record.check_out_at) == (T0, T0 + dt.timedelta(minutes=95))


def test_an_operator_outside_the_scope_is_refused(program: Program) -> None:
    own, community = first_station(program), program.runtime.program.nodes[0].code
    password = "station-password-1"
    program.runtime.act("admin", lambda ctx: create_operator(ctx, username="zhan", display_name="站长", scope_node=own, password=password))
    before = activity_count(program)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        screen = await open_activities(app, pilot)
        listed = [str(cell) for cell in screen.query_one("#activity-table", DataTable).get_column_at(1)]
        assert "楼道清扫" not in listed  # held by the community, above this station
        await fill_form(app, pilot, title="越界活动", node=community)
        assert app.screen is screen
        assert [n.severity for n in notices(app)] == ["error"]

    drive(program.runtime, scenario, username="zhan")
    assert activity_count(program) == before


def test_the_footer_describes_keys_in_the_program_locale(program: Program, english: Program) -> None:
    described: dict[str, list[str]] = {}

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        screen = await open_activities(app, pilot)
        shown = screen.active_bindings  # what Textual's footer reads
        described[app.lang] = [shown[key].binding.description for key in ("n", "o", "f8", "ctrl+p")]

    drive(program.runtime, scenario)
    drive(english.runtime, scenario)
    assert described == {"zh-CN": ["新建", "签退", "活动", "命令"], "en": ["New", "Check out", "Activities", "Commands"]}
