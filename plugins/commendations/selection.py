"""Deciding an award: rank the eligible, keep the top N per node, record them as a draft; confirming makes it final.

Ranks never tie: the metric (highest first), then the earlier
registration, then the smaller member id decide, so a re-run on the same
data gives the same list. A re-run replaces the award's draft for the
nodes it covers and is refused once they are confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, insert, or_, select, update

from linli.core import Refused
from linli.core.models import OrgNode
from linli.core.services import Change, Context, get_node, record, require_scope

from linli.plugins.commendations.awards import Award, Period, chosen, parse_period
from linli.plugins.commendations.candidates import Entry, entries
from linli.plugins.commendations.models import Commendation


@dataclass(frozen=True)
class Awarded:
    """One winner as lists and files show them (plain values, readable after the session closes)."""

    award: str
    title: str
    period: str
    node: str | None  # where they were ranked; None: the whole program
    rank: int
    member_id: int
    member: str
    phone: str  # masked
    metric: str
    value: float


def select_awards(ctx: Context, *, period: str, org: str | None = None, award: str | None = None) -> list[Awarded]:
    """Decide *award* (default: every award of that kind of period) for *period* under *org*, as a draft.

    *org* defaults to the operator's scope. An award with ``per_level``
    ranks within each node of that level, so the scope may not lie below it.
    """
    when = parse_period(period, ctx.zone)
    root = scope_root(ctx, org)
    winners: list[Awarded] = []
    for each in chosen(ctx.program, when, award):
        groups = _groups(ctx, each, root)
        ranked = rank(entries(ctx, each, when, root), groups, each.top)
        _record(ctx, each, when, groups, ranked)
        winners += [_awarded(each, when, node, place, entry) for node, place, entry in ranked]
    return winners


def confirm_awards(ctx: Context, *, period: str, org: str | None = None, award: str | None = None) -> int:
    """Make the drafts of *period* under *org* final; returns how many titles were confirmed."""
    when = parse_period(period, ctx.zone)
    root = scope_root(ctx, org)
    ids = [each.id for each in chosen(ctx.program, when, award)]
    query = update(Commendation).where(Commendation.award.in_(ids), Commendation.period == when.label, Commendation.status == "draft")
    if root is not None:
        query = query.where(Commendation.node_id.in_(select(OrgNode.id).where(root.subtree_clause())))
    count = ctx.session.execute(query.values(status="confirmed", confirmed_at=ctx.now(), confirmed_by=ctx.operator.id)).rowcount
    if not count:
        raise Refused("commendations.nothing_to_confirm", period=when.label)
    record(ctx, Change("commendations.confirm", "commendation", None, after={"awards": ids, "period": when.label, "scope": root.code if root else None, "count": count}))
    return count


def scope_root(ctx: Context, org: str | None) -> OrgNode | None:
    """The node named by *org*, else the operator's scope node (None: the whole program), checked against the scope."""
    root = get_node(ctx.session, org) if org else ctx.operator.scope_node
    require_scope(ctx, root)
    return root


def rank(found: Sequence[Entry], groups: dict[int | None, OrgNode | None], top: int) -> list[tuple[OrgNode | None, int, Entry]]:
    """The top *top* of each group as (node, rank, entry); a candidate living in none of the groups is not ranked."""
    if None in groups:
        members: dict[int | None, list[Entry]] = {None: list(found)}
    else:
        members = {key: [] for key in groups}
        for entry in found:
            key = next((node_id for node_id in _ancestry(entry.path) if node_id in members), None)
            if key is not None:
                members[key].append(entry)
    ranked = []
    for key, group in members.items():
        ordered = sorted(group, key=lambda e: (-e.value, e.registered_on, e.member_id))
        ranked += [(groups[key], place, entry) for place, entry in enumerate(ordered[:top], start=1)]
    return ranked


def _groups(ctx: Context, award: Award, root: OrgNode | None) -> dict[int | None, OrgNode | None]:
    """The nodes the award ranks within: each node of its level under *root*, or *root* itself."""
    if award.per_level is None:
        return {root.id if root else None: root}
    program = ctx.program
    if root is not None and program.level_depth(award.per_level) < program.level_depth(root.level):
        raise Refused("commendations.scope_below_level", award=award.title, level=program.level(award.per_level).name, scope=root.label())
    query = select(OrgNode).where(OrgNode.level == award.per_level).order_by(OrgNode.path)
    return {node.id: node for node in ctx.session.scalars(query if root is None else query.where(root.subtree_clause()))}


def _ancestry(path: str) -> list[int]:
    """The ids on a materialized path (``/1/5/23/``), root first."""
    return [int(part) for part in path.strip("/").split("/")]


def _record(ctx: Context, award: Award, period: Period, groups: dict[int | None, OrgNode | None], ranked: list[tuple[OrgNode | None, int, Entry]]) -> None:
    session = ctx.session
    covered: ColumnElement[bool] = Commendation.node_id.in_([key for key in groups if key is not None])
    if None in groups:
        covered = or_(covered, Commendation.node_id.is_(None))
    earlier = list(session.scalars(select(Commendation).where(Commendation.award == award.id, Commendation.period == period.label, covered)))
    final = next((row for row in earlier if row.status == "confirmed"), None)
    if final is not None:
        node = groups[final.node_id]
        raise Refused("commendations.already_confirmed", award=award.title, period=period.label, scope=node.label() if node else ctx.program.name)
    if earlier:
        session.execute(delete(Commendation).where(Commendation.id.in_([row.id for row in earlier])))
    rows = [
        {
            "award": award.id,
            "title": award.title,
            "period": period.label,
            "member_id": entry.member_id,
            "node_id": node.id if node else None,
            "rank": place,
            "metric": award.rank_by,
            "value": entry.value,
            "status": "draft",
            "decided_at": ctx.now(),
            "decided_by": ctx.operator.id,
        }
        for node, place, entry in ranked
    ]
    if rows:
        session.execute(insert(Commendation), rows)
    after = {"award": award.id, "period": period.label, "replaced": len(earlier), "winners": [row["member_id"] for row in rows]}
    record(ctx, Change("commendations.select", "commendation", None, after=after))


def _awarded(award: Award, period: Period, node: OrgNode | None, place: int, entry: Entry) -> Awarded:
    return Awarded(award.id, award.title, period.label, node.name if node else None, place, entry.member_id, entry.name, entry.phone, award.rank_by, entry.value)
