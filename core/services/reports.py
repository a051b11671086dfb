"""The figures the seeds quote, for any subtree and year.

Volunteers, participants and hours count where the volunteer is registered
(their home node), because 通存通兑 programs let people serve anywhere;
teams, projects, activities and people served count where they are hosted.
Every figure is a grouped SQL aggregate rolled up over the subtree's nodes
in Python, so the cost is one pass over the rows whatever the tree's shape.
Service is read from ix_service_record_member_service alone (it holds every
column the sums need, in member order), never from the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

from linli.core.models import Activity, Member, OrgNode, Project, ServiceRecord, Team
from linli.core.models.orgs import subtree_clause
from linli.core.services.context import CHINA_STANDARD_TIME, Context
from linli.core.services.orgs import get_node
from linli.core.services.scope import require_admin, require_scope, scope_node
from linli.core.services.tree import NodeTree

REGISTERED_STATUSES = ("active", "suspended")


@dataclass
class Figures:
    registered_volunteers: int = 0
    residents: int | None = None
    volunteer_share: float | None = None
    teams: int = 0
    projects: int = 0
    activities: int = 0
    participants: int = 0
    people_served: int = 0
    service_hours: float = 0.0


@dataclass
class OrgFigures(Figures):
    code: str = ""
    name: str = ""
    level: str = ""


@dataclass
class CategoryFigures:
    category: str
    name: str
    activities: int = 0
    participants: int = 0
    people_served: int = 0
    service_hours: float = 0.0


@dataclass
class Report(Figures):
    scope: str = ""
    year: int | None = None
    by_org: list[OrgFigures] = field(default_factory=list)
    by_category: list[CategoryFigures] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def hours(minutes: int | None) -> float:
    return float((Decimal(minutes or 0) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP))


def share(volunteers: int, residents: int | None) -> float | None:
    return round(volunteers / residents, 4) if residents else None


def build_report(ctx: Context, *, org: str | None = None, year: int | None = None) -> Report:
    """The report for the subtree of *org* (default: the operator's scope) in *year* (default: all time)."""
    require_admin(ctx)
    session = ctx.session
    root = get_node(session, org) if org else scope_node(ctx)
    if root is not None:
        require_scope(ctx, root)
    nodes = list(session.scalars(select(OrgNode).where(subtree_clause(root.path)) if root else select(OrgNode)))
    window = _year_window(year)
    tree = NodeTree(nodes)
    in_scope = select(OrgNode.id).where(subtree_clause(root.path)) if root else None

    # Grouped by an expression, not the column: SQLite would walk ix_member_home_node_id for
    # its order and fetch every member row through it, three times slower than reading the table.
    home = (Member.home_node_id + literal_column("0")).label("home_node_id")
    members = _per_node(session, select(home, func.count()).where(*_member_filter(window)), home, in_scope)
    # Each member's minutes first, then members per home node: a member has one home,
    # so counting rows counts distinct participants without a DISTINCT over every record.
    per_member = (
        select(ServiceRecord.member_id, func.sum(ServiceRecord.approved_minutes).label("minutes"))
        .where(ServiceRecord.state == "approved", *_service_window(window))
        .group_by(ServiceRecord.member_id)
        .subquery()
    )
    served = _per_node(
        session,
        select(Member.home_node_id, func.count(), func.sum(per_member.c.minutes)).join(per_member, per_member.c.member_id == Member.id),
        Member.home_node_id,
        in_scope,
    )
    host = func.coalesce(Activity.host_node_id, Team.anchor_node_id)
    activities = _per_node(
        session,
        select(host, func.count(), func.sum(Activity.people_served))
        .outerjoin(Team, Team.id == Activity.host_team_id)
        .where(Activity.status != "cancelled", *_activity_window(window)),
        host,
        in_scope,
    )
    teams = _per_node(session, select(Team.anchor_node_id, func.count()), Team.anchor_node_id, in_scope)
    project_host = func.coalesce(Project.host_node_id, Team.anchor_node_id)
    projects = _per_node(session, select(project_host, func.count()).outerjoin(Team, Team.id == Project.host_team_id), project_host, in_scope)

    def figures(into: Figures, ids: Iterable[int], residents: int | None) -> None:
        ids = list(ids)
        into.registered_volunteers = sum(members.get(i, (0,))[0] for i in ids)
        into.residents = residents
        into.volunteer_share = share(into.registered_volunteers, residents)
        into.teams = sum(teams.get(i, (0,))[0] for i in ids)
        into.projects = sum(projects.get(i, (0,))[0] for i in ids)
        into.activities = sum(activities.get(i, (0, 0))[0] for i in ids)
        into.people_served = sum(activities.get(i, (0, 0))[1] or 0 for i in ids)
        into.participants = sum(served.get(i, (0, 0))[0] for i in ids)
        into.service_hours = hours(sum(served.get(i, (0, 0))[1] or 0 for i in ids))

    report = Report(scope=root.label() if root else ctx.program.name, year=year)
    top = [root] if root else tree.roots
    residents = root.residents if root and root.residents is not None else (None if root else ctx.program.info.get("residents"))
    figures(report, tree.ids_below(top), residents if residents is not None else tree.residents(top))
    for child in tree.children_of(root) if root else tree.breakdown():
        row = OrgFigures(code=child.code, name=child.name, level=child.level)
        figures(row, tree.ids_below([child]), tree.residents([child]))
        report.by_org.append(row)
    report.by_category = _by_category(ctx, window, in_scope)
    return report


def _by_category(ctx: Context, window: tuple[dt.datetime, dt.datetime] | None, in_scope: Select[tuple[int]] | None) -> list[CategoryFigures]:
    session = ctx.session
    served = (
        select(Activity.category, func.count(func.distinct(ServiceRecord.member_id)), func.sum(ServiceRecord.approved_minutes))
        .select_from(ServiceRecord)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.state == "approved", *_service_window(window, activity_joined=True))
    )
    if in_scope is not None:  # only a subtree needs each record's member; the whole program skips a lookup per record
        served = served.join(Member, Member.id == ServiceRecord.member_id).where(Member.home_node_id.in_(in_scope))
    held = select(Activity.category, func.count(), func.sum(Activity.people_served)).outerjoin(Team, Team.id == Activity.host_team_id)
    held = held.where(Activity.status != "cancelled", *_activity_window(window))
    if in_scope is not None:
        held = held.where(func.coalesce(Activity.host_node_id, Team.anchor_node_id).in_(in_scope))
    rows: dict[str, CategoryFigures] = {}
    names = ctx.program.activity_categories

    def row(category: str) -> CategoryFigures:
        if category not in rows:
            rows[category] = CategoryFigures(category, names[category].name if category in names else category)
        return rows[category]

    for category, participants, minutes in session.execute(served.group_by(Activity.category)):
        row(category).participants, row(category).service_hours = participants, hours(minutes)
    for category, count, people in session.execute(held.group_by(Activity.category)):
        row(category).activities, row(category).people_served = count, people or 0
    order = list(names)
    return sorted(rows.values(), key=lambda r: (order.index(r.category) if r.category in order else len(order), r.category))


