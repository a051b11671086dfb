"""One transition of one order: checked against the table first, then written to the timeline and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from linli.core import NotFound
from linli.core.services import Change, Context, record, require_scope

from linli.plugins.dispatch.models import Order, OrderEvent
from linli.plugins.dispatch.states import target


def get_order(session: Session, order_id: int, *, lock: bool = False) -> Order:
    """The order; with *lock* its row is locked (PostgreSQL) and re-read, so two volunteers accepting take turns."""
    order = session.get(Order, order_id, with_for_update=lock or None, populate_existing=lock)
    if order is None:
        raise NotFound("dispatch.order_not_found", id=order_id)
    return order


@dataclass
class Step:
    """An order on its way through *action*: begun before any other check, finished after the fields are set."""

    ctx: Context
    order: Order
    action: str
    to: str
    before: dict[str, Any]

    @classmethod
    def begin(cls, ctx: Context, order_id: int, action: str) -> Step:
        """Load and lock the order; refuse (naming the current state) an action the table does not allow from it."""
        order = get_order(ctx.session, order_id, lock=True)
        require_scope(ctx, order.node)
        return cls(ctx, order, action, target(order, action), order.summary())

    def finish(self, *, note: str | None = None, at: dt.datetime | None = None, audit: dict[str, Any] | None = None) -> Order:
        """Move the order to its new state and write the transition to the timeline and the audit log (with *audit* added)."""
        order, ctx = self.order, self.ctx
        from_state, order.state = order.state, self.to
        log(ctx, order, self.action, from_state, note=note, at=at)
        after = order.summary() | ({"note": note} if note else {}) | (audit or {})
        record(ctx, Change(f"dispatch.{self.action}", "dispatch_order", order.id, before=self.before, after=after))
        return order


def log(ctx: Context, order: Order, action: str, from_state: str | None, *, note: str | None = None, at: dt.datetime | None = None) -> None:
    """Append one event to the order's timeline, with the volunteer and queue as they are now."""
    ctx.session.add(
        OrderEvent(
            order_id=order.id,
            action=action,
            from_state=from_state,
            to_state=order.state,
            at=at or ctx.now(),
            operator_id=ctx.operator.id,
            member_id=order.member_id,
            node_id=order.queue_node_id,
            note=note,
        )
    )
