"""Making orders (制单) and moving them to a volunteer: publish (接单), dispatch (派单), accept, reassign, cancel."""

from __future__ import annotations

from sqlalchemy import exists, select

from linli.core import Refused
from linli.core.models import Member, OrgNode, TeamMember
from linli.core.services import Change, Context, ancestors, get_member, get_node, record, require_scope

from linli.plugins.dispatch.models import Need, Order
from linli.plugins.dispatch.needs import get_need
from linli.plugins.dispatch.settings import Settings
from linli.plugins.dispatch.steps import Step, log


def make_order(ctx: Context, need_id: int, *, made_by: str | None = None, publish: bool | None = None) -> Order:
    """Turn a need into an order made by *made_by* (an org code; default: the need's ancestor at the channel's level).

    The order is queued at the making node, or where a service-point plugin
    routes its category. It is published at once when *publish* says so
    (default: when the channel's mode is ``publish``); otherwise it waits to be dispatched.
    """
    settings = Settings.of(ctx.program)
    need = get_need(ctx.session, need_id)
    require_scope(ctx, need.node)
    if ctx.session.scalar(select(exists().where(Order.need_id == need.id, Order.state != "cancelled"))):
        raise Refused("dispatch.need_has_order", need=need.id)
    channel = settings.channel(need.channel)
    maker = get_node(ctx.session, made_by) if made_by else _ancestor_at(ctx, need, channel.order_level)
    require_scope(ctx, maker)
    order = Order(
        need=need,
        category=need.category,
        node_id=need.node_id,
        made_by_node_id=maker.id,
        queue_node_id=maker.id,
        urgency=need.urgency,
        state="created",
        escalations=0,
    )
    route = ctx.hooks.linli_route_order(ctx=ctx, category=need.category, node_id=need.node_id)
    if route is not None:
        order.queue_node_id, order.team_id, order.routed_to = route["node_id"], route["team_id"], route["label"]
    ctx.session.add(order)
    ctx.session.flush()
    log(ctx, order, "make", None, note=order.routed_to)
    record(ctx, Change("dispatch.make", "dispatch_order", order.id, after={"need_id": need.id, "made_by_node_id": maker.id, **order.summary()}))
    publish_now = channel.mode == "publish" if publish is None else publish
    if publish_now:
        return publish_order(ctx, order.id)
    return order


def publish_order(ctx: Context, order_id: int) -> Order:
    """Offer the order to the volunteers of its queue (and routed team) until the urgency's deadline."""
    step = Step.begin(ctx, order_id, "publish")
    step.order.member_id = None
    step.order.accept_by = ctx.now() + Settings.of(ctx.program).urgency(step.order.urgency).accept_within
    return step.finish()


def dispatch_order(ctx: Context, order_id: int, member_id: int) -> Order:
    """Send the order to a chosen volunteer (派单), who must accept it before the deadline."""
    step = Step.begin(ctx, order_id, "dispatch")
    _hand_to(ctx, step.order, member_id)
    return step.finish()


def reassign_order(ctx: Context, order_id: int, member_id: int, *, reason: str | None = None) -> Order:
    """Send a dispatched or accepted order to another volunteer, who accepts it anew."""
    step = Step.begin(ctx, order_id, "reassign")
    if step.order.member_id == member_id:
        raise Refused("dispatch.same_volunteer", order=order_id)
    _hand_to(ctx, step.order, member_id)
    return step.finish(note=(reason or "").strip() or None)


def accept_order(ctx: Context, order_id: int, member_id: int) -> Order:
    """A volunteer takes the order: the one it was dispatched to, or an eligible one for a published order."""
    step = Step.begin(ctx, order_id, "accept")
    order = step.order
    member = _active(ctx, member_id)
    if order.state == "dispatched" and order.member_id != member.id:
        raise Refused("dispatch.not_dispatched_to", order=order.id, member=member.label())
    if order.state == "published" and not _eligible(ctx, order, member):
        raise Refused("dispatch.not_eligible", order=order.id, member=member.label(), queue=order.queue_node.label())
    order.member_id, order.accept_by = member.id, None
    return step.finish()


def cancel_order(ctx: Context, order_id: int, *, reason: str) -> Order:
    """Call the order off before completion; the need is open again for another order."""
    if not reason.strip():
        raise Refused("dispatch.reason_missing", order=order_id)
    step = Step.begin(ctx, order_id, "cancel")
    step.order.cancel_reason, step.order.accept_by = reason.strip(), None
    return step.finish(note=reason.strip())


def _hand_to(ctx: Context, order: Order, member_id: int) -> None:
    order.member_id = _active(ctx, member_id).id
    order.accept_by = ctx.now() + Settings.of(ctx.program).urgency(order.urgency).accept_within


def _active(ctx: Context, member_id: int) -> Member:
    member = get_member(ctx.session, member_id)
    if member.status != "active":
        raise Refused("members.not_active", member=member.label(), status=member.status)
    return member


def _eligible(ctx: Context, order: Order, member: Member) -> bool:
    """Living in the queue node's subtree, or on the team of the service point the order was routed to."""
    if order.queue_node.contains(member.home_node):
        return True
    if order.team_id is None:
        return False
    query = select(exists().where(TeamMember.team_id == order.team_id, TeamMember.member_id == member.id))
    return bool(ctx.session.scalar(query))


def _ancestor_at(ctx: Context, need: Need, level: str) -> OrgNode:
    """The need's node or its ancestor at *level*; the node itself when it sits above that level."""
    for node in (need.node, *reversed(ancestors(ctx.session, need.node))):
        if node.level == level:
            return node
    return need.node
