"""Adding members to a team: a whole roster at once (a culture troupe turned volunteer team brings its list).

A roster of forty is one lookup, one insert and one audit batch; adding one
person is a roster of one, so both go through the same checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, select

from linli.core.errors import NotFound, Refused
from linli.core.models.members import Member
from linli.core.models.orgs import TeamMember
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.rows import chunks
from linli.core.services.scope import require_scope
from linli.core.services.teams import get_team
from linli.core.i18n import state_label


def add_team_members(ctx: Context, team_id: int, member_ids: Sequence[int], *, joined_on: dt.date | None = None) -> int:
    """Add members who may live anywhere, all or none; returns how many joined.

    Refused for an unknown or inactive member, or one already in the team
    (or listed twice); members may live anywhere, only the team needs the operator's scope.
    """
    team = get_team(ctx.session, team_id)
    require_scope(ctx, team.anchor_node)
    wanted = list(dict.fromkeys(member_ids))
    members: dict[int, Member] = {}
    already: set[int] = set()
    for chunk in chunks(wanted):
        members |= {m.id: m for m in ctx.session.scalars(select(Member).where(Member.id.in_(chunk)))}
        in_team = select(TeamMember.member_id).where(TeamMember.team_id == team.id, TeamMember.member_id.in_(chunk))
        already |= set(ctx.session.scalars(in_team))
    seen: set[int] = set()
    for member_id in member_ids:
        member = members.get(member_id)
        if member is None:
            raise NotFound("members.not_found", id=member_id)
        if member.status != "active":
            raise Refused("members.not_active", member=member.label(), status=state_label("member", member.status))
        if member_id in already or member_id in seen:
            raise Refused("orgs.already_in_team", member=member.label(), team=team.label())
        seen.add(member_id)
    joined_on = joined_on or ctx.today()
    if wanted:
        ctx.session.execute(insert(TeamMember), [{"team_id": team.id, "member_id": m, "joined_on": joined_on} for m in wanted])
    record_many(ctx, [Change("team.add_member", "team", team.id, after={"member_id": m, "joined_on": joined_on}) for m in wanted])
    return len(wanted)



def add_team_member(ctx: Context, team_id: int, member_id: int, *, joined_on: dt.date | None = None) -> TeamMember:
    """Add one member who may live anywhere: a roster of one."""
    add_team_members(ctx, team_id, [member_id], joined_on=joined_on)
    membership = ctx.session.get(TeamMember, (team_id, member_id))
    assert membership is not None
    return membership
