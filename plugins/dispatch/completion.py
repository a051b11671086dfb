"""Completing an order as a normal service record, and the served person's rating of it (评单).

Each completed order gets an activity of its own — one home visit is one
occurrence of service, at the served household's node, in the order's
category, serving one person — so the record carries the true time, place
and content (MCA Order No. 67), core reports count the person served, and
the hours go through the same review as any other service. The rating is
stored on that record with core's ``evaluate``: given before review, the
incentive rules see it when the hours are approved (the evaluation
multiplier); given after approval it is kept on the record and in reports,
and the points already credited stay as they were (no recredit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linli.core import Refused
from linli.core.models import ServiceRecord
from linli.core.services import Context, close_activity, create_activity, evaluate, open_activity, record_manual

from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.people import served_member_id
from linli.plugins.dispatch.settings import Settings
from linli.plugins.dispatch.steps import Step


@dataclass(frozen=True)
class Rated:
    order: Order
    record: ServiceRecord
    after_approval: bool  # True: the points were credited before the rating and are not changed by it


def complete_order(
    ctx: Context, order_id: int, *, minutes: int, started_at: dt.datetime | None = None, finished_at: dt.datetime | None = None
) -> Order:
    """Record the *minutes* the accepting volunteer served; the record waits for review like any other."""
    step = Step.begin(ctx, order_id, "complete")
    order, settings = step.order, Settings.of(ctx.program)
    if minutes < 1:
        raise Refused("dispatch.minutes_too_few", minutes=minutes)
    assert order.member_id is not None, "an accepted order has a volunteer"
    finished = finished_at or ctx.now()
    started = started_at or finished - dt.timedelta(minutes=minutes)
    term = ctx.program.activity_categories.get(order.category)
    category = term.name if term else order.category
    activity = create_activity(
        ctx,
        starts_at=started,
        ends_at=finished,
        title=f"{settings.activity_title}：{category}（工单 #{order.id}）",
        category=order.category,
        host_node=order.node.code,
        capacity=1,
        max_minutes_per_person=settings.max_minutes,
        people_served=1,
    )
    open_activity(ctx, activity.id)
    record = record_manual(
        ctx,
        member_id=order.member_id,
        activity_id=activity.id,
        minutes=minutes,
        check_in_at=started,
        check_out_at=finished,
        served_member_id=served_member_id(ctx.session, order.need.requester),
    )
    close_activity(ctx, activity.id)
    order.activity_id, order.record_id = activity.id, record.id
    step.finish(note=f"#{record.id}", at=finished, audit={"record_id": record.id, "served_member_id": record.served_member_id})
    ctx.hooks.linli_order_completed(ctx=ctx, orders=[order])
    return order


def rate_order(ctx: Context, order_id: int, *, score: int, comment: str | None = None) -> Rated:
    """The served person's rating, 1–5 with a comment, stored on the order's service record."""
    step = Step.begin(ctx, order_id, "rate")
    assert step.order.record_id is not None, "a completed order has a service record"
    record = evaluate(ctx, step.order.record_id, score=score, comment=comment)
    order = step.finish(note=str(score))
    return Rated(order, record, after_approval=record.state == "approved")
