"""Activities entered in bulk: a year of a paper ledger's (台账) activities, or a published calendar.

:func:`linli.core.services.create_activity` then :func:`open_activity` and
:func:`close_activity` cost a dozen queries and three audit appends per
activity; here hosts and projects are looked up once per chunk, every row is
checked the same way, and the batch is one insert and one audit append.
An activity already held comes in ``closed`` with its people served, ready
for :func:`~linli.core.services.record_imported_service`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core.errors import NotFound, Refused
from linli.core.models.activities import ACTIVITY_KINDS, Activity, Project
from linli.core.models.orgs import OrgNode, Team
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.rows import chunks, insert_many
from linli.core.services.scope import require_admin, require_scope
from linli.core.i18n import state_label

# The statuses an activity can be entered in: not yet open, taking sign-ups, or held.
ENTERED_STATUSES = ("planned", "open", "closed")
MATCH_ON = ("title", "category", "host_node_id", "host_team_id", "starts_at", "ends_at", "place")


@dataclass(frozen=True)
class ActivityRow:
    """One activity; hosted by a node (a code), a team (an id), or both, and optionally from a library project."""

    title: str
    category: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    host_node: str | None = None
    host_team_id: int | None = None
    project_id: int | None = None
    kind: str = "service"
    place: str | None = None
    capacity: int | None = None
    max_minutes_per_person: int | None = None
    people_served: int = 0
    status: str = "closed"


def import_activities(ctx: Context, rows: Sequence[ActivityRow]) -> list[Activity]:
    """Enter every row, all or none; the first bad row's problem is raised and nothing is written."""
    require_admin(ctx)
    session = ctx.session
    nodes: dict[str, OrgNode] = {}
    teams: dict[int, Team] = {}
    projects: set[int] = set()
    for chunk in chunks({row.host_node for row in rows if row.host_node is not None}):
        nodes |= {n.code: n for n in session.scalars(select(OrgNode).where(OrgNode.code.in_(chunk)))}
    for chunk in chunks({row.host_team_id for row in rows if row.host_team_id is not None}):
        query = select(Team).where(Team.id.in_(chunk)).options(selectinload(Team.anchor_node))
        teams |= {team.id: team for team in session.scalars(query)}
    for chunk in chunks({row.project_id for row in rows if row.project_id is not None}):
        projects |= set(session.scalars(select(Project.id).where(Project.id.in_(chunk))))
    checked: set[int] = set()
    values = []
    for row in rows:
        node, team = _host(row, nodes, teams)
        for organizer in (node, team.anchor_node if team else None):
            if organizer is not None and organizer.id not in checked:
                require_scope(ctx, organizer)
                checked.add(organizer.id)
        if row.project_id is not None and row.project_id not in projects:
            raise NotFound("activities.project_not_found", id=row.project_id)
        values.append(_values(ctx, row) | {"host_node_id": node.id if node else None, "host_team_id": team.id if team else None})
    created = insert_many(session, Activity, values, match_on=MATCH_ON)
    record_many(ctx, [Change("activity.import", "activity", a.id, after=a.summary()) for a in created])
    return created


def _host(row: ActivityRow, nodes: dict[str, OrgNode], teams: dict[int, Team]) -> tuple[OrgNode | None, Team | None]:
    if row.host_node is None and row.host_team_id is None:
        raise Refused("activities.no_host")
    if row.host_node is not None and row.host_node not in nodes:
        raise NotFound("orgs.not_found", code=row.host_node)
    if row.host_team_id is not None and row.host_team_id not in teams:
        raise NotFound("orgs.team_not_found", id=row.host_team_id)
    return nodes.get(row.host_node or ""), teams.get(row.host_team_id or 0)


def _values(ctx: Context, row: ActivityRow) -> dict[str, Any]:
    """The row's columns, once every rule create_activity applies holds."""
    _check(ctx, row)
    return {
        "title": row.title.strip(),
        "category": row.category,
        "kind": row.kind,
        "project_id": row.project_id,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "place": row.place,
        "capacity": row.capacity,
        "status": row.status,
        "max_minutes_per_person": row.max_minutes_per_person,
        "people_served": row.people_served,
    }


def _check(ctx: Context, row: ActivityRow) -> None:
    if not row.title.strip():
        raise Refused("activities.title_missing")
    if row.category not in ctx.program.activity_categories:
        raise Refused("activities.unknown_category", category=row.category, known="、".join(ctx.program.activity_categories))
    if row.kind not in ACTIVITY_KINDS:
        raise Refused("activities.bad_kind", kind=row.kind, known="、".join(ACTIVITY_KINDS))
    if row.status not in ENTERED_STATUSES:
        raise Refused("activities.illegal_status", activity=row.title, current=state_label("activity", "planned"), target=state_label("activity", row.status))
    if row.starts_at.tzinfo is None or row.ends_at.tzinfo is None:
        raise Refused("activities.naive_time")
    if row.ends_at <= row.starts_at:
        raise Refused("activities.ends_before_start", starts_at=row.starts_at, ends_at=row.ends_at)
    for name, least in (("capacity", 1), ("max_minutes_per_person", 1), ("people_served", 0)):
        value = getattr(row, name)
        if value is not None and value < least:
            raise Refused("activities.too_small", field=name, value=value, least=least)
