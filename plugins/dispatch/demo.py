"""The dispatch plugin's share of a demo: residents' needs turned into orders standing at every step of 点单—派单—接单—评单.

The people asking are demo volunteers (residents who volunteer may need a
hand too); those serving are others, drawn from the roster. Completed
orders' records are approved, as a station would have done, so the year's
figures count them like any other service.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import select

from linli.core import Context, t
from linli.core.models import Member
from linli.core.services import review

from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.needs import NeedRow, raise_needs
from linli.plugins.dispatch.orders import accept_order, cancel_order, dispatch_order, make_order
from linli.plugins.dispatch.settings import Settings
from linli.plugins.dispatch.states import STATES, state_name

# How many demo orders stop in each state: every column of the board has some.
PLAN = {"created": 2, "published": 1, "dispatched": 2, "accepted": 2, "completed": 2, "rated": 2, "cancelled": 1}
GOALS = tuple(state for state, count in PLAN.items() for _ in range(count))
MINUTES = (30, 45, 60, 90, 120)
SCORES = (5, 5, 5, 4, 4, 3)
# How many of the moves (dispatch, accept, complete, rate) take an order to each state past "created".
MOVES_TO = {"dispatched": 1, "accepted": 2, "completed": 3, "rated": 4}


def fill_demo(ctx: Context, rng: random.Random, members: Sequence[int]) -> list[str]:
    people = _people(ctx, rng, members)
    if len(people) < len(GOALS) + 1:
        return []
    asking, serving = people[: len(GOALS)], people[len(GOALS) :]
    settings = Settings.of(ctx.program)
    channel = next(iter(settings.channels))
    rows = [NeedRow(m.name, m.home_node.code, rng.choice(settings.categories), phone=m.phone) for m in asking]
    needs = raise_needs(ctx, rows, channel=channel)
    orders = [_walk(ctx, rng, need.id, goal, rng.choice(serving).id) for need, goal in zip(needs, GOALS, strict=True)]
    served = [order.record_id for order in orders if order.record_id is not None]
    if served:
        review(ctx, approve=served)
    locale = ctx.program.locale
    counts = Counter(order.state for order in orders)
    states = "、".join(f"{state_name(state, locale)} {counts[state]}" for state in STATES if counts[state])
    return [t("dispatch.demo_made", locale, count=len(orders), states=states)]


def _people(ctx: Context, rng: random.Random, members: Sequence[int]) -> list[Member]:
    """Active volunteers drawn from the roster (a few more than needed, since some may have left), in the draw's order."""
    drawn = rng.sample(list(members), min(len(members), 2 * len(GOALS)))
    found = {m.id: m for m in ctx.session.scalars(select(Member).where(Member.id.in_(drawn), Member.status == "active"))}
    return [found[member_id] for member_id in drawn if member_id in found]


def _walk(ctx: Context, rng: random.Random, need_id: int, goal: str, volunteer: int) -> Order:
    """Make the need's order and move it, as the centre and the volunteer would, until it stands at *goal*."""
    order = make_order(ctx, need_id, publish=goal == "published")
    if goal == "cancelled":
        return cancel_order(ctx, order.id, reason=t("dispatch.demo_cancel_reason", ctx.program.locale))
    moves: tuple[Callable[[], object], ...] = (
        lambda: dispatch_order(ctx, order.id, volunteer),
        lambda: accept_order(ctx, order.id, volunteer),
        lambda: complete_order(ctx, order.id, minutes=rng.choice(MINUTES)),
        lambda: rate_order(ctx, order.id, score=rng.choice(SCORES)),
    )
    for move in moves[: MOVES_TO.get(goal, 0)]:
        move()
    return order
