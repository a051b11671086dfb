"""What the screens read: pages and counts, always limited to the operator's scope and to one screenful.

Reads only; every change goes through :mod:`linli.core.services`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import selectinload

from linli.core.models import Activity, AuditEntry, Member, Operator, OrgNode, ServiceRecord, Team
from linli.core.models.orgs import subtree_clause
from linli.core.services import Context, select_members
from linli.core.services.scope import require_admin, scope_node

PAGE = 50
QUEUE_LIMIT = 500
AUDIT_LIMIT = 200


@dataclass(frozen=True)
class MemberLine:
    id: int
    name: str
    phone: str
    node: str
    status: str


@dataclass(frozen=True)
class MemberDetail:
    line: MemberLine
    id_number: str | None
    registered_on: dt.date
    tags: tuple[str, ...]
    skills: tuple[str, ...]
    hours: float


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
    """One page of the members in scope whose name, phone or ID tail matches *text*."""
    require_admin(ctx)
    query = select_members(under=scope_node(ctx)).options(selectinload(Member.home_node))
    text = text.strip()
    if text:
        query = query.where(or_(Member.name.contains(text, autoescape=True), Member.phone.startswith(text, autoescape=True), Member.id_tail == text.upper()))
    members = ctx.session.scalars(query.limit(PAGE).offset(page * PAGE))
    return [MemberLine(m.id, m.name, m.masked_phone, m.home_node.name, m.status) for m in members]


def member_detail(ctx: Context, member_id: int) -> MemberDetail:
    require_admin(ctx)
    member = ctx.session.get_one(Member, member_id)
    minutes = ctx.session.scalar(
        select(func.sum(ServiceRecord.approved_minutes)).where(ServiceRecord.member_id == member_id, ServiceRecord.state == "approved")
    )
    line = MemberLine(member.id, member.name, member.masked_phone, member.home_node.label(), member.status)
    tags = tuple(term.name if (term := ctx.program.member_tags.get(tag)) else tag for tag in member.tags)
    return MemberDetail(line, member.masked_id, member.registered_on, tags, tuple(member.skills), round((minutes or 0) / 60, 2))


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
    return [PendingRecord(r.id, r.member.label(), r.activity.title, r.minutes, r.check_out_at) for r in records]


def monthly_hours(ctx: Context, months: int = 12) -> list[float]:
    """Approved hours per calendar month (by check-in) for the last *months* months, oldest first, members in scope."""
    require_admin(ctx)
    today = ctx.today()
    keys = [(today.year * 12 + today.month - 1 - back) for back in reversed(range(months))]
    first = dt.datetime(keys[0] // 12, keys[0] % 12 + 1, 1, tzinfo=dt.UTC)
    year, month = extract("year", ServiceRecord.check_in_at), extract("month", ServiceRecord.check_in_at)
    query = (
        select(year, month, func.sum(ServiceRecord.approved_minutes))
        .join(Member, Member.id == ServiceRecord.member_id)
        .where(ServiceRecord.state == "approved", ServiceRecord.check_in_at >= first)
        .group_by(year, month)
    )
    root = scope_node(ctx)
    if root is not None:
        query = query.where(Member.home_node_id.in_(select(OrgNode.id).where(subtree_clause(root.path))))
    totals = {int(y) * 12 + int(m) - 1: minutes or 0 for y, m, minutes in ctx.session.execute(query)}
    return [round(totals.get(key, 0) / 60, 1) for key in keys]


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
    return [AuditLine(seq, at, who or "-", what, f"{kind} #{target}" if target else kind) for seq, at, who, what, kind, target in ctx.session.execute(query)]
