"""Who may win an award for a period, and the value each is ranked by.

A candidate is an active member living in the scope with approved service
in the period (service counts in the period it was given: check-in time,
else the activity's start, as ``linli report`` counts it). Every filter is
one grouped query over the scope, or one batched hook call, whatever the
number of members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, select

from linli.core import PluginError, Refused
from linli.core.models import Activity, Member, MemberTag, OrgNode, ServiceRecord, subtree_clause
from linli.core.services import Context, star_levels

from linli.plugins.commendations.awards import Award, Period

BUILT_IN_METRICS = ("service_hours", "records")


@dataclass(frozen=True)
class Entry:
    """A candidate as ranking sees them."""

    member_id: int
    name: str
    phone: str  # masked
    registered_on: dt.date
    path: str  # of the home node: which org nodes they belong to
    minutes: int
    records: int
    value: float = 0.0


def entries(ctx: Context, award: Award, period: Period, root: OrgNode | None) -> list[Entry]:
    """The eligible candidates for *award* in *period* under *root* (None: the whole program), with their values."""
    session = ctx.session
    served = select(Member, OrgNode.path, func.sum(ServiceRecord.approved_minutes), func.count(ServiceRecord.id))
    served = _in_period(served.where(ServiceRecord.state == "approved", Member.status == "active"), period, root)
    found = [
        Entry(m.id, m.name, m.masked_phone, m.registered_on, path, int(minutes or 0), records)
        for m, path, minutes, records in session.execute(served.group_by(Member.id, OrgNode.path))
    ]
    if award.min_hours is not None:
        found = [e for e in found if e.minutes >= award.min_hours * 60]
    if award.tags:
        tagged = select(MemberTag.member_id, MemberTag.tag).join(Member, Member.id == MemberTag.member_id).join(OrgNode, OrgNode.id == Member.home_node_id)
        held: dict[int, set[str]] = {}
        for member_id, tag in session.execute(_scoped(tagged.where(MemberTag.tag.in_(award.tags)), root)):
            held.setdefault(member_id, set()).add(tag)
        found = [e for e in found if held.get(e.member_id, set()) >= set(award.tags)]
    if award.no_rejected_records:
        rejected = set(session.scalars(_in_period(select(ServiceRecord.member_id).distinct().where(ServiceRecord.state == "rejected"), period, root)))
        found = [e for e in found if e.member_id not in rejected]
    if award.min_stars is not None and found:
        stars = star_levels(ctx, [e.member_id for e in found])
        if stars is None:
            raise Refused("commendations.stars_unavailable", award=award.title, min=award.min_stars)
        found = [e for e in found if stars.get(e.member_id, 0) >= award.min_stars]
    values = _values(ctx, award, period, found)
    return [Entry(e.member_id, e.name, e.phone, e.registered_on, e.path, e.minutes, e.records, values[e.member_id]) for e in found]


def _values(ctx: Context, award: Award, period: Period, found: list[Entry]) -> Mapping[int, float]:
    if award.rank_by == "service_hours":
        return {e.member_id: e.minutes / 60 for e in found}
    if award.rank_by == "records":
        return {e.member_id: float(e.records) for e in found}
    if not found:
        return {}
    ids = [e.member_id for e in found]
    answer = ctx.hooks.linli_member_metric(ctx=ctx, metric=award.rank_by, member_ids=ids, since=period.since, until=period.until)
    if answer is None:
        raise Refused("commendations.metric_unavailable", award=award.title, metric=award.rank_by, built_in="、".join(BUILT_IN_METRICS))
    if not isinstance(answer, Mapping):
        raise PluginError("?", "linli_member_metric", f"returned {type(answer).__name__}, expected a mapping of member id to value")
    return {member_id: float(answer.get(member_id, 0)) for member_id in ids}


def _in_period(query: Select, period: Period, root: OrgNode | None) -> Select:  # type: ignore[type-arg]
    """*query* over service records of the period by members living under *root*."""
    served_at = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at)
    query = (
        query.select_from(ServiceRecord)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Member, Member.id == ServiceRecord.member_id)
        .join(OrgNode, OrgNode.id == Member.home_node_id)
        .where(and_(served_at >= period.since, served_at < period.until))
    )
    return _scoped(query, root)


def _scoped(query: Select, root: OrgNode | None) -> Select:  # type: ignore[type-arg]
    return query if root is None else query.where(subtree_clause(root.path))
