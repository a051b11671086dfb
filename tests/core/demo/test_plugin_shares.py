"""Plugins' share of a demo (``linli_demo_fill``): a catalogue in stock with clerks who can sign in, redemptions, service points, orders in every state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from linli.core import Database
from linli.core.config.program import Program
from linli.core.demo import DemoSummary, fill, plan
from linli.core.models import Activity, Operator, ServiceRecord
from linli.core.plugins import PluginHost
from linli.core.runtime import Runtime
from linli.core.services import authenticate, verify_chain
from linli.plugins.dispatch.models import Order
from linli.plugins.exchange.models import Redemption
from linli.plugins.merchants.models import CatalogueItem
from linli.plugins.service_points.models import ServicePoint
from tests.core.demo.test_fill import demo_runtime, sqlite_database

MEMBERS = 120
PASSWORD = "demo-password"  # demo_runtime's admin's
ORDER_STATES = {"created", "published", "dispatched", "accepted", "completed", "rated", "cancelled"}


def fill_demo(runtime: Runtime, seed: int, password: str | None = PASSWORD) -> DemoSummary:
    tree = plan(runtime.program, MEMBERS, seed)
    return runtime.act("admin", lambda ctx: fill(ctx, tree, seed, password=password))


def test_hanyang_has_a_catalogue_in_stock_clerks_and_redemptions(presets: Callable[[str], Program], host: PluginHost, database: Database) -> None:
    runtime = demo_runtime(presets("hanyang"), host, database)
    summary = fill_demo(runtime, seed=1)
    with runtime.reading() as session:
        items = session.execute(select(CatalogueItem.code, CatalogueItem.stock).where(CatalogueItem.active)).all()
        assert len(items) >= 5 and any(stock for _, stock in items)
        clerk = authenticate(session, "mldh_market", PASSWORD)
        assert clerk is not None and clerk.role == "clerk"
        states = list(session.scalars(select(Redemption.state)))
        assert {"issued", "verified", "cancelled"} <= set(states)
        verifiers = select(Operator.role).join(Redemption, Redemption.closed_by == Operator.id)
        verified_by = session.scalar(verifiers.where(Redemption.state == "verified"))
        assert verified_by == "clerk"
        assert not verify_chain(session)  # every row went through the services' audit log
    assert any("mldh_market" in line for line in summary.plugins)
    assert f"积分兑换 {len(states)} 笔" in "\n".join(summary.plugins)


def test_without_a_password_the_clerks_cannot_sign_in(presets: Callable[[str], Program], host: PluginHost, tmp_path: Path) -> None:
    runtime = demo_runtime(presets("hanyang"), host, sqlite_database(tmp_path / "demo.db"))
    fill_demo(runtime, seed=1, password=None)
    with runtime.reading() as session:
        assert session.scalar(select(func.count()).where(Operator.role == "clerk", Operator.password_hash.is_not(None))) == 0
        assert authenticate(session, "mldh_market", PASSWORD) is None


def test_chaoyangli_has_orders_in_every_state(presets: Callable[[str], Program], host: PluginHost, database: Database) -> None:
    runtime = demo_runtime(presets("chaoyangli"), host, database)
    summary = fill_demo(runtime, seed=1)
    with runtime.reading() as session:
        points = session.scalars(select(ServicePoint.kind)).all()
        assert sorted(points) == sorted(runtime.program.section("service_points")["kinds"])  # one of each kind
        orders = session.scalars(select(Order)).all()
        assert {order.state for order in orders} == ORDER_STATES
        done = [order for order in orders if order.state in ("completed", "rated")]
        assert all(order.member_id is not None and order.member_id != order.need.requester.member_id for order in done)
        records = session.scalars(select(ServiceRecord).where(ServiceRecord.id.in_([order.record_id for order in done]))).all()
        assert len(records) == len(done) and {record.state for record in records} == {"approved"}
        rated = {order.record_id for order in done if order.state == "rated"}
        assert all(record.score in range(1, 6) for record in records if record.id in rated)
        assert not verify_chain(session)
        minutes = session.scalar(select(func.sum(ServiceRecord.approved_minutes)).where(ServiceRecord.state == "approved"))
        activities = session.scalar(select(func.count()).select_from(Activity))
    # the summary's service figures count the orders' activities and approved minutes too
    assert (summary.minutes, summary.activities) == (minutes, activities)
    assert summary.plugins == (f"服务点 {len(points)} 个，每种一个（linli service-points list 查看）", summary.plugins[1])
    assert summary.plugins[1].startswith(f"工单 {len(orders)} 张")


def snapshot(runtime: Runtime) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Orders, redemptions and stock as comparable rows (pickup codes are random by design, so left out)."""
    with runtime.reading() as session:
        orders = [
            (o.category, o.state, o.need.requester.name, o.member.phone if o.member else None) for o in session.scalars(select(Order).order_by(Order.id))
        ]
        redemptions = [tuple(row) for row in session.execute(select(Redemption.member_id, Redemption.item, Redemption.state).order_by(Redemption.id))]
        stock = [tuple(row) for row in session.execute(select(CatalogueItem.code, CatalogueItem.stock).order_by(CatalogueItem.code))]
    return orders, redemptions, stock


@pytest.mark.parametrize("preset", ["hanyang", "chaoyangli"])
def test_the_same_seed_gives_the_same_plugin_data(presets: Callable[[str], Program], host: PluginHost, tmp_path: Path, preset: str) -> None:
    first, again, other = (demo_runtime(presets(preset), host, sqlite_database(tmp_path / f"{name}.db")) for name in ("a", "b", "c"))
    assert fill_demo(first, seed=5) == fill_demo(again, seed=5)
    assert snapshot(first) == snapshot(again)
    fill_demo(other, seed=6)
    assert snapshot(other) != snapshot(first)
