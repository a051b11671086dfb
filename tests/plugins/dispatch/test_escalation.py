"""Escalation: an overdue published order climbs the org tree, one level per missed deadline, whenever the job runs."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linli.core import Database, Refused
from linli.plugins.dispatch.escalation import escalate_overdue
from linli.plugins.dispatch.models import OrderEvent
from linli.plugins.dispatch.orders import accept_order, make_order
from tests.core.factories import World
from tests.plugins.dispatch.helpers import T0, chaoyangli, chaoyangli_world, need, order_row, volunteer

DAY = dt.timedelta(minutes=1440)  # the "normal" urgency's deadline
STEP = dt.timedelta(minutes=120)  # escalate_after_minutes in the preset


def at_entrance(world: World) -> int:
    """A door order made and published at building entrance G1-E1 (below its grid, so it can climb two levels)."""
    need_id = need(world, node="G1-E1")
    return int(world.act(lambda ctx: make_order(ctx, need_id, made_by="G1-E1").id))


def escalate(world: World, as_of: dt.datetime) -> list[int]:
    return world.act(lambda ctx: [order.id for order in escalate_overdue(ctx, as_of=as_of)])


def test_overdue_orders_climb_level_by_level_and_reruns_change_nothing(database: Database) -> None:
    world = chaoyangli_world(database)
    stepwise, at_once = at_entrance(world), at_entrance(world)
    assert escalate(world, T0 + DAY - dt.timedelta(minutes=1)) == []
    assert escalate(world, T0 + DAY) == [stepwise, at_once]
    assert [order_row(world, o).queue_node_id for o in (stepwise, at_once)] == [_node_id(world, "G1")] * 2
    assert escalate(world, T0 + DAY) == []  # idempotent
    assert escalate(world, T0 + DAY + STEP) == [stepwise, at_once]
    assert escalate(world, T0 + DAY + 10 * STEP) == []  # max_levels (2) reached
    order = order_row(world, stepwise)
    assert (order.state, order.escalations, order.queue_node_id, order.accept_by) == ("published", 2, _node_id(world, "CYL"), T0 + DAY + 2 * STEP)
    with world.database.reading() as session:
        escalated = sa.select(OrderEvent.at).where(OrderEvent.action == "escalate", OrderEvent.order_id == stepwise)
        times = session.scalars(escalated.order_by(OrderEvent.id))
        assert list(times) == [T0 + DAY, T0 + DAY + STEP]  # dated when the order was due, not when the job ran


def test_a_late_run_catches_up_widens_the_pool_and_needs_settings(database: Database) -> None:
    world = chaoyangli_world(database)
    order_id = at_entrance(world)
    other_grid = volunteer(world, "13900000005", "G2-E1")
    with pytest.raises(Refused):
        world.act(lambda ctx: accept_order(ctx, order_id, other_grid))
    assert escalate(world, T0 + 3 * DAY) == [order_id]
    order = order_row(world, order_id)
    assert (order.escalations, order.queue_node_id, order.accept_by) == (2, _node_id(world, "CYL"), T0 + DAY + 2 * STEP)
    world.act(lambda ctx: accept_order(ctx, order_id, other_grid))  # the community's queue reaches every grid
    assert order_row(world, order_id).state == "accepted"
    world.program = chaoyangli("dispatch: {escalation: null}\n")
    with pytest.raises(Refused, match="escalation"):
        escalate(world, T0)


def _node_id(world: World, code: str) -> int:
    with world.database.reading() as session:
        return int(session.execute(sa.text("select id from org_node where code = :code"), {"code": code}).scalar_one())
