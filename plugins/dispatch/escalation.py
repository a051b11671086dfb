"""Escalation: a published order nobody accepted in time moves up to the parent node's queue.

Each level up sets a new deadline ``escalate_after_minutes`` after the one
that was missed — counted from when the order was due, not from when the
job runs — so the outcome depends only on the ``as_of`` time: running the
job twice, or late, gives the same queues as running it once on time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from linli.core import Refused
from linli.core.services import Context, in_scope, require_admin

from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.settings import Settings
from linli.plugins.dispatch.states import target
from linli.plugins.dispatch.steps import Step


def escalate_overdue(ctx: Context, *, as_of: dt.datetime) -> list[Order]:
    """Escalate every overdue published order in the operator's scope as of *as_of*; returns those moved."""
    require_admin(ctx)
    escalation = Settings.of(ctx.program).escalation
    if escalation is None:
        raise Refused("dispatch.no_escalation")
    if as_of.tzinfo is None:
        raise Refused("activities.naive_time")
    overdue = (
        select(Order)
        .where(Order.state == "published", Order.accept_by <= as_of, Order.escalations < escalation.max_levels)
        .order_by(Order.id)
        .with_for_update()
    )
    moved = []
    for order in list(ctx.session.scalars(overdue)):
        if not in_scope(ctx, order.node):
            continue
        queue, levels = order.queue_node, order.escalations
        while order.accept_by is not None and order.accept_by <= as_of and order.escalations < escalation.max_levels and queue.parent:
            step = Step(ctx, order, "escalate", target(order, "escalate"), order.summary())
            due, queue = order.accept_by, queue.parent
            order.queue_node, order.queue_node_id = queue, queue.id
            order.escalations, order.accept_by = order.escalations + 1, due + escalation.after
            step.finish(note=queue.label(), at=due)
        if order.escalations > levels:
            moved.append(order)
    return moved
