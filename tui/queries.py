"""What the screens read: pages and counts, always limited to the operator's scope and to one screenful.

Reads only; every change goes through :mod:`linli.core.services`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from linli.core.errors import PluginError
from linli.core.models import Activity, AuditEntry, Member, Operator, OrgNode, RoleAssignment, ServiceRecord, Team, TeamMember
from linli.core.models.orgs import subtree_clause
from linli.core.services import Context, get_member, select_members
from linli.core.services.scope import require_admin, require_scope, scope_node

PAGE = 50
QUEUE_LIMIT = 500
AUDIT_LIMIT = 200
RECENT_SERVICE = 10


@dataclass(frozen=True)
class MemberLine:
    id: int
    name: str
    phone: str
    node: str
    status: str


@dataclass(frozen=True)
class RoleLine:
    role: str
    node: str
    started_on: dt.date


@dataclass(frozen=True)
class ServiceLine:
    served_on: dt.date | None
    activity: str
    hours: float | None  # approved hours, else the hours recorded
    state: str


@dataclass(frozen=True)
class Section:
    """What one plugin shows on the member's page: a title and (label, value) rows, in the program's locale."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MemberDetail:
    line: MemberLine
    id_number: str | None
    registered_on: dt.date
    tags: tuple[str, ...]
    skills: tuple[str, ...]
    hours: float
    hours_this_year: float
    roles: tuple[RoleLine, ...]
    teams: tuple[str, ...]
    recent: tuple[ServiceLine, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class MemberFields:
    """A member as the register and edit forms hold it: the node by code, tags by key; read back, phone and ID are masked."""

    name: str
    phone: str
    id_number: str
    home_node: str
    tags: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: dt.datetime
    operator: str
    action: str
    target: str


@dataclass(frozen=True)
class PendingRecord:
    id: int
    member: str
    activity: str
    minutes: int | None
    checked_out: dt.datetime | None


def member_page(ctx: Context, text: str, page: int) -> list[MemberLine]:
    """One page of the members in scope matching *text* (a name or phone prefix, a phone or ID tail: see member_search)."""
    require_admin(ctx)
    query = select_members(under=scope_node(ctx), search=text).options(selectinload(Member.home_node))
    members = ctx.session.scalars(query.limit(PAGE).offset(page * PAGE))
    return [MemberLine(m.id, m.name, m.masked_phone, m.home_node.name, m.status) for m in members]


def member_detail(ctx: Context, member_id: int) -> MemberDetail:
    """A member's page: identity, roles, teams, hours, recent service, and what each plugin holds (points, stars …)."""
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    approved = select(func.sum(ServiceRecord.approved_minutes)).where(ServiceRecord.member_id == member_id, ServiceRecord.state == "approved")
    year_start = dt.datetime(ctx.today().year, 1, 1, tzinfo=ctx.zone)
    # Service counts in the year it was given, as in the report: check-in time, else the activity's start.
    this_year = approved.join(Activity, Activity.id == ServiceRecord.activity_id).where(
        func.coalesce(ServiceRecord.check_in_at, Activity.starts_at) >= year_start
    )
    line = MemberLine(member.id, member.name, member.masked_phone, member.home_node.label(), member.status)
    tags = tuple(term.name if (term := ctx.program.member_tags.get(tag)) else tag for tag in member.tags)
    return MemberDetail(
        line,
        member.masked_id,
        member.registered_on,
        tags,
        tuple(member.skills),
        _hours(ctx.session.scalar(approved)),
        _hours(ctx.session.scalar(this_year)),
        _roles(ctx, member_id),
        _teams(ctx, member_id),
        _recent(ctx, member_id),
        _plugin_sections(ctx, member),
    )


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def _roles(ctx: Context, member_id: int) -> tuple[RoleLine, ...]:
    query = (
        select(RoleAssignment)
        .where(RoleAssignment.member_id == member_id, RoleAssignment.ended_on.is_(None))
        .options(selectinload(RoleAssignment.node))
        .order_by(RoleAssignment.started_on, RoleAssignment.id)
    )
    roles = ctx.program.roles
    return tuple(
        RoleLine(spec.name if (spec := roles.get(a.role)) else a.role, a.node.label(), a.started_on) for a in ctx.session.scalars(query)
    )


def _teams(ctx: Context, member_id: int) -> tuple[str, ...]:
    query = select(Team.name).join(TeamMember, TeamMember.team_id == Team.id).where(TeamMember.member_id == member_id).order_by(Team.name)
    return tuple(ctx.session.scalars(query))


def _recent(ctx: Context, member_id: int) -> tuple[ServiceLine, ...]:
    served_at = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at)
    query = (
        select(served_at, Activity.title, ServiceRecord.approved_minutes, ServiceRecord.minutes, ServiceRecord.state)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.member_id == member_id)
        .order_by(served_at.desc(), ServiceRecord.id.desc())
        .limit(RECENT_SERVICE)
    )
    return tuple(
        ServiceLine(
            at.astimezone(ctx.zone).date() if at else None,
            title,
            _hours(approved) if approved is not None else (_hours(minutes) if minutes is not None else None),
            state,
        )
        for at, title, approved, minutes, state in ctx.session.execute(query)
    )


