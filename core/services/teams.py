"""Special teams (特色队伍): creating them, adding members from anywhere, pairing with a station."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core.errors import NotFound, Refused
from linli.core.models.orgs import Team
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.orgs import get_node
from linli.core.services.scope import require_scope


def get_team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("orgs.team_not_found", id=team_id)
    return team


def create_team(ctx: Context, *, name: str, anchor: str, partner_unit: str | None = None) -> Team:
    """A team anchored at the node *anchor* (a code), whose admins then manage it."""
    node = get_node(ctx.session, anchor)
    require_scope(ctx, node)
    if not name.strip():
        raise Refused("orgs.team_name_missing")
    team = Team(name=name.strip(), anchor_node=node, partner_unit=partner_unit)
    ctx.session.add(team)
    ctx.session.flush()
    record(ctx, Change("team.create", "team", team.id, after=team.summary()))
    return team


def pair_team(ctx: Context, team_id: int, node: str | None) -> Team:
    """Pair the team with the node *node* (一站一队), or unpair it when *node* is None."""
    team = get_team(ctx.session, team_id)
    require_scope(ctx, team.anchor_node)
    before = team.summary()
    if node is None:
        team.paired_node = None
    else:
        target = get_node(ctx.session, node)
        require_scope(ctx, target)
        taken = ctx.session.scalars(select(Team).where(Team.paired_node_id == target.id, Team.id != team.id)).first()
        if taken is not None:
            raise Refused("orgs.already_paired", node=target.label(), team=taken.label())
        team.paired_node = target
    ctx.session.flush()
    record(ctx, Change("team.pair", "team", team.id, before=before, after=team.summary()))
    return team