def _per_node(session: Session, query: Select[Any], node_column: Any, in_scope: Select[tuple[int]] | None) -> Mapping[int, tuple[Any, ...]]:
    """Run a grouped aggregate keyed by node id, limited to the subtree."""
    if in_scope is not None:
        query = query.where(node_column.in_(in_scope))
    return {key: tuple(values) for key, *values in session.execute(query.group_by(node_column))}


def _member_filter(window: tuple[dt.datetime, dt.datetime] | None) -> list[ColumnElement[bool]]:
    conditions = [Member.status.in_(REGISTERED_STATUSES)]
    if window:
        conditions.append(Member.registered_on < window[1].date())
    return conditions


def _activity_window(window: tuple[dt.datetime, dt.datetime] | None) -> list[ColumnElement[bool]]:
    return [and_(Activity.starts_at >= window[0], Activity.starts_at < window[1])] if window else []


def _service_window(window: tuple[dt.datetime, dt.datetime] | None, *, activity_joined: bool = False) -> list[ColumnElement[bool]]:
    """Service counts in the year it was given (check-in time), not the year its activity began.

    A record without a check-in counts in its activity's year. A query that
    joins the activity anyway reads its start; one that does not asks an IN
    over the year's activities only for such records, so its window is decided
    from the index alone, without a lookup per record.
    """
    if not window:
        return []
    start, end = window
    if activity_joined:
        served_at = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at)
        return [and_(served_at >= start, served_at < end)]
    began = select(Activity.id).where(Activity.starts_at >= start, Activity.starts_at < end)
    checked_in = and_(ServiceRecord.check_in_at >= start, ServiceRecord.check_in_at < end)
    return [or_(checked_in, and_(ServiceRecord.check_in_at.is_(None), ServiceRecord.activity_id.in_(began)))]


def _year_window(year: int | None) -> tuple[dt.datetime, dt.datetime] | None:
    if year is None:
        return None
    return (dt.datetime(year, 1, 1, tzinfo=CHINA_STANDARD_TIME), dt.datetime(year + 1, 1, 1, tzinfo=CHINA_STANDARD_TIME))
