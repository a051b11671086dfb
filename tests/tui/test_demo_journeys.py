"""Issue #8's newcomer on the demo database, keyboard only: redeem an item for a volunteer in 汉阳's demo, dispatch an order in 朝阳里's,
review the last week's service in 百步亭's.

The demos are built as ``linli demo`` builds them (core's fill, then every
enabled plugin's share), so these fail when a plugin's demo data leaves its
screen with nothing to act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable

from linli.core import Context, ledger
from linli.core.config import ProgramLoader
from linli.core.db import Base, Database, sqlite_url
from linli.core.demo import fill, plan
from linli.core.models import Member, ServiceRecord
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import bootstrap_admin
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.tui import DispatchBoard
from linli.plugins.exchange.desk import standing
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.tui import ExchangeScreen
from linli.tui.app import LinliApp
from linli.tui.screens.review import ReviewScreen
from linli.tui.widgets.confirm import ConfirmModal
from linli.tui.widgets.reason import ReasonModal
from tests.tui.helpers import drive, settle

MEMBERS, SEED = 80, 3
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(request: pytest.FixtureRequest, tmp_path: pytest.TempPathFactory) -> Iterator[Runtime]:
    """The preset named by the test's parameter, filled as ``linli demo`` fills it, on a fresh SQLite file."""
    host = make_plugin_host(autoload=False)
    program = ProgramLoader(host).check_preset(request.param).program
    assert program is not None
    database = Database(sqlite_url(tmp_path / "linli.db"))  # type: ignore[operator]
    Base.metadata.create_all(database.engine)
    runtime = Runtime(program, host, database, now=lambda: NOW)
    tree = plan(program, MEMBERS, SEED)
    with database.writing() as session:
        admin = bootstrap_admin(session, username="admin", display_name="管理员", password="demo-password-1", now=runtime.now)
        fill(runtime.context(session, admin), tree, SEED, password="demo-password-1")
    yield runtime
    runtime.close()


async def open_plugin_screen(app: LinliApp, pilot: Pilot[None], name: str) -> None:
    """By the screen's F-key, as the footer shows it."""
    await pilot.press(f"f{list(app.screen_classes).index(name) + 2}")
    await settle(app, pilot)


def customer(ctx: Context) -> tuple[str, str]:
    """A demo volunteer with the points for some item (their phone), and that item's code."""
    account = ledger.Account
    richest = sa.select(account.owner).where(account.kind == "member", account.unit == "points").order_by(account.balance.desc())
    for owner in ctx.session.scalars(richest.limit(20)):
        may = sorted(code for code, refusal in standing(ctx, owner).verdicts.items() if refusal is None)
        if may:
            return ctx.session.get_one(Member, int(owner)).phone or "", may[0]
    raise AssertionError("no demo volunteer can afford anything")


def issued(runtime: Runtime) -> list[tuple[str | None, str]]:
    with runtime.reading() as session:
        query = sa.select(Member.phone, Redemption.item).join(Member, Member.id == Redemption.member_id).where(Redemption.state == "issued")
        return sorted((phone, item) for phone, item in session.execute(query))


@pytest.mark.parametrize("demo", ["hanyang"], indirect=True)
def test_an_admin_redeems_an_item_for_a_demo_volunteer_with_keys_alone(demo: Runtime) -> None:
    phone, item = demo.view("admin", customer)
    before = issued(demo)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_plugin_screen(app, pilot, "exchange")
        assert isinstance(app.screen, ExchangeScreen)
        table = app.screen.query_one("#exchange-catalogue", DataTable)
        codes = [str(table.get_cell_at((row, 0))) for row in range(table.row_count)]
        await pilot.press("m", *phone, "enter")
        await settle(app, pilot)
        await pilot.press(*["down"] * codes.index(item), "r")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)

    drive(demo, scenario)
    assert issued(demo) == sorted([*before, (phone, item)])


