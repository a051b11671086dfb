"""The dashboard computes its figures in stages after painting, saying which runs; leaving it stops them; a failure is a notification."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import Sparkline, Static

from linli.core.models import Member
from linli.core.services import Context, create_activity, open_activity, record_manual, review
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.tui.app import LinliApp
from linli.tui.queries import monthly_hours
from linli.tui.screens import dashboard
from linli.tui.screens.dashboard import DashboardScreen
from linli.tui.screens.members import MembersScreen
from tests.tui.conftest import Program
from tests.tui.helpers import SIZE, drive, notices, settle

# 02:00 on 1 March in China is still 28 February in UTC: the trend must count it in March, as reports do.
MARCH_FIRST_NIGHT = dt.datetime(2026, 3, 1, 2, 0, tzinfo=CHINA_STANDARD_TIME)


def serve_on_march_first(ctx: Context) -> int:
    """A volunteer's hour checked in at 02:00 China time on 1 March 2026, approved."""
    root = ctx.program.nodes[0].code
    starts = MARCH_FIRST_NIGHT - dt.timedelta(hours=1)
    activity = create_activity(ctx, title="夜间巡逻", category="sanitation", host_node=root, starts_at=starts, ends_at=starts + dt.timedelta(hours=3))
    open_activity(ctx, activity.id)
    member_id = ctx.session.scalars(sa.select(Member.id).where(Member.status == "active").order_by(Member.id)).first()
    assert member_id is not None
    record = record_manual(
        ctx, member_id=member_id, activity_id=activity.id, minutes=60, check_in_at=MARCH_FIRST_NIGHT, check_out_at=MARCH_FIRST_NIGHT + dt.timedelta(hours=1)
    )
    review(ctx, approve=[record.id])
    return record.id


def month_index(today: dt.date, year: int, month: int) -> int:
    """Where *year*-*month* sits in the 12-month trend ending with *today*'s month."""
    return 11 - ((today.year * 12 + today.month) - (year * 12 + month))


def test_the_trend_counts_a_record_in_the_programs_month_not_utcs(program: Program) -> None:
    runtime = program.runtime
    before = runtime.view("admin", monthly_hours)
    runtime.act("admin", serve_on_march_first)
    today = runtime.view("admin", lambda ctx: ctx.today())
    march, february = month_index(today, 2026, 3), month_index(today, 2026, 2)
    assert march >= 0, "the test's date must keep March 2026 within the trend"

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, DashboardScreen)
        shown = list(app.screen.query_one("#months", Sparkline).data or [])
        assert shown[march] == pytest.approx(before[march] + 1.0), (before, shown)
        assert shown[february] == pytest.approx(before[february]), (before, shown)

    drive(runtime, scenario)


def test_the_progress_line_names_each_stage_and_goes_when_done(program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    app = LinliApp(program.runtime, username="admin")
    seen: list[str] = []

    def noting(read: Callable[[Context], Any]) -> Callable[[Context], Any]:
        def run(ctx: Context) -> Any:
            seen.append(str(app.screen.query_one("#dashboard-progress", Static).render()))  # the line while this stage's read runs
            return read(ctx)

        return run

    monkeypatch.setattr(dashboard, "STAGES", tuple((name, noting(read)) for name, read in dashboard.STAGES))

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, DashboardScreen) and screen.complete
            assert not screen.query_one("#dashboard-progress").display
            assert not notices(app)

    asyncio.run(run())
    labels = ("统计数字", "待审核记录数", "近 12 个月服务时长")
    assert seen == [f"正在计算（{step}/3）：{label}……" for step, label in enumerate(labels, start=1)], seen


def test_a_database_failure_is_a_notification_and_the_bar_says_where_it_stopped(program: Program) -> None:
    with program.runtime.database.engine.begin() as connection:  # a broken database: the review backlog can't be counted
        connection.exec_driver_sql("ALTER TABLE service_record RENAME TO service_record_gone")

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and not screen.complete
        assert [(n.title, n.severity) for n in notices(app)] == [(app.say("dashboard_failed"), "error")]
        assert "service_record" in notices(app)[0].message
        assert screen.query_one("#dashboard-progress").display
        assert "Ctrl+R" in str(screen.query_one("#dashboard-progress", Static).render())

    drive(program.runtime, scenario)


def test_leaving_the_dashboard_skips_its_remaining_figures(program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    left = threading.Event()  # the report's read is held until the operator has left, as a district's report takes seconds

    def noting(name: str, read: Callable[[Context], Any]) -> Callable[[Context], Any]:
        def run(ctx: Context) -> Any:
            ran.append(name)
            if name == "report":
                assert left.wait(10)
            return read(ctx)

        return run

    monkeypatch.setattr(dashboard, "STAGES", tuple((name, noting(name, read)) for name, read in dashboard.STAGES))

    async def run() -> None:
        app = LinliApp(program.runtime, username="admin")
        async with app.run_test(size=SIZE) as pilot:
            while not ran:  # the dashboard has painted and started on its figures
                await pilot.pause(0.01)
            await pilot.press("f3")
            assert isinstance(app.screen, MembersScreen)
            left.set()
            await settle(app, pilot)
            await pilot.pause(0.2)
            assert not [worker for worker in app.workers if worker.group == "dashboard" and worker.is_running]

    asyncio.run(run())
    assert ran == ["report"]


def test_leaving_before_the_dashboard_starts_computes_nothing(program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    monkeypatch.setattr(dashboard, "STAGES", tuple((name, lambda ctx, name=name, read=read: (ran.append(name), read(ctx))[1]) for name, read in dashboard.STAGES))
    monkeypatch.setattr(dashboard, "SETTLE_SECONDS", 1.0)  # longer than a busy test machine takes to handle a key

    async def run() -> None:
        app = LinliApp(program.runtime, username="admin")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")  # at once, as an operator who came to find a volunteer
            await settle(app, pilot)
            assert isinstance(app.screen, MembersScreen)
            await pilot.pause(1.5)

    asyncio.run(run())
    assert ran == []
