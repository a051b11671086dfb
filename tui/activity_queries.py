"""What the activities screen reads: a page of activities, the projects to plan from, one activity's roster.

Reads only, limited to the operator's scope; every change goes through :mod:`linli.core.services`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from linli.core.models import Activity, OrgNode, Project, ServiceRecord, Team
from linli.core.services import Context, get_activity, require_admin, require_scope, scope_node, subtree_ids

PAGE = 50
PROJECT_LIMIT = 500


@dataclass(frozen=True)
class ActivityLine:
    id: int
    title: str
    host: str
    starts_at: dt.datetime
    status: str
    roster: int


@dataclass(frozen=True)
class ProjectChoice:
    id: int
    title: str
    host: str


@dataclass(frozen=True)
class RosterLine:
    id: int
    member: str
    state: str
    check_in_at: dt.datetime | None
    check_out_at: dt.datetime | None
    minutes: int | None


def _organized_in_scope(ctx: Context, query: Select[tuple[Activity]]) -> Select[tuple[Activity]]:
    """Activities whose organizer (the host node, else the team's anchor) lies in the operator's scope."""
    root = scope_node(ctx)
    if root is None:
        return query
    organizer = func.coalesce(Activity.host_node_id, Team.anchor_node_id)
    return query.outerjoin(Team, Team.id == Activity.host_team_id).where(organizer.in_(subtree_ids(root)))


def _host(node: OrgNode | None, team: Team | None) -> str:
    return node.name if node is not None else team.name if team is not None else "-"


def activity_page(ctx: Context, page: int) -> list[ActivityLine]:
    """One page of the activities in scope, the latest start first, each with the size of its roster."""
    require_admin(ctx)
    query = _organized_in_scope(ctx, select(Activity)).options(selectinload(Activity.host_node), selectinload(Activity.host_team))
    activities = list(ctx.session.scalars(query.order_by(Activity.starts_at.desc(), Activity.id.desc()).limit(PAGE).offset(page * PAGE)))
    counted = (
        select(ServiceRecord.activity_id, func.count())
        .where(ServiceRecord.activity_id.in_([a.id for a in activities]), ServiceRecord.state != "rejected")
        .group_by(ServiceRecord.activity_id)
    )
    roster = {activity_id: count for activity_id, count in ctx.session.execute(counted)}
    return [
        ActivityLine(a.id, a.title, _host(a.host_node, a.host_team), a.starts_at.astimezone(ctx.zone), a.status, roster.get(a.id, 0))
        for a in activities
    ]


def project_choices(ctx: Context) -> list[ProjectChoice]:
    """The library projects hosted in scope (by a node, or by a team anchored there), by title."""
    require_admin(ctx)
    query = select(Project).options(selectinload(Project.host_node), selectinload(Project.host_team))
    root = scope_node(ctx)
    if root is not None:
        organizer = func.coalesce(Project.host_node_id, Team.anchor_node_id)
        query = query.outerjoin(Team, Team.id == Project.host_team_id).where(organizer.in_(subtree_ids(root)))
    projects = ctx.session.scalars(query.order_by(Project.title, Project.id).limit(PROJECT_LIMIT))
    return [ProjectChoice(p.id, p.title, _host(p.host_node, p.host_team)) for p in projects]


def roster(ctx: Context, activity_id: int) -> list[RosterLine]:
    """Everyone signed up to the activity, in sign-up order; refused outside the operator's scope."""
    activity = get_activity(ctx.session, activity_id)
    require_scope(ctx, activity.organizer_node)
    query = select(ServiceRecord).where(ServiceRecord.activity_id == activity_id).options(selectinload(ServiceRecord.member))
    zone = ctx.zone
    return [
        RosterLine(
            r.id,
            r.member.label(),
            r.state,
            r.check_in_at.astimezone(zone) if r.check_in_at else None,
            r.check_out_at.astimezone(zone) if r.check_out_at else None,
            r.minutes,
        )
        for r in ctx.session.scalars(query.order_by(ServiceRecord.id))
    ]
