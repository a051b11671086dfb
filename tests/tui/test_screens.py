"""The terminal UI driven by keys, checked on the screen and in the database."""

from __future__ import annotations

import sqlalchemy as sa
import yaml
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from linli.core.ledger.models import Transfer
from linli.core.models import ServiceRecord
from linli.core.services import review
from linli.tui.app import LinliApp
from linli.tui.screens.dashboard import DashboardScreen
from linli.tui.screens.members import MembersScreen
from linli.tui.screens.review import ReviewScreen
from linli.tui.screens.sign_in import SignInScreen
from linli.tui.widgets.figure import Figure
from linli.tui.widgets.member_detail import MemberDetailPanel
from linli.tui.widgets.reason import ReasonModal
from tests.tui.conftest import PASSWORD, Program
from tests.tui.helpers import drive, notices, open_screen, settle, type_into

LOCALES = "core/locales"


def transfers(program: Program) -> int:
    with program.runtime.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Transfer)) or 0


def test_sign_in_refuses_a_wrong_password_then_opens_the_dashboard(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        await type_into(app, pilot, "#username", "admin")
        await type_into(app, pilot, "#password", "wrong-password")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "密码不对" in str(app.screen.query_one("#sign-in-error", Static).render())
        await type_into(app, pilot, "#password", PASSWORD)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and app.username == "admin"

    drive(program.runtime, scenario, username=None)


def test_dashboard_shows_the_registered_volunteers_and_the_backlog(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert app.screen.query_one("#figure-registered_volunteers", Figure).value == "50"
        assert app.screen.query_one("#figure-pending", Figure).value == str(len(program.pending))
        assert app.screen.query_one("#star-panel", Static).render()  # star_rating's panel, through linli_tui_panels

    drive(program.runtime, scenario)


def test_member_search_narrows_the_table(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f3")
        assert isinstance(app.screen, MembersScreen)
        table = app.screen.query_one("#member-table", DataTable)
        assert table.row_count == 50
        name = str(table.get_cell_at((7, 1)))
        await type_into(app, pilot, "#search", name)
        assert 1 <= table.row_count < 50
        assert all(name in str(table.get_cell_at((row, 1))) for row in range(table.row_count))
        assert all("****" in str(table.get_cell_at((row, 2))) for row in range(table.row_count))
        assert name in str(app.screen.query_one(MemberDetailPanel).render())

    drive(program.runtime, scenario)


def test_batch_review_approves_two_records_and_credits_points(program: Program) -> None:
    before = transfers(program)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#review-table", DataTable).row_count == len(program.pending)
        await pilot.press("space", "down", "space", "a")
        await settle(app, pilot)
        await pilot.press("enter")  # the confirmation's default answer is yes
        await settle(app, pilot)
        assert app.screen.query_one("#review-table", DataTable).row_count == len(program.pending) - 2

    drive(program.runtime, scenario)
    assert program.states(program.pending) == ["approved", "approved"] + ["checked_out"] * (len(program.pending) - 2)
    assert transfers(program) > before


def test_a_rejection_needs_a_reason(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f4")
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReasonModal)
        assert str(app.screen.query_one("#reason-error", Static).render())
        await pilot.press(*"未到场", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)

    drive(program.runtime, scenario)
    assert program.states(program.pending) == ["rejected"] + ["checked_out"] * (len(program.pending) - 1)
    with program.runtime.reading() as session:
        assert session.scalar(sa.select(ServiceRecord.reject_reason).where(ServiceRecord.id == program.pending[0])) == "未到场"


def test_english_program_shows_english_labels(english: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert app.screen.query_one("#figure-registered_volunteers", Figure).caption == "Registered volunteers"
        assert app.screen.active_bindings["f4"].binding.description == "Review"  # what the footer shows

    drive(english.runtime, scenario)


def test_both_locales_have_the_same_keys() -> None:
    keys = [set(yaml.safe_load(open(f"{LOCALES}/{locale}/tui.yaml", encoding="utf-8"))) for locale in ("zh-CN", "en")]
    assert keys[0] == keys[1]


def test_a_refused_review_is_a_notification_not_a_crash(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f4")
        program.runtime.act("admin", lambda ctx: review(ctx, approve=program.pending[:1]))  # someone else was quicker
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [n.severity for n in notices(app)] == ["error"]
        assert app.screen.query_one("#review-table", DataTable).row_count == len(program.pending) - 1

    drive(program.runtime, scenario)
    assert program.states(program.pending) == ["approved"] + ["checked_out"] * (len(program.pending) - 1)