def waiting(ctx: Context) -> tuple[int, int, str]:
    """The board's first order waiting to be dispatched (its row), and a volunteer other than the one who asked (their phone)."""
    new = sa.select(Order).where(Order.state.in_(("created", "published")))
    orders = ctx.session.scalars(new.order_by(Order.id.desc())).all()  # newest first, as the board lists them
    row, order = next((row, order) for row, order in enumerate(orders) if order.state == "created")
    volunteer = ctx.session.scalars(
        sa.select(Member).where(Member.status == "active", Member.id != order.need.requester.member_id).order_by(Member.id).limit(1)
    ).one()
    return row, order.id, volunteer.phone or ""


@pytest.mark.parametrize("demo", ["chaoyangli"], indirect=True)
def test_an_admin_dispatches_a_new_demo_order_with_keys_alone(demo: Runtime) -> None:
    row, order_id, phone = demo.view("admin", waiting)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_plugin_screen(app, pilot, "dispatch")
        assert isinstance(app.screen, DispatchBoard)
        await pilot.press(*["down"] * row)
        await settle(app, pilot)
        assert app.screen.current() is not None and app.screen.current().id == order_id  # type: ignore[union-attr]
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ReasonModal)
        await pilot.press(*phone, "enter")
        await settle(app, pilot)

    drive(demo, scenario)
    with demo.reading() as session:
        order = session.get_one(Order, order_id)
        assert order.state == "dispatched" and order.member is not None and order.member.phone == phone


def awaiting(runtime: Runtime) -> list[tuple[int, int]]:
    """The records awaiting review and their volunteers, oldest first, as the review screen lists them."""
    with runtime.reading() as session:
        query = sa.select(ServiceRecord.id, ServiceRecord.member_id).where(ServiceRecord.state == "checked_out").order_by(ServiceRecord.id)
        return [(record_id, member_id) for record_id, member_id in session.execute(query)]


def points(runtime: Runtime, member_ids: list[int]) -> dict[int, int]:
    with runtime.reading() as session:
        accounts = sa.select(ledger.Account.owner, ledger.Account.balance).where(
            ledger.Account.kind == "member", ledger.Account.unit == "points", ledger.Account.owner.in_([str(m) for m in member_ids])
        )
        found = {int(owner): balance for owner, balance in session.execute(accounts)}
    return {member_id: found.get(member_id, 0) for member_id in member_ids}


def credited(runtime: Runtime, record_ids: list[int]) -> dict[int, int]:
    """Points each volunteer was credited for *record_ids*, from the ledger's transfers caused by them."""
    with runtime.reading() as session:
        query = (
            sa.select(ledger.Account.owner, sa.func.sum(ledger.Posting.amount))
            .join(ledger.Posting, ledger.Posting.account_id == ledger.Account.id)
            .join(ledger.Transfer, ledger.Transfer.id == ledger.Posting.transfer_id)
            .where(ledger.Account.kind == "member", ledger.Transfer.cause_ref.in_([f"service_record:{r}" for r in record_ids]))
            .group_by(ledger.Account.owner)
        )
        return {int(owner): int(amount) for owner, amount in session.execute(query)}


@pytest.mark.parametrize("demo", ["baibuting"], indirect=True)
def test_an_admin_approves_the_demo_s_waiting_service_with_keys_alone(demo: Runtime) -> None:
    queue = awaiting(demo)
    assert len(queue) >= 3, "the demo leaves its last week awaiting review"
    chosen, left = queue[:2], queue[2:]
    volunteers = sorted({member_id for _, member_id in chosen})
    before = points(demo, volunteers)
    assert not credited(demo, [record_id for record_id, _ in chosen])  # waiting service has earned nothing

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#review-table", DataTable).row_count == len(queue)
        await pilot.press("space", "down", "space", "a")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen.query_one("#review-table", DataTable).row_count == len(left)

    drive(demo, scenario)
    assert awaiting(demo) == left
    with demo.reading() as session:
        states = session.execute(sa.select(ServiceRecord.state, ServiceRecord.approved_minutes).where(ServiceRecord.id.in_([r for r, _ in chosen])))
        assert all(state == "approved" and minutes for state, minutes in states)
    earned = credited(demo, [record_id for record_id, _ in chosen])
    assert sorted(earned) == volunteers and all(amount > 0 for amount in earned.values())
    assert points(demo, volunteers) == {member_id: before[member_id] + earned[member_id] for member_id in volunteers}
