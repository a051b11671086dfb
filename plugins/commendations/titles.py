"""A member's titles (荣誉称号), for their record and the certificate office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from linli.core.models import OrgNode
from linli.core.services import Context, lookup_member, require_scope

from linli.plugins.commendations.models import Commendation, ReceivedTitle


@dataclass(frozen=True)
class Title:
    period: str
    title: str
    award: str
    node: str | None
    rank: int
    confirmed: bool
    decided_at: dt.datetime
    conferred_by: str | None = None  # another organization, for a title kept from its records; None: this program


@dataclass(frozen=True)
class Titles:
    member_id: int
    member: str
    phone: str  # masked
    titles: list[Title]


def member_titles(ctx: Context, member: str) -> Titles:
    """Every title of *member* (id or phone), newest period first; drafts are marked as not yet confirmed.

    Titles other organizations conferred, kept from their records, are listed with who conferred them.
    """
    holder = lookup_member(ctx.session, member)
    require_scope(ctx, holder.home_node)
    query = (
        select(Commendation, OrgNode.name)
        .outerjoin(OrgNode, OrgNode.id == Commendation.node_id)
        .where(Commendation.member_id == holder.id)
        .order_by(Commendation.period.desc(), Commendation.award, Commendation.id)
    )
    titles = [
        Title(row.period, row.title, row.award, node, row.rank, row.status == "confirmed", row.decided_at)
        for row, node in ctx.session.execute(query)
    ]
    received = ctx.session.scalars(select(ReceivedTitle).where(ReceivedTitle.member_id == holder.id))
    titles += [
        Title(row.period, row.title, row.award, row.scope, row.rank, True, dt.datetime.combine(row.conferred_on, dt.time(), ctx.zone), row.conferred_by)
        for row in received
    ]
    titles.sort(key=lambda title: title.period, reverse=True)  # stable: within a period, this program's first
    return Titles(holder.id, holder.name, holder.masked_phone, titles)


