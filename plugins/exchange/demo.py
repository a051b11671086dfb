"""The exchange's share of a demo: a few redemptions by volunteers who earned the points, so the counter has a history.

Codes issued, one handed over by its merchant's clerk, one called off: the
states an operator meets at the counter. Made after the merchants plugin
synced the catalogue, by the volunteers holding the most points.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import select

from linli.core import Context, ledger, t
from linli.core.models import Operator

from linli.plugins.exchange.desk import catalogue, standing
from linli.plugins.exchange.items import load_item
from linli.plugins.exchange.lifecycle import cancel, verify
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.redeem import UNIT, redeem

REDEMPTIONS = 5
# The richest volunteers are drawn from, so a small demo still finds some who can afford an item.
CANDIDATES = 30


def fill_demo(ctx: Context, rng: random.Random) -> list[str]:
    offers = catalogue(ctx)
    if not offers:
        return []
    made: list[Redemption] = []
    for member_id in _richest(ctx, rng):
        affordable = [code for code, refusal in standing(ctx, str(member_id)).verdicts.items() if refusal is None]
        if affordable:
            made.append(redeem(ctx, member_id, rng.choice(sorted(affordable))))
        if len(made) == REDEMPTIONS:
            break
    if not made:
        return []
    if len(made) >= 2:
        _verify(ctx, made[0])
        cancel(ctx, made[-1].code)
    states = {state: sum(r.state == state for r in made) for state in ("issued", "verified", "cancelled")}
    return [t("exchange.demo_made", ctx.program.locale, count=len(made), **states)]


def _richest(ctx: Context, rng: random.Random) -> list[int]:
    """The volunteers holding the most points, in an order the seed decides."""
    query = (
        select(ledger.Account.owner)
        .where(ledger.Account.kind == "member", ledger.Account.unit == UNIT, ledger.Account.balance > 0)
        .order_by(ledger.Account.balance.desc(), ledger.Account.id)
        .limit(CANDIDATES)
    )
    owners = [int(owner) for owner in ctx.session.scalars(query)]
    rng.shuffle(owners)
    return owners


def _verify(ctx: Context, redemption: Redemption) -> None:
    """Hand the goods over as the merchant's clerk, as at the counter; a merchant without a clerk keeps the code issued."""
    clerks = load_item(ctx, redemption.item).merchant.clerks
    clerk = ctx.session.scalars(select(Operator).where(Operator.username.in_(sorted(clerks))).order_by(Operator.username).limit(1)).first()
    if clerk is not None:
        verify(replace(ctx, operator=clerk), redemption.code)
