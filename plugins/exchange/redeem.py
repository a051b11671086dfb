"""Redeeming: member + item + quantity + operator → one transaction, one pickup code.

In order: who may redeem (an admin over the member's home, or the
merchant's own clerk at the counter), the request key (a retry returns the
first redemption, its code included), eligibility, the member's allowance,
the stock, and the points (``member:<id>`` → ``merchant:<code>``, refused
when short). Row locks are taken in that order (redemption key, allowance,
stock, accounts) by every redemption, cancellation and expiry, so
concurrent ones wait for each other rather than deadlock, and none can
oversell stock, pass a limit or overspend points.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linli.core import Context, PermissionDenied, Refused, ledger
from linli.core.models import Member
from linli.core.services import Change, get_node, lookup_member, record, require_scope

from linli.plugins.exchange.codes import new_code
from linli.plugins.exchange.eligibility import check_eligible
from linli.plugins.exchange.items import ItemFacts, load_item
from linli.plugins.exchange.limits import period_key, take_allowance
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.settings import Settings

PRODUCER = "exchange"
UNIT = "points"
KEY_MAX = 150
CODE_ATTEMPTS = 5


def redeem(ctx: Context, member: str | int, item: str, quantity: int = 1, *, key: str | None = None) -> Redemption:
    """Redeem *quantity* units of *item* for *member* (id or phone); a retry with the same *key* returns the same redemption."""
    settings = Settings.of(ctx.program)
    if quantity < 1:
        raise Refused("exchange.bad_quantity", quantity=quantity)
    if key is not None and not 0 < len(key) <= KEY_MAX:
        raise Refused("exchange.bad_key", limit=KEY_MAX)
    who = lookup_member(ctx.session, member)
    facts = load_item(ctx, item)
    _authorize(ctx, who, facts)
    if key is not None and (earlier := _by_key(ctx, key)) is not None:
        return _same(earlier, who, item, quantity)
    check_eligible(ctx, settings, who, facts)
    redemption, fresh = _insert(ctx, settings, who, facts, quantity, key or uuid.uuid4().hex)
    if not fresh:  # a concurrent request with the same key got there first
        return _same(redemption, who, item, quantity)
    if facts.limit is not None:
        count, per = facts.limit
        redemption.limit_period = period_key(per, ctx.today())
        take_allowance(ctx.session, who.id, facts.code, redemption.limit_period, quantity, count, label=who.label(), name=facts.name)
    if not ctx.hooks.linli_adjust_stock(ctx=ctx, code=facts.code, delta=-quantity):
        left = load_item(ctx, facts.code).stock or 0
        raise Refused("exchange.out_of_stock", item=facts.name, left=left, quantity=quantity)
    redemption.transfer_id = _pay(ctx, who, facts, redemption).id
    ctx.session.flush()
    record(ctx, Change("redemption.issue", "redemption", redemption.id, after=summary(redemption)))
    return redemption


def summary(redemption: Redemption) -> dict[str, object]:
    """What the audit log keeps about a redemption (the code is left out: it is a pickup token)."""
    return {
        "member_id": redemption.member_id,
        "item": redemption.item,
        "merchant": redemption.merchant,
        "quantity": redemption.quantity,
        "points": redemption.points,
        "cny_fen": redemption.cny_fen,
        "state": redemption.state,
    }


def _authorize(ctx: Context, member: Member, item: ItemFacts) -> None:
    operator = ctx.operator
    if operator.role == "clerk":
        if not item.merchant.has_clerk(operator):
            raise PermissionDenied("exchange.wrong_clerk", operator=operator.label(), merchant=item.merchant.name)
        return
    require_scope(ctx, member.home_node)


def _insert(ctx: Context, settings: Settings, member: Member, item: ItemFacts, quantity: int, key: str) -> tuple[Redemption, bool]:
    """The new redemption row and True, keyed first; a concurrent request with *key* waits here and gets (its twin, False)."""
    now = ctx.now()
    merchant_node = get_node(ctx.session, item.merchant.nodes[0]).id  # where the merchant is, for settlement flows
    for _ in range(CODE_ATTEMPTS):
        redemption = Redemption(
            request_key=key,
            code=new_code(),
            member_id=member.id,
            member_node_id=member.home_node_id,
            item=item.code,
            item_name=item.name,
            merchant=item.merchant.code,
            merchant_name=item.merchant.name,
            merchant_node_id=merchant_node,
            quantity=quantity,
            points=item.price * quantity,
            cny_fen=item.cny_fen * quantity,
            state="issued",
            issued_at=now,
            issued_by=ctx.operator.id,
            expires_at=now + dt.timedelta(days=settings.pickup_days),
        )
        try:
            with ctx.session.begin_nested():
                ctx.session.add(redemption)
            return redemption, True
        except IntegrityError:
            earlier = _by_key(ctx, key)
            if earlier is not None:
                return earlier, False
    raise Refused("exchange.no_code")


def _pay(ctx: Context, member: Member, item: ItemFacts, redemption: Redemption) -> ledger.Transfer:
    session = ctx.session
    source = ledger.account(session, "member", str(member.id), UNIT)
    merchant = ledger.account(session, "merchant", item.merchant.code, UNIT)
    request = ledger.TransferRequest.move(
        f"exchange:redeem:{redemption.id}",
        source,
        merchant,
        redemption.points,
        cause="redemption",
        produced_by=PRODUCER,
        cause_ref=f"redemption:{redemption.id}",
        occurred_at=redemption.issued_at,
        operator_id=ctx.operator.id,
    )
    try:
        return ledger.post(session, request)
    except ledger.InsufficientBalance as short:
        available = ledger.balance(session, source)
        raise Refused("exchange.insufficient_points", member=member.label(), needed=redemption.points, available=available, shortfall=short.shortfall) from None


def _by_key(ctx: Context, key: str) -> Redemption | None:
    return ctx.session.scalars(select(Redemption).where(Redemption.request_key == key)).one_or_none()


def _same(earlier: Redemption, member: Member, item: str, quantity: int) -> Redemption:
    if (earlier.member_id, earlier.item, earlier.quantity) != (member.id, item, quantity):
        raise Refused("exchange.key_reused", key=earlier.request_key)
    return earlier
