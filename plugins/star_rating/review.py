"""Promotions that wait for an operator's review (``review_required``): list, approve, reject.

Recompute proposes a promotion instead of granting it; an admin whose scope
covers the member approves it (the level and a history row signed by the
admin are written) or rejects it with a reason. A rejected promotion is
proposed again the next time the member's service is approved or levels are
recomputed, as long as the metric still reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from linli.core import Context, Refused
from linli.core.models import Member, OrgNode
from linli.core.services import Change, record_many, require_admin, require_scope

from linli.plugins.star_rating.models import StarHistory, StarLevel
from linli.plugins.star_rating.rating import StarChange, announce, history_row
from linli.plugins.star_rating.service import area


@dataclass(frozen=True)
class Pending:
    member: Member
    stars: int
    proposed: int
    metric_value: float
    since: dt.datetime


def pending_promotions(ctx: Context, *, org: str | None = None) -> list[Pending]:
    """Promotions waiting in *org*'s subtree (default: the operator's scope), oldest first."""
    node = area(ctx, org)
    query = select(StarLevel, Member).join(Member, Member.id == StarLevel.member_id).where(StarLevel.pending_stars.is_not(None))
    if node is not None:
        query = query.join(OrgNode, Member.home_node_id == OrgNode.id).where(node.subtree_clause())
    rows = ctx.session.execute(query.order_by(StarLevel.pending_since, StarLevel.member_id))
    return [
        Pending(member, level.stars, level.pending_stars or 0, level.metric_value, level.pending_since or level.reached_at) for level, member in rows
    ]


def approve_promotions(ctx: Context, member_ids: Sequence[int]) -> list[StarChange]:
    """Grant the waiting promotions of *member_ids*, all or none."""
    now, changes = ctx.now(), []
    for level in _waiting(ctx, member_ids):
        assert level.pending_stars is not None
        changes.append(StarChange(level.member_id, level.stars, level.pending_stars, level.metric_value, now))
        level.stars, level.reached_at, level.pending_stars, level.pending_since = level.pending_stars, now, None, None
    if changes:
        ctx.session.flush()
        ctx.session.execute(insert(StarHistory), [history_row(change, ctx.operator.id) for change in changes])
        announce(ctx, changes)
    return changes


def reject_promotions(ctx: Context, member_ids: Sequence[int], *, reason: str) -> int:
    """Turn down the waiting promotions of *member_ids*, all or none; the reason goes to the audit log."""
    if not reason.strip():
        raise Refused("star_rating.reason_missing")
    changes = []
    for level in _waiting(ctx, member_ids):
        before = {"pending": level.pending_stars}
        changes.append(Change("star_rating.reject", "member", level.member_id, before=before, after={"reason": reason.strip()}))
        level.pending_stars, level.pending_since = None, None
    ctx.session.flush()
    record_many(ctx, changes)
    return len(changes)


def _waiting(ctx: Context, member_ids: Sequence[int]) -> list[StarLevel]:
    require_admin(ctx)
    wanted = list(dict.fromkeys(member_ids))
    query = select(StarLevel, Member).join(Member, Member.id == StarLevel.member_id).where(StarLevel.member_id.in_(wanted))
    found = {level.member_id: (level, member) for level, member in ctx.session.execute(query.options(selectinload(Member.home_node)))}
    levels = []
    for member_id in wanted:
        level, member = found.get(member_id, (None, None))
        # A member without a star row is still checked, so an outsider learns nothing from the refusal.
        member = member or ctx.session.get(Member, member_id)
        if member is not None:
            require_scope(ctx, member.home_node)
        if level is None or level.pending_stars is None:
            raise Refused("star_rating.nothing_pending", member=member.label() if member else f"#{member_id}")
        levels.append(level)
    return levels