def _plugin_sections(ctx: Context, member: Member) -> tuple[Section, ...]:
    """Each enabled plugin's sections from ``linli_member_summary``, checked for shape so a bad one is named, not a traceback."""
    sections = []
    for plugin, answer in ctx.hooks.by_plugin("linli_member_summary", ctx=ctx, member=member):
        try:
            sections.extend(Section(str(title), tuple((str(label), str(value)) for label, value in rows)) for title, rows in answer)
        except (TypeError, ValueError) as error:
            raise PluginError(plugin, "linli_member_summary", f"expected (title, [(label, value), …]) sections: {error}") from error
    return tuple(sections)


def member_fields(ctx: Context, member_id: int) -> MemberFields:
    """What the edit form starts from, for a member within the operator's scope."""
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    return MemberFields(member.name, member.masked_phone, member.masked_id or "", member.home_node.code, tuple(member.tags), tuple(member.skills))


def _pending(ctx: Context) -> Select[tuple[ServiceRecord]]:
    """Checked-out records whose activity is organized inside the operator's scope."""
    query = select(ServiceRecord).where(ServiceRecord.state == "checked_out")
    root = scope_node(ctx)
    if root is None:
        return query
    organizer = func.coalesce(Activity.host_node_id, Team.anchor_node_id)
    in_scope = select(OrgNode.id).where(subtree_clause(root.path))
    return query.join(Activity, Activity.id == ServiceRecord.activity_id).outerjoin(Team, Team.id == Activity.host_team_id).where(organizer.in_(in_scope))


def pending_count(ctx: Context) -> int:
    require_admin(ctx)
    return ctx.session.scalar(select(func.count()).select_from(_pending(ctx).subquery())) or 0


def pending_records(ctx: Context) -> list[PendingRecord]:
    require_admin(ctx)
    query = _pending(ctx).options(selectinload(ServiceRecord.member), selectinload(ServiceRecord.activity))
    records = ctx.session.scalars(query.order_by(ServiceRecord.id).limit(QUEUE_LIMIT))
    return [PendingRecord(r.id, r.member.label(), r.activity.title, r.minutes, r.check_out_at and r.check_out_at.astimezone(ctx.zone)) for r in records]


def monthly_hours(ctx: Context, months: int = 12) -> list[float]:
    """Approved hours per calendar month (by check-in) for the last *months* months, oldest first, members in scope.

    Months are the program's (China time), as in reports: a record checked in at 02:00 on 1 March counts in March,
    though it is still February in UTC. Each month is a range of instants, so the query needs no time-zone support
    from the database and can use the check-in index.
    """
    require_admin(ctx)
    today = ctx.today()
    # Month numbers from the oldest shown to the one after this month, whose first instant ends the range.
    keys = [today.year * 12 + today.month - 1 - back for back in range(months - 1, -2, -1)]
    bounds = [dt.datetime(key // 12, key % 12 + 1, 1, tzinfo=ctx.zone) for key in keys]
    in_month = [(ServiceRecord.check_in_at >= start) & (ServiceRecord.check_in_at < end) for start, end in zip(bounds, bounds[1:], strict=False)]
    sums = [func.sum(case((within, ServiceRecord.approved_minutes))) for within in in_month]
    query = (
        select(*sums)
        .join(Member, Member.id == ServiceRecord.member_id)
        .where(ServiceRecord.state == "approved", ServiceRecord.check_in_at >= bounds[0], ServiceRecord.check_in_at < bounds[-1])
    )
    root = scope_node(ctx)
    if root is not None:
        query = query.where(Member.home_node_id.in_(select(OrgNode.id).where(subtree_clause(root.path))))
    totals = ctx.session.execute(query).one()
    return [round((minutes or 0) / 60, 1) for minutes in totals]


def audit_entries(ctx: Context, action: str) -> list[AuditLine]:
    """The latest entries, newest first, whose action starts with *action*."""
    require_admin(ctx)
    query = (
        select(AuditEntry.seq, AuditEntry.at, Operator.username, AuditEntry.action, AuditEntry.target_kind, AuditEntry.target_id)
        .outerjoin(Operator, Operator.id == AuditEntry.operator_id)
        .order_by(AuditEntry.seq.desc())
        .limit(AUDIT_LIMIT)
    )
    if action.strip():
        query = query.where(AuditEntry.action.startswith(action.strip(), autoescape=True))
    rows = ctx.session.execute(query)
    # Stored in UTC; shown in the program's time zone, as `linli audit log` shows them.
    return [AuditLine(seq, at.astimezone(ctx.zone), who or "-", what, f"{kind} #{target}" if target else kind) for seq, at, who, what, kind, target in rows]
