"""Reading orders: the board an administrator lists, one order's timeline, and what other plugins may ask."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from linli.core.models import OrgNode, subtree_clause
from linli.core.services import Context, get_node, require_scope

from linli.plugins.dispatch.models import Need, Order, OrderEvent
from linli.plugins.dispatch.people import member_of
from linli.plugins.dispatch.states import HELD_STATES

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")

# Ids per IN (…): well under SQLite's and PostgreSQL's limits on bound parameters.
LOOKUP_CHUNK = 5000


def scope_root(ctx: Context, org: str | None) -> OrgNode | None:
    """The node an administrator asked about (checked against their scope), else their scope's root; None is everything."""
    if org is not None:
        node = get_node(ctx.session, org)
        require_scope(ctx, node)
        return node
    return ctx.session.get(OrgNode, ctx.operator.scope_node_id) if ctx.operator.scope_node_id else None


def in_subtree(query: Q, node: OrgNode | None) -> Q:
    """*query* on orders limited to those needed in *node*'s subtree."""
    if node is None:
        return query
    return query.join(OrgNode, OrgNode.id == Order.node_id).where(subtree_clause(node.path))


def list_orders(ctx: Context, *, org: str | None = None, states: Sequence[str] = (), member_id: int | None = None, limit: int = 200) -> list[Order]:
    """Orders in the subtree, newest first, with their need and requester loaded for display."""
    query = in_subtree(select(Order), scope_root(ctx, org))
    if states:
        query = query.where(Order.state.in_(states))
    if member_id is not None:
        query = query.where(Order.member_id == member_id)
    options = selectinload(Order.need).selectinload(Need.requester)
    return list(ctx.session.scalars(query.options(options).order_by(Order.id.desc()).limit(limit)))


def timeline(session: Session, order_id: int) -> list[OrderEvent]:
    return list(session.scalars(select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)))


def open_load(session: Session, member_ids: Sequence[int]) -> dict[int, int]:
    """How many orders each volunteer holds (dispatched to them or accepted, not yet completed)."""
    held: dict[int, int] = {}
    for chunk in chunked(member_ids):
        query = select(Order.member_id, func.count()).where(Order.member_id.in_(chunk), Order.state.in_(HELD_STATES)).group_by(Order.member_id)
        held |= {member_id: count for member_id, count in session.execute(query) if member_id is not None}
    return {member_id: held.get(member_id, 0) for member_id in member_ids}


def chunked(ids: Iterable[int]) -> Iterator[list[int]]:
    """Distinct *ids* in sorted lists short enough for one ``IN (…)``."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        yield wanted[start : start + LOOKUP_CHUNK]


def facts(session: Session, order_id: int) -> dict[str, Any] | None:
    """What the ``linli_order_facts`` hook answers about an order."""
    order = session.get(Order, order_id)
    if order is None:
        return None
    asked_by = member_of(session, order.need.requester)
    return {"id": order.id, "state": order.state, "category": order.category, "node_id": order.node_id, "requester_member_id": asked_by}
