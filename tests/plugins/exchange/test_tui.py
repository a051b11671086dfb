"""The exchange screen of ``linli tui`` (contributed through ``linli_tui_screens``) driven by keys on 汉阳's preset; asserted on the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from linli.core import Database
from linli.core.models import Member
from linli.core.services import create_operator, review
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.redeem import redeem
from linli.plugins.exchange.tui import ExchangeScreen
from linli.plugins.merchants.models import CatalogueItem
from linli.plugins.merchants.sync import sync_catalogue
from linli.tui.app import LinliApp
from linli.tui.widgets.confirm import ConfirmModal
from linli.tui.widgets.reason import ReasonModal
from tests.scenarios.helpers import Scenario, open_preset
from tests.tui.helpers import drive, settle, type_into

NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
PHONE = "13600000001"
Notices = list[tuple[str, str]]


@pytest.fixture
def hanyang(database: Database) -> Scenario:
    """汉阳 with its clerks and catalogue, and 陈静 of 梅林都汇 holding 200 points from 20 hours of service."""
    hy = open_preset("hanyang", database, now=NOW)
    for clerk in ("mldh_market", "mldh_flower", "jg_barber", "jg_carwash", "hy_property", "hy_yangxiaoyi"):
        hy.act(lambda ctx, name=clerk: create_operator(ctx, username=name, display_name=name, role="clerk"))
    hy.act(sync_catalogue)
    chen = hy.member("陈静", PHONE, "HY-SX-MLDH")
    visit = hy.activity("陪伴孤寡老人", "elder_care", "HY-SX-MLDH", "2026-11-03 08:00", hours=10)
    served = [hy.serve(chen, visit, "2026-11-03 08:00", 600)]
    again = hy.activity("陪伴孤寡老人", "elder_care", "HY-SX-MLDH", "2026-11-10 08:00", hours=10)
    served.append(hy.serve(chen, again, "2026-11-10 08:00", 600))
    hy.act(lambda ctx: review(ctx, approve=served))
    assert hy.balance(chen, "points") == 200
    return hy


def stock(hy: Scenario, item: str) -> int | None:
    with hy.runtime.reading() as session:
        return session.scalar(sa.select(CatalogueItem.stock).where(CatalogueItem.code == item))


def redemptions(hy: Scenario) -> list[tuple[str, str, int]]:
    with hy.runtime.reading() as session:
        return [tuple(row) for row in session.execute(sa.select(Redemption.item, Redemption.state, Redemption.points).order_by(Redemption.id))]  # type: ignore[misc]


def chen(hy: Scenario) -> int:
    with hy.runtime.reading() as session:
        return session.scalar(sa.select(Member.id).where(Member.phone == PHONE)) or 0


def notices(app: LinliApp) -> Notices:
    """Every notification the app shows from now on, as (message, severity)."""
    seen: Notices = []
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        seen.append((message, str(options.get("severity", "information"))))
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def open_exchange(app: LinliApp, pilot: Pilot[None]) -> None:
    """Through the command palette, as a newcomer would: its title, then Enter."""
    await pilot.press("ctrl+p")
    await settle(app, pilot)
    app.screen.query_one(Input).value = "积分兑换"
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ExchangeScreen)


async def choose(app: LinliApp, pilot: Pilot[None], item: str) -> None:
    table = app.screen.query_one("#exchange-catalogue", DataTable)
    codes = [str(table.get_cell_at((row, 0))) for row in range(table.row_count)]
    await pilot.press("ctrl+home", *["down"] * codes.index(item))  # from the top
    await settle(app, pilot)


async def find_member(app: LinliApp, pilot: Pilot[None], reference: str) -> None:
    await pilot.press("m")
    await type_into(app, pilot, "#exchange-member", reference)
    await pilot.press("enter")
    await settle(app, pilot)


def test_the_exchange_screen_has_an_f_key_after_the_core_screens(hanyang: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        keys = list(app.screen_classes)
        assert keys.index("exchange") > keys.index("dashboard") and app.titles["exchange"][0] == "积分兑换"
        key = f"f{keys.index('exchange') + 2}"
        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, ExchangeScreen)

    drive(hanyang.runtime, scenario)


def test_the_command_palette_reaches_the_screens_actions(hanyang: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_exchange(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        app.screen.query_one(Input).value = "核销"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReasonModal)  # asking for the pickup code

    drive(hanyang.runtime, scenario)


def test_redeeming_shows_points_and_eligibility_then_takes_stock_and_points(hanyang: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_exchange(app, pilot)
        await find_member(app, pilot, PHONE)
        assert "可用积分 200" in str(app.screen.query_one("#exchange-standing", Static).render())
        table = app.screen.query_one("#exchange-catalogue", DataTable)
        verdicts = {str(table.get_cell_at((row, 0))): str(table.get_cell_at((row, 6))) for row in range(table.row_count)}
        assert verdicts["detergent"] == "可兑换"
        assert verdicts["rice-5kg"] == "积分不足：需要 300 分，现有 200 分"
        assert "要求 1 星及以上志愿者" in verdicts["property-fee"]
        await choose(app, pilot, "property-fee")
        verdict = str(app.screen.query_one("#exchange-verdict", Static).render())
        assert verdict == "物业费减免 50 元：“物业费减免 50 元”要求 1 星及以上志愿者，陈静（136****0001） 目前是 0 星"
        await choose(app, pilot, "detergent")
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)
        assert "可用积分 50" in str(app.screen.query_one("#exchange-standing", Static).render())

    drive(hanyang.runtime, scenario)
    assert (stock(hanyang, "detergent"), hanyang.balance(chen(hanyang), "points")) == (299, 50)
    assert redemptions(hanyang) == [("detergent", "issued", 150)]


def test_short_of_points_is_a_notification_and_nothing_changes(hanyang: Scenario) -> None:
    hanyang.act(lambda ctx: redeem(ctx, PHONE, "haircut"))  # 100 of the 200 points spent

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        seen = notices(app)
        await open_exchange(app, pilot)
        await find_member(app, pilot, PHONE)
        await choose(app, pilot, "detergent")
        await pilot.press("r", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, ExchangeScreen)
        assert [severity for _, severity in seen] == ["error"]
        assert "积分不足：需要 150 分，现有 100 分" in seen[0][0]

    drive(hanyang.runtime, scenario)
    assert (stock(hanyang, "detergent"), hanyang.balance(chen(hanyang), "points")) == (300, 100)
    assert redemptions(hanyang) == [("haircut", "issued", 100)]


def issued(hy: Scenario, item: str) -> str:
    return hy.act(lambda ctx: redeem(ctx, PHONE, item).code)


def by_code(action: str, code: str) -> Callable[[LinliApp, Pilot[None]], object]:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_exchange(app, pilot)
        await pilot.press(action)
        await settle(app, pilot)
        assert isinstance(app.screen, ReasonModal)
        await pilot.press(*code.lower(), "enter")  # codes are read in any case
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)

    return scenario


def test_the_merchants_clerk_verifies_a_pickup_code(hanyang: Scenario) -> None:
    code = issued(hanyang, "detergent")
    drive(hanyang.runtime, by_code("v", code), username="mldh_market")  # type: ignore[arg-type]
    assert redemptions(hanyang) == [("detergent", "verified", 150)]
    assert (stock(hanyang, "detergent"), hanyang.balance(chen(hanyang), "points")) == (299, 50)


def test_cancelling_a_redemption_gives_back_stock_and_points(hanyang: Scenario) -> None:
    code = issued(hanyang, "detergent")
    assert (stock(hanyang, "detergent"), hanyang.balance(chen(hanyang), "points")) == (299, 50)
    drive(hanyang.runtime, by_code("c", code))  # type: ignore[arg-type]
    assert redemptions(hanyang) == [("detergent", "cancelled", 150)]
    assert (stock(hanyang, "detergent"), hanyang.balance(chen(hanyang), "points")) == (300, 200)


def test_an_admin_cannot_verify_at_the_counter(hanyang: Scenario) -> None:
    code = issued(hanyang, "detergent")

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        seen = notices(app)
        await by_code("v", code)(app, pilot)  # type: ignore[misc]
        assert [severity for _, severity in seen] == ["error"] and "核销员" in seen[0][0]

    drive(hanyang.runtime, scenario)
    assert redemptions(hanyang) == [("detergent", "issued", 150)]



def test_a_clerk_lands_on_the_counter_and_sees_only_the_screens_of_a_clerk(hanyang: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, ExchangeScreen)
        seen = notices(app)
        await pilot.press("f2")  # the dashboard's key: an administrator's screen
        await settle(app, pilot)
        assert isinstance(app.screen, ExchangeScreen) and seen == []
        offered = [command.title for command in app.get_system_commands(app.screen)]
        assert app.titles["exchange"][0] in offered and app.titles["dashboard"][0] not in offered

    drive(hanyang.runtime, scenario, username="mldh_market")


def test_an_administrator_still_lands_on_the_dashboard(hanyang: Scenario) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        assert type(app.screen).__name__ == "DashboardScreen"
        await pilot.press("f3")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "MembersScreen"

    drive(hanyang.runtime, scenario)
