"""A member's titles (荣誉称号), for their record and the certificate office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import NotFound
from linli.core.models import Member, OrgNode
from linli.core.services import Context, get_member, require_scope

from linli.plugins.commendations.models import Commendation


@dataclass(frozen=True)
class Title:
    period: str
    title: str
    award: str
    node: str | None
    rank: int
    confirmed: bool
    decided_at: dt.datetime


@dataclass(frozen=True)
class Titles:
    member_id: int
    member: str
    phone: str  # masked
    titles: list[Title]


def member_titles(ctx: Context, member: str) -> Titles:
    """Every title of *member* (id or phone), newest period first; drafts are marked as not yet confirmed."""
    holder = find_member(ctx.session, member)
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
    return Titles(holder.id, holder.name, holder.masked_phone, titles)


def find_member(session: Session, wanted: str) -> Member:
    """A member by id or by 11-digit mobile number."""
    text = wanted.strip()
    if len(text) == 11 and text.isdigit():
        found = session.scalar(select(Member).where(Member.phone == text))
        if found is None:
            raise NotFound("commendations.phone_unknown", phone=f"{text[:3]}****{text[-4:]}")
        return found
    if not text.isdigit():
        raise NotFound("commendations.member_unknown", member=wanted)
    return get_member(session, int(text))
