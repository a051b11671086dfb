"""朝阳里's two service flows end to end, with points from the incentives plugin weighted by the rating.

中心派单—志愿者接单—群众评单: a resident asks (点单), the community centre
dispatches a chosen volunteer. 开门询单—所站制单—志愿者接单—群众评单: a grid
station asks at the door, makes an order and publishes it; a volunteer of
the grid accepts. In both the served person rates before review, and the
rating changes the points credited at approval.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

import linli.plugins.incentives as incentives
from linli.core import Database, Refused, hookimpl
from linli.core.models import Activity, AuditEntry, ServiceRecord
from linli.core.services import review
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.models import Order, OrderEvent
from linli.plugins.dispatch.orders import accept_order, dispatch_order, make_order
from tests.core.factories import World
from tests.plugins.dispatch.helpers import accepted, chaoyangli_world, later, need, order_row, volunteer
from tests.plugins.incentives.helpers import points

# 10 points an hour, times the served person's rating factor (1★ ×0.5 … 5★ ×1.5; unrated ×1).
INCENTIVES = """
incentives:
  rules:
    - {id: base, kind: rate, points: 10}
    - {id: evaluation, kind: score_factors, factors: [0.5, 0.8, 1.0, 1.2, 1.5]}
"""


class Completions:
    """A throwaway plugin recording the orders ``linli_order_completed`` announces."""

    def __init__(self) -> None:
        self.orders: list[int] = []

    @hookimpl
    def linli_order_completed(self, orders: list[Order]) -> None:
        self.orders.extend(order.id for order in orders)


def flows_world(database: Database, *plugins: tuple[str, object]) -> World:
    return chaoyangli_world(database, ("incentives", incentives), *plugins, extra=INCENTIVES)


def record_of(world: World, order_id: int) -> ServiceRecord:
    with world.database.reading() as session:
        record = session.get(ServiceRecord, order_row(world, order_id).record_id)
        assert record is not None
        session.expunge(record)
        return record


def test_centre_dispatch_flow_from_resident_order_to_rating(database: Database) -> None:
    world = flows_world(database)
    plumber = volunteer(world, "13900000001", "G2-E1", skills=["水电维修"])
    resident = volunteer(world, "13700000001", "G1-E1", name="王秀英")  # an elder who is a volunteer too
    need_id = need(world, channel="self", node="G1-E1", category="plumbing", phone="13700000001", description="厨房水管漏水", urgency="soon")

    with world.acting() as ctx:
        order = make_order(ctx, need_id)
        assert (order.state, order.made_by_node.code, order.queue_node.code) == ("created", "CYL", "CYL")  # the centre makes it
    later(world, minutes=10)
    world.act(lambda ctx: dispatch_order(ctx, order.id, plumber))
    later(world, minutes=5)
    world.act(lambda ctx: accept_order(ctx, order.id, plumber))
    later(world, hours=2)
    world.act(lambda ctx: complete_order(ctx, order.id, minutes=60))
    world.act(lambda ctx: rate_order(ctx, order.id, score=5, comment="修得又快又好"))

    record = record_of(world, order.id)
    assert (record.member_id, record.state, record.minutes, record.score) == (plumber, "checked_out", 60, 5)
    assert record.served_member_id == resident  # the resident's phone matched a member
    with world.database.reading() as session:
        activity = session.get(Activity, record.activity_id)
        assert activity is not None
        assert (activity.category, activity.host_node.code, activity.people_served, activity.status) == ("plumbing", "G1-E1", 1, "closed")
        steps = session.execute(sa.select(OrderEvent.action, OrderEvent.to_state).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id))
        assert list(steps) == [("make", "created"), ("dispatch", "dispatched"), ("accept", "accepted"), ("complete", "completed"), ("rate", "rated")]
        about_order = (AuditEntry.target_kind == "dispatch_order") & (AuditEntry.target_id == str(order.id))
        audited = session.scalars(sa.select(AuditEntry.action).where(about_order).order_by(AuditEntry.seq))
        assert list(audited) == ["dispatch.make", "dispatch.dispatch", "dispatch.accept", "dispatch.complete", "dispatch.rate"]

    world.act(lambda ctx: review(ctx, approve=[record.id]))
    assert points(world, plumber) == 15  # 1 hour × 10 × 1.5 for five stars


def test_door_flow_station_order_accepted_and_rated(database: Database) -> None:
    completions = Completions()
    world = flows_world(database, ("completions", completions))
    neighbour = volunteer(world, "13900000002", "G1-E2")
    far = volunteer(world, "13900000003", "G2-E1")
    need_id = need(world, channel="door", node="G1-E1", category="elder_care", phone="13700000009", name="李大爷")

    with world.acting() as ctx:
        order = make_order(ctx, need_id)
        assert (order.state, order.made_by_node.code, order.queue_node.code) == ("published", "G1", "G1")  # the grid station makes and publishes it
    assert order.accept_by == world.now() + dt.timedelta(days=1)  # "normal" urgency: accepted within 1440 minutes
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: accept_order(ctx, order.id, far))
    assert refused.value.key == "dispatch.not_eligible"  # another grid's volunteer is outside the pool
    world.act(lambda ctx: accept_order(ctx, order.id, neighbour))
    world.act(lambda ctx: complete_order(ctx, order.id, minutes=60))
    assert completions.orders == [order.id]
    world.act(lambda ctx: rate_order(ctx, order.id, score=2))
    record = record_of(world, order.id)
    assert record.served_member_id is None  # 李大爷 is not a registered member
    world.act(lambda ctx: review(ctx, approve=[record.id]))
    assert points(world, neighbour) == 8  # 1 hour × 10 × 0.8 for two stars


def test_rating_after_approval_is_kept_but_credits_nothing_more(database: Database) -> None:
    world = flows_world(database)
    helper = volunteer(world, "13900000004", "G1-E1")
    order_id = accepted(world, helper)
    world.act(lambda ctx: complete_order(ctx, order_id, minutes=60))
    world.act(lambda ctx: review(ctx, approve=[record_of(world, order_id).id]))
    assert points(world, helper) == 10  # unrated at approval: ×1
    rated = world.act(lambda ctx: rate_order(ctx, order_id, score=5))
    assert rated.after_approval and record_of(world, order_id).score == 5
    assert points(world, helper) == 10
