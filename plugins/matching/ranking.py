"""Ranking volunteers for a need, each score explained by its reasons.

A candidate's score is the sum of weighted reasons (weights from config):
a skill word of the category, willingness to serve it, closeness in the org
tree (the level of the closest node their home shares with the need: same
building entrance before same grid before same community), a light current
load, a good recent rating, and the star level when a star plugin answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import takewhile
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from linli.core import NotFound, t
from linli.core.models import Member, OrgNode, ServiceRecord, subtree_clause
from linli.core.services import Context, ancestors, require_scope

from linli.plugins.matching.settings import Settings

LOOKUP_CHUNK = 5000
TOP_STARS = 5


@dataclass(frozen=True)
class Reason:
    key: str
    points: float
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, locale: str | None = None) -> str:
        return t(f"matching.reason_{self.key}", locale, points=f"{self.points:+.1f}", **self.params)


@dataclass(frozen=True)
class Candidate:
    member: Member
    score: float
    reasons: tuple[Reason, ...]


def rank_order(ctx: Context, order_id: int, *, limit: int = 10) -> list[Candidate]:
    """Candidates for an order, asked of the plugin that owns orders."""
    facts = ctx.hooks.linli_order_facts(ctx=ctx, order_id=order_id)
    if facts is None:
        raise NotFound("matching.order_not_found", id=order_id)
    node = ctx.session.get(OrgNode, facts["node_id"])
    assert node is not None, "an order's node exists"
    # Candidates are people's names and homes: only an admin over the order's place may see them.
    require_scope(ctx, node)
    # Nobody is sent to serve themselves: a volunteer who asks for help is not a candidate for their own order.
    requester = facts.get("requester_member_id")
    return rank(ctx, category=facts["category"], node=node, limit=limit, exclude=() if requester is None else (requester,))


def rank(ctx: Context, *, category: str, node: OrgNode, limit: int = 10, exclude: Collection[int] = ()) -> list[Candidate]:
    """The best *limit* active volunteers for a need of *category* at *node* but those in *exclude*, best first (ties: lower member number)."""
    settings = Settings.of(ctx.program)
    chain = {n.id: n for n in (*ancestors(ctx.session, node), node)}
    root = next((n for n in chain.values() if n.level == settings.search_level), None)
    members = [member for member in candidates(ctx, root) if member.id not in exclude]
    ids = [member.id for member in members]
    load = ctx.hooks.linli_open_orders(ctx=ctx, member_ids=ids) or {}
    ratings = recent_ratings(ctx, ids, settings)
    stars = ctx.hooks.linli_star_levels(ctx=ctx, member_ids=ids)
    ranked = []
    for member in members:
        reasons = [
            *_fit(settings, member, category),
            *_closeness(settings, chain, node, member),
            Reason("load", settings.weights["load"] / (1 + load.get(member.id, 0)), {"open": load.get(member.id, 0)}),
            _rating(settings, ratings.get(member.id)),
            *([_stars(settings, stars.get(member.id, 0))] if stars is not None else []),
        ]
        ranked.append(Candidate(member, round(sum(r.points for r in reasons), 1), tuple(reasons)))
    ranked.sort(key=lambda c: (-c.score, c.member.id))
    return ranked[:limit]


def candidates(ctx: Context, root: OrgNode | None) -> list[Member]:
    """Active members living under *root* (everywhere when None), with their home nodes."""
    query = select(Member).where(Member.status == "active").options(selectinload(Member.home_node))
    if root is not None:
        query = query.join(OrgNode, OrgNode.id == Member.home_node_id).where(subtree_clause(root.path))
    return list(ctx.session.scalars(query.order_by(Member.id)))


def recent_ratings(ctx: Context, member_ids: Sequence[int], settings: Settings) -> dict[int, tuple[float, int]]:
    """Each member's average served-person rating and its count over the recent window."""
    since = ctx.now() - settings.recent
    found: dict[int, tuple[float, int]] = {}
    for start in range(0, len(member_ids), LOOKUP_CHUNK):
        chunk = member_ids[start : start + LOOKUP_CHUNK]
        query = (
            select(ServiceRecord.member_id, func.avg(ServiceRecord.score), func.count(ServiceRecord.score))
            .where(ServiceRecord.member_id.in_(chunk), ServiceRecord.score.is_not(None), ServiceRecord.check_out_at >= since)
            .group_by(ServiceRecord.member_id)
        )
        found |= {member_id: (float(average), count) for member_id, average, count in ctx.session.execute(query)}
    return found


def _fit(settings: Settings, member: Member, category: str) -> list[Reason]:
    reasons = []
    if skills := settings.skills_for(member, category):
        reasons.append(Reason("skill", settings.weights["skill"], {"skills": "、".join(skills)}))
    if wishes := settings.willing_for(member, category):
        reasons.append(Reason("willingness", settings.weights["willingness"], {"wishes": "、".join(wishes)}))
    return reasons


def _closeness(settings: Settings, chain: Mapping[int, OrgNode], node: OrgNode, member: Member) -> list[Reason]:
    """Proximity from the closest node the member's home shares with the need (a prefix of both paths)."""
    pairs = zip(member.home_node.path.strip("/").split("/"), node.path.strip("/").split("/"), strict=False)
    shared = [mine for mine, theirs in takewhile(lambda pair: pair[0] == pair[1], pairs)]
    if not shared:
        return []
    closest = chain[int(shared[-1])]
    share = settings.proximity.get(closest.level, 0.0)
    return [Reason("proximity", settings.weights["proximity"] * share, {"node": closest.name})] if share else []


def _rating(settings: Settings, rated: tuple[float, int] | None) -> Reason:
    if rated is None:
        return Reason("unrated", settings.weights["rating"] * 0.5, {"days": settings.recent_days})
    average, count = rated
    params = {"average": f"{average:.1f}", "count": count, "days": settings.recent_days}
    return Reason("rating", settings.weights["rating"] * (average - 1) / 4, params)


def _stars(settings: Settings, stars: int) -> Reason:
    return Reason("stars", settings.weights["stars"] * min(stars, TOP_STARS) / TOP_STARS, {"stars": stars})
