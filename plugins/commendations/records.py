"""Titles as the 表彰奖励 part of a volunteer's record: written by ``linli records export``, kept by ``linli records import``.

A member's record carries the titles this program confirmed and those other
organizations conferred and sent along (kept as :class:`ReceivedTitle`), so
a record passed on again still holds them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from linli.core import Context, Refused
from linli.core.models import OrgNode

from linli.plugins.commendations.models import Commendation, ReceivedTitle

FIELDS = ("title", "award", "period", "scope", "rank", "conferred_by", "conferred_on")


def member_awards(ctx: Context, member_ids: Sequence[int]) -> dict[int, list[Mapping[str, Any]]]:
    """Each member's titles, oldest period first: confirmed ones of this program (a draft is not yet an award), then received ones."""
    query = (
        select(Commendation, OrgNode.name)
        .outerjoin(OrgNode, OrgNode.id == Commendation.node_id)
        .where(Commendation.member_id.in_(member_ids), Commendation.status == "confirmed")
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row, node in ctx.session.execute(query):
        found[row.member_id].append(
            {
                "title": row.title,
                "award": row.award,
                "period": row.period,
                "scope": node or ctx.program.name,
                "rank": row.rank,
                "conferred_by": ctx.program.name,
                "conferred_on": (row.confirmed_at or row.decided_at).astimezone(ctx.zone).date().isoformat(),
            }
        )
    for received in ctx.session.scalars(select(ReceivedTitle).where(ReceivedTitle.member_id.in_(member_ids))):
        found[received.member_id].append({field: getattr(received, field) for field in FIELDS} | {"conferred_on": received.conferred_on.isoformat()})
    return {member: sorted(items, key=lambda item: (item["period"], item["conferred_by"], item["award"])) for member, items in found.items()}


def keep_awards(ctx: Context, source: str, volunteers: Mapping[int, Mapping[str, Any]]) -> int:
    """Keep the imported volunteers' titles not kept yet; returns how many were new."""
    known = {
        (row.member_id, row.conferred_by, row.award, row.period, row.scope)
        for row in ctx.session.scalars(select(ReceivedTitle).where(ReceivedTitle.member_id.in_(list(volunteers))))
    }
    kept = 0
    for member_id, volunteer in volunteers.items():
        for item in volunteer.get("awards") or ():
            title = _received(member_id, source, item, volunteer.get("ref"))
            key = (member_id, title.conferred_by, title.award, title.period, title.scope)
            if title.conferred_by == ctx.program.name or key in known:  # our own award come back, or one kept already
                continue
            known.add(key)
            ctx.session.add(title)
            kept += 1
    ctx.session.flush()
    return kept


def _received(member_id: int, source: str, item: Any, ref: Any) -> ReceivedTitle:
    """The file's award as a row; a malformed one refuses the import, naming the volunteer and what is wrong."""
    missing = [field for field in FIELDS if not isinstance(item, Mapping) or item.get(field) in (None, "")]
    if missing:
        raise Refused("commendations.bad_received_award", volunteer=ref, fields=", ".join(missing))
    try:
        conferred_on = dt.date.fromisoformat(str(item["conferred_on"]))
        rank = int(item["rank"])
    except ValueError:
        raise Refused("commendations.bad_received_award", volunteer=ref, fields="rank, conferred_on") from None
    return ReceivedTitle(
        member_id=member_id,
        conferred_by=str(item["conferred_by"]),
        title=str(item["title"]),
        award=str(item["award"]),
        period=str(item["period"]),
        scope=str(item["scope"]),
        rank=rank,
        conferred_on=conferred_on,
        received_from=source,
    )
