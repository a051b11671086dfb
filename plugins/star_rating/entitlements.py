"""Named entitlements (``priority_medical``, ``free_scenic_entry`` …): who holds what.

A level's entitlements are data in the program file. They accumulate upward:
a member holds every entitlement of their level and of the levels below it,
so "entitled to X" means "at or above the lowest level that names X".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from linli.core import Context
from linli.core.models import Member, OrgNode

from linli.plugins.star_rating.ladder import Ladder
from linli.plugins.star_rating.models import StarLevel
from linli.plugins.star_rating.rating import current_levels
from linli.plugins.star_rating.service import area


@dataclass(frozen=True)
class Entitled:
    member: Member
    stars: int


def entitled_members(ctx: Context, entitlement: str, *, org: str | None = None) -> list[Entitled]:
    """Active members in *org*'s subtree (default: the operator's scope) entitled to *entitlement*."""
    floor = Ladder.of(ctx.program).lowest_granting(entitlement)
    node = area(ctx, org)
    query = (
        select(Member, StarLevel.stars)
        .join(StarLevel, StarLevel.member_id == Member.id)
        .where(StarLevel.stars >= floor, Member.status == "active")
    )
    if node is not None:
        query = query.join(OrgNode, Member.home_node_id == OrgNode.id).where(node.subtree_clause())
    return [Entitled(member, stars) for member, stars in ctx.session.execute(query.order_by(Member.id))]


def member_entitlements(ctx: Context, member_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Each member's entitlements from their stored level (members holding none are left out)."""
    ladder = Ladder.of(ctx.program)
    held = {member_id: ladder.entitlements_at(stars) for member_id, stars in current_levels(ctx.session, member_ids).items()}
    return {member_id: names for member_id, names in held.items() if names}
