"""Star-rating service functions for the CLI, the TUI and other callers: a member's stars, recomputing a subtree.

Like core's services they take a :class:`~linli.core.Context`, check the
operator's scope, and flush inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from linli.core import Context
from linli.core.models import Member, OrgNode
from linli.core.services import get_member, get_node, require_admin, require_scope

from linli.plugins.star_rating.ladder import Ladder
from linli.plugins.star_rating.models import StarHistory, StarLevel
from linli.plugins.star_rating.rating import RecomputeResult, recompute


@dataclass(frozen=True)
class MemberStars:
    """Everything ``linli stars show`` prints about one member."""

    member: Member
    stars: int
    metric: str
    metric_value: float
    period: int | None
    reached_at: dt.datetime | None
    pending: int | None
    medal: str | None
    benefits: tuple[str, ...]
    entitlements: frozenset[str]
    history: tuple[StarHistory, ...]
    # What the current window alone earns; below ``stars`` when a yearly level is held from last year.
    window_stars: int


def area(ctx: Context, org: str | None) -> OrgNode | None:
    """The subtree a listing covers: node *org* (which must be in scope), else the operator's scope (None: everything)."""
    require_admin(ctx)
    if org is not None:
        node = get_node(ctx.session, org)
        require_scope(ctx, node)
        return node
    return None if ctx.operator.scope_node_id is None else ctx.session.get(OrgNode, ctx.operator.scope_node_id)


def member_stars(ctx: Context, member_id: int) -> MemberStars:
    ladder = Ladder.of(ctx.program)
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    level = ctx.session.get(StarLevel, member_id)
    history = ctx.session.scalars(select(StarHistory).where(StarHistory.member_id == member_id).order_by(StarHistory.reached_at, StarHistory.id))
    stars = level.stars if level else 0
    value = level.metric_value if level else 0.0
    return MemberStars(
        member=member,
        stars=stars,
        metric=ladder.metric,
        metric_value=value,
        period=level.period if level else None,
        reached_at=level.reached_at if level else None,
        pending=level.pending_stars if level else None,
        medal=ladder.medal_for(value),
        benefits=tuple(s.benefits for s in ladder.steps if s.stars <= stars and s.benefits),
        entitlements=ladder.entitlements_at(stars),
        history=tuple(history),
        window_stars=ladder.stars_for(value),
    )


def recompute_members(ctx: Context, *, org: str | None = None, as_of: dt.date | None = None) -> RecomputeResult:
    """Recompute everyone living in *org*'s subtree (default: the operator's scope) as of *as_of*.

    Run it after 1 January in yearly programs (levels earned two years ago
    lapse) and after changing the ladder.
    """
    node = area(ctx, org)
    query = select(Member.id).order_by(Member.id)
    if node is not None:
        query = query.join(OrgNode, Member.home_node_id == OrgNode.id).where(node.subtree_clause())
    return recompute(ctx, list(ctx.session.scalars(query)), as_of=as_of)
