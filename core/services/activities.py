"""The project library and activities: creating them and moving them through their status."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from linli.core.errors import NotFound, Refused
from linli.core.models.activities import ACTIVITY_KINDS, Activity, Project
from linli.core.models.orgs import OrgNode, Team
from linli.core.models.service import ServiceRecord
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.orgs import get_node
from linli.core.services.scope import require_scope
from linli.core.services.teams import get_team
from linli.core.i18n import state_label

# planned → open (sign-up starts) → closed (sign-up over, records reviewed); cancelled before anything happened.
STATUS_MOVES: dict[str, frozenset[str]] = {
    "planned": frozenset({"open", "cancelled"}),
    "open": frozenset({"closed", "cancelled"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound("activities.project_not_found", id=project_id)
    return project


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("activities.not_found", id=activity_id)
    return activity


def create_project(
    ctx: Context,
    *,
    title: str,
    category: str,
    host_node: str | None = None,
    host_team_id: int | None = None,
    description: str | None = None,
) -> Project:
    """Add a project to the library, hosted by a node (a code), a team, or both."""
    node, team = _hosts(ctx, host_node, host_team_id)
    _check_category(ctx, category)
    project = Project(title=_title(title), category=category, host_node=node, host_team=team, description=description)
    ctx.session.add(project)
    ctx.session.flush()
    record(ctx, Change("project.create", "project", project.id, after={"title": project.title, "category": category}))
    return project


def create_activity(
    ctx: Context,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    project_id: int | None = None,
    title: str | None = None,
    category: str | None = None,
    host_node: str | None = None,
    host_team_id: int | None = None,
    place: str | None = None,
    capacity: int | None = None,
    max_minutes_per_person: int | None = None,
    people_served: int = 0,
    kind: str = "service",
) -> Activity:
    """Plan an activity, directly or from a library project (whose title, category and hosts are the defaults)."""
    project = get_project(ctx.session, project_id) if project_id is not None else None
    if project is not None and host_node is None and host_team_id is None:
        host_node = project.host_node.code if project.host_node else None
        host_team_id = project.host_team_id
    node, team = _hosts(ctx, host_node, host_team_id)
    category = category or (project.category if project else None)
    if category is None:
        raise Refused("activities.category_missing")
    _check_category(ctx, category)
    if kind not in ACTIVITY_KINDS:
        raise Refused("activities.bad_kind", kind=kind, known="、".join(ACTIVITY_KINDS))
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise Refused("activities.naive_time")
    if ends_at <= starts_at:
        raise Refused("activities.ends_before_start", starts_at=starts_at, ends_at=ends_at)
    minimums = (("capacity", capacity, 1), ("max_minutes_per_person", max_minutes_per_person, 1), ("people_served", people_served, 0))
    for name, value, least in minimums:
        if value is not None and value < least:
            raise Refused("activities.too_small", field=name, value=value, least=least)
    activity = Activity(
        title=_title(title or (project.title if project else "")),
        category=category,
        kind=kind,
        project=project,
        host_node=node,
        host_team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
        status="planned",
        max_minutes_per_person=max_minutes_per_person,
        people_served=people_served,
    )
    ctx.session.add(activity)
    ctx.session.flush()
    record(ctx, Change("activity.create", "activity", activity.id, after=activity.summary()))
    return activity


def open_activity(ctx: Context, activity_id: int) -> Activity:
    """Open sign-up."""
    return _move(ctx, activity_id, "open")


def close_activity(ctx: Context, activity_id: int, *, people_served: int | None = None) -> Activity:
    """Close sign-up, optionally recording how many people were served (for reports)."""
    if people_served is not None and people_served < 0:
        raise Refused("activities.too_small", field="people_served", value=people_served, least=0)
    return _move(ctx, activity_id, "closed", people_served=people_served)


def cancel_activity(ctx: Context, activity_id: int) -> Activity:
    """Call off an activity nobody has checked in to yet."""
    activity = get_activity(ctx.session, activity_id)
    require_scope(ctx, activity.organizer_node)
    started = select(func.count()).where(ServiceRecord.activity_id == activity.id, ServiceRecord.state != "signed_up")
    if ctx.session.scalar(started):
        raise Refused("activities.has_records", activity=activity.label())
    return _move(ctx, activity_id, "cancelled")


def _move(ctx: Context, activity_id: int, status: str, *, people_served: int | None = None) -> Activity:
    activity = get_activity(ctx.session, activity_id)
    require_scope(ctx, activity.organizer_node)
    if status not in STATUS_MOVES[activity.status]:
        raise Refused("activities.illegal_status", activity=activity.label(), current=state_label("activity", activity.status), target=state_label("activity", status))
    before = {"status": activity.status, "people_served": activity.people_served}
    activity.status = status
    if people_served is not None:
        activity.people_served = people_served
    after = {"status": status, "people_served": activity.people_served}
    record(ctx, Change("activity.status", "activity", activity.id, before=before, after=after))
    return activity


def _hosts(ctx: Context, host_node: str | None, host_team_id: int | None) -> tuple[OrgNode | None, Team | None]:
    """The hosting node and team; the operator needs scope over each."""
    if host_node is None and host_team_id is None:
        raise Refused("activities.no_host")
    node = get_node(ctx.session, host_node) if host_node is not None else None
    team = get_team(ctx.session, host_team_id) if host_team_id is not None else None
    for scope in (node, team.anchor_node if team else None):
        if scope is not None:
            require_scope(ctx, scope)
    return node, team


def _check_category(ctx: Context, category: str) -> None:
    if category not in ctx.program.activity_categories:
        raise Refused("activities.unknown_category", category=category, known="、".join(ctx.program.activity_categories))


def _title(title: str) -> str:
    if not title.strip():
        raise Refused("activities.title_missing")
    return title.strip()
