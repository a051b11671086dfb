"""After the code is issued: verified (核销) once by the merchant's clerk, or cancelled, or expired.

Cancelling and expiring undo the redemption whole: the points go back by a
reversing transfer, the units back to stock and to the member's allowance.
An expiry is dated when the code expired, so a settlement shows it in that
period whenever ``linli exchange expire`` ran. Codes are read ``FOR UPDATE``:
two clerks verifying one code, or a clerk and a cancel, take turns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from linli.core import Context, NotFound, PermissionDenied, Refused, ledger, t
from linli.core.services import Change, get_member, record, record_many, require_scope

from linli.plugins.exchange.codes import normalize, shown
from linli.plugins.exchange.items import load_item
from linli.plugins.exchange.limits import give_back
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.redeem import summary


ACTIONS = {"cancelled": "redemption.cancel", "expired": "redemption.expire"}


@dataclass(frozen=True)
class Expired:
    as_of: dt.date
    redemptions: int
    points: int


def show_code(ctx: Context, typed: str) -> Redemption:
    """What a pickup code is for, to an admin over the member's home or the merchant's clerk."""
    redemption = _find(ctx, typed, lock=False)
    _authorize(ctx, redemption)
    return redemption


def verify(ctx: Context, typed: str) -> Redemption:
    """Hand the goods over: only a clerk of the redemption's merchant, once, before the code expires."""
    redemption = _find(ctx, typed, lock=True)
    operator = ctx.operator
    merchant = load_item(ctx, redemption.item).merchant
    if operator.role != "clerk":
        raise PermissionDenied("exchange.not_clerk", operator=operator.label())
    if not merchant.has_clerk(operator):
        raise PermissionDenied("exchange.wrong_clerk", operator=operator.label(), merchant=merchant.name)
    _still_issued(ctx, redemption)
    if ctx.now() >= redemption.expires_at:
        raise Refused("exchange.code_expired", code=shown(redemption.code), at=_local(ctx, redemption.expires_at))
    before = summary(redemption)
    redemption.state, redemption.closed_at, redemption.closed_by = "verified", ctx.now(), operator.id
    record(ctx, Change("redemption.verify", "redemption", redemption.id, before=before, after=summary(redemption)))
    return redemption


def cancel(ctx: Context, typed: str) -> Redemption:
    """Undo an unverified redemption: an admin over the member's home, or the merchant's clerk."""
    redemption = _find(ctx, typed, lock=True)
    _authorize(ctx, redemption)
    _still_issued(ctx, redemption)
    change = _undo(ctx, redemption, "cancelled", ctx.now(), f"exchange:cancel:{redemption.id}")
    record(ctx, change)
    return redemption


def expire(ctx: Context, as_of: dt.date) -> Expired:
    """Expire every code whose time ran out by *as_of* 00:00 (China time); running it again changes nothing."""
    require_scope(ctx, None)
    if as_of > ctx.today():
        raise Refused("exchange.expiry_in_future", as_of=as_of.isoformat(), today=ctx.today().isoformat())
    cutoff = dt.datetime.combine(as_of, dt.time(), ctx.zone)
    query = (
        select(Redemption)
        .where(Redemption.state == "issued", Redemption.expires_at <= cutoff)
        .order_by(Redemption.id)
        .with_for_update()
    )
    due = list(ctx.session.scalars(query))
    changes = [_undo(ctx, redemption, "expired", redemption.expires_at, f"exchange:expire:{redemption.id}") for redemption in due]
    record_many(ctx, changes)
    return Expired(as_of, len(due), sum(r.points for r in due))


def _find(ctx: Context, typed: str, *, lock: bool) -> Redemption:
    """The redemption of a pickup code, locked until the transaction ends unless only looked at."""
    query = select(Redemption).where(Redemption.code == normalize(typed))
    found = ctx.session.scalars(query.with_for_update() if lock else query).one_or_none()
    if found is None:
        raise NotFound("exchange.code_unknown", code=typed.strip())
    return found


def _authorize(ctx: Context, redemption: Redemption) -> None:
    """The merchant's own clerk, or an admin whose scope covers the member's home."""
    operator = ctx.operator
    if operator.role == "clerk":
        merchant = load_item(ctx, redemption.item).merchant
        if not merchant.has_clerk(operator):
            raise PermissionDenied("exchange.wrong_clerk", operator=operator.label(), merchant=merchant.name)
        return
    require_scope(ctx, get_member(ctx.session, redemption.member_id).home_node)


def _still_issued(ctx: Context, redemption: Redemption) -> None:
    if redemption.state == "issued":
        return
    at = _local(ctx, redemption.closed_at)
    raise Refused(f"exchange.code_{redemption.state}", code=shown(redemption.code), at=at)


def _undo(ctx: Context, redemption: Redemption, state: str, at: dt.datetime, key: str) -> Change:
    """Allowance, stock, then points (the order redemptions lock in); returns the audit entry."""
    session = ctx.session
    before = summary(redemption)
    if redemption.limit_period is not None:
        give_back(session, redemption.member_id, redemption.item, redemption.limit_period, redemption.quantity)
    ctx.hooks.linli_adjust_stock(ctx=ctx, code=redemption.item, delta=redemption.quantity)
    paid = session.get(ledger.Transfer, redemption.transfer_id)
    assert paid is not None
    reason = t(f"exchange.memo_{state}", ctx.program.locale, code=shown(redemption.code))
    reversal = ledger.reverse(session, paid, key=key, memo=reason, operator_id=ctx.operator.id, occurred_at=at)
    redemption.state, redemption.closed_at, redemption.closed_by, redemption.reversal_id = state, at, ctx.operator.id, reversal.id
    return Change(ACTIONS[state], "redemption", redemption.id, before=before, after=summary(redemption))


def _local(ctx: Context, when: dt.datetime | None) -> str:
    return "" if when is None else when.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")
