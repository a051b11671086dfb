"""The platform's side of the comparison: service records of one month, as plain lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from linli.core import Context
from linli.core.models import Activity, Member, OrgNode, ServiceRecord
from linli.core.services import require_admin, scope_node


@dataclass(frozen=True)
class PlatformLine:
    record_id: int
    name: str
    phone: str
    activity: str
    on: dt.date  # the China-time day the service started
    minutes: int
    state: str


def platform_lines(ctx: Context, start: dt.datetime, end: dt.datetime, states: tuple[str, ...]) -> list[PlatformLine]:
    """Records in *states* whose service started in ``[start, end)``; a record without check-in counts at its activity's start.

    Only volunteers registered in the operator's scope: a community reconciles its own ledger.
    """
    require_admin(ctx)
    began = ServiceRecord.check_in_at
    query = (
        select(ServiceRecord, Member.name, Member.phone, Activity.title, Activity.starts_at)
        .join(Member, Member.id == ServiceRecord.member_id)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.state.in_(states))
        .where(
            or_(
                and_(began.is_not(None), began >= start, began < end),
                and_(began.is_(None), Activity.starts_at >= start, Activity.starts_at < end),
            )
        )
        .order_by(ServiceRecord.id)
    )
    if (root := scope_node(ctx)) is not None:
        query = query.where(Member.home_node_id.in_(select(OrgNode.id).where(root.subtree_clause())))
    lines = []
    for record, name, phone, title, starts_at in ctx.session.execute(query):
        when = record.check_in_at or starts_at
        # Approved hours are what the platform certifies; a record awaiting review shows what was claimed.
        minutes = record.approved_minutes if record.state == "approved" else record.minutes
        lines.append(PlatformLine(record.id, name, phone, title, when.astimezone(ctx.zone).date(), minutes or 0, record.state))
    return lines
