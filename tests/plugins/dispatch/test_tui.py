"""The dispatch board of ``linli tui`` (contributed through ``linli_tui_screens``) driven by keys on 朝阳里's preset; asserted on the database."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from linli.core import Context, Database
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.needs import NeedRow, raise_need
from linli.plugins.dispatch.orders import cancel_order, make_order
from linli.plugins.dispatch.tui import DispatchBoard
from linli.tui.app import LinliApp
from linli.tui.widgets.confirm import ConfirmModal
from linli.tui.widgets.reason import ReasonModal
from tests.scenarios.helpers import Scenario, open_preset
from tests.tui.helpers import drive, settle

NOW = dt.datetime(2026, 5, 6, 2, 0, tzinfo=dt.UTC)
BARBER = "13600000001"


@pytest.fixture
def chaoyangli(database: Database) -> Scenario:
    """朝阳里 with a barber and a neighbour in its first grid, and 吴奶奶's haircut order waiting to be dispatched."""
    cyl = open_preset("chaoyangli", database, now=NOW)
    cyl.nodes(("CYL-G01-1", "1号楼1门", "entrance", "CYL-G01"))
    cyl.member("孙师傅", BARBER, "CYL-G01-1", skills=["理发"])
    cyl.member("钱大姐", "13600000002", "CYL-G01-1", skills=["陪伴"])

    def order(ctx: Context) -> int:
        need = raise_need(ctx, NeedRow("吴奶奶", "CYL-G01-1", "haircut", phone="13600009001"), channel="self")
        return make_order(ctx, need.id).id

    cyl.act(order)
    return cyl


def order(cyl: Scenario) -> tuple[str, str | None]:
    """The order's state and the phone of the volunteer holding it."""
    with cyl.runtime.reading() as session:
        found = session.scalars(sa.select(Order)).one()
        return found.state, found.member.phone if found.member else None


def notices(app: LinliApp) -> list[str]:
    """Every notification the app shows from now on, as "severity: message"."""
    seen: list[str] = []
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        seen.append(f"{options.get('severity', 'information')}: {message}")
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def open_board(app: LinliApp, pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    app.screen.query_one(Input).value = "派单看板"
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, DispatchBoard)


async def answer(app: LinliApp, pilot: Pilot[None], key: str, text: str) -> None:
    """Press *key*, type *text* into the question it asks, and Enter."""
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, ReasonModal)
    await pilot.press(*text, "enter")
    await settle(app, pilot)


def test_dispatching_from_the_board_hands_the_order_to_the_volunteer(chaoyangli: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_board(app, pilot)
        assert app.screen.query_one("#board-orders", DataTable).row_count == 1
        detail = str(app.screen.query_one("#board-detail", Static).render())
        assert "（已制单）可以：发布、派单、取消" in detail
        assert detail.index("孙师傅") < detail.index("钱大姐")  # the barber's skill ranks him first, with the reason
        assert "技能对口：理发" in detail
        await answer(app, pilot, "d", BARBER)
        assert isinstance(app.screen, DispatchBoard)
        assert app.screen.query_one("#board-orders", DataTable).row_count == 0  # gone from the new orders

    drive(chaoyangli.runtime, scenario)
    assert order(chaoyangli) == ("dispatched", BARBER)


def test_an_order_walks_through_the_board_to_its_rating(chaoyangli: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_board(app, pilot)
        await answer(app, pilot, "d", BARBER)
        await pilot.press("s")  # 已派单
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("s")  # 已接单
        await settle(app, pilot)
        await answer(app, pilot, "o", "40")
        await pilot.press("s")  # 已完成
        await settle(app, pilot)
        await answer(app, pilot, "t", "5")

    drive(chaoyangli.runtime, scenario)
    assert order(chaoyangli) == ("rated", BARBER)


def test_a_move_the_order_no_longer_allows_is_refused_and_changes_nothing(chaoyangli: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        seen = notices(app)
        await open_board(app, pilot)
        # someone else calls the order off while the board still shows it as new
        chaoyangli.act(lambda ctx: cancel_order(ctx, 1, reason="居民已自行解决"))
        await answer(app, pilot, "d", BARBER)
        assert isinstance(app.screen, DispatchBoard)
        assert len(seen) == 1 and seen[0].startswith("error: ") and "不能派单" in seen[0]

    drive(chaoyangli.runtime, scenario)
    assert order(chaoyangli) == ("cancelled", None)


def test_a_bad_number_of_minutes_is_named_and_nothing_changes(chaoyangli: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        seen = notices(app)
        await open_board(app, pilot)
        await answer(app, pilot, "d", BARBER)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("a", "y")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await answer(app, pilot, "o", "四十")
        assert seen[-1] == "warning: 服务分钟数必须是正整数，收到“四十”"

    drive(chaoyangli.runtime, scenario)
    assert order(chaoyangli) == ("accepted", BARBER)
