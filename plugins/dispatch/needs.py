"""Raising needs (需求): by the resident (点单), at the door by a station (开门询单), or from the annual survey."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from linli.core import LinliError, NotFound
from linli.core.models import OrgNode, subtree_clause
from linli.core.services import Change, Context, record_many, require_scope

from linli.plugins.dispatch.models import Need, Order, Requester
from linli.plugins.dispatch.people import find_or_add, masked, normalize_phone
from linli.plugins.dispatch.settings import Settings


@dataclass(frozen=True)
class NeedRow:
    """One need as a person states it; *node* is the org code of the household (e.g. its building entrance)."""

    name: str
    node: str
    category: str
    phone: str | None = None
    address: str | None = None
    description: str | None = None
    urgency: str | None = None
    preferred_time: str | None = None


@dataclass(frozen=True)
class RowError:
    """Why the row at *index* can't be taken; *field* names the NeedRow field at fault."""

    index: int
    field: str
    error: LinliError


def raise_need(ctx: Context, row: NeedRow, *, channel: str) -> Need:
    """Take one need through *channel* (``self`` 点单 or ``door`` 开门询单)."""
    return raise_needs(ctx, [row], channel=channel)[0]


def raise_needs(ctx: Context, rows: Sequence[NeedRow], *, channel: str, survey_year: int | None = None) -> list[Need]:
    """Take many needs at once, all or none (the survey path); the first bad row's error is raised."""
    settings = Settings.of(ctx.program)
    settings.channel(channel)
    nodes = _nodes(ctx.session, rows)
    errors = _problems(ctx, rows, nodes)
    if errors:
        raise errors[0].error
    now = ctx.now()
    needs = []
    for row in rows:
        node = nodes[row.node]
        assert isinstance(node, OrgNode)
        requester = find_or_add(ctx.session, name=row.name, phone=normalize_phone(row.phone), node=node, address=row.address)
        need = Need(
            requester=requester,
            node=node,
            category=row.category,
            description=row.description,
            urgency=settings.urgency(row.urgency).key,
            preferred_time=row.preferred_time,
            channel=channel,
            survey_year=survey_year,
            raised_at=now,
            taken_by=ctx.operator.id,
        )
        ctx.session.add(need)
        needs.append(need)
    ctx.session.flush()
    record_many(ctx, [Change("dispatch.need", "dispatch_need", need.id, after=need_summary(need), personal=NEED_PERSONAL_KEYS) for need in needs])
    return needs


def check_rows(ctx: Context, rows: Sequence[NeedRow]) -> list[RowError]:
    """Every row's problems in one pass (org codes looked up in one query): node and scope, category, urgency, phone."""
    return _problems(ctx, rows, _nodes(ctx.session, rows))


def _problems(ctx: Context, rows: Sequence[NeedRow], nodes: Mapping[str, OrgNode | LinliError]) -> list[RowError]:
    settings = Settings.of(ctx.program)
    checks: dict[str, Callable[[NeedRow], object]] = {
        "node": lambda row: _in_scope(ctx, nodes[row.node]),
        "category": lambda row: settings.check_category(row.category),
        "urgency": lambda row: settings.urgency(row.urgency),
        "phone": lambda row: normalize_phone(row.phone),
    }
    errors: list[RowError] = []
    for index, row in enumerate(rows):
        for field, check in checks.items():
            try:
                check(row)
            except LinliError as error:
                errors.append(RowError(index, field, error))
    return errors


def _in_scope(ctx: Context, node: OrgNode | LinliError) -> None:
    if isinstance(node, LinliError):
        raise node
    require_scope(ctx, node)


def _nodes(session: Session, rows: Sequence[NeedRow]) -> dict[str, OrgNode | LinliError]:
    codes = {row.node for row in rows}
    found: dict[str, OrgNode | LinliError] = {n.code: n for n in session.scalars(select(OrgNode).where(OrgNode.code.in_(codes)))}
    return found | {code: NotFound("orgs.not_found", code=code) for code in codes - found.keys()}


def open_needs_clause() -> ColumnElement[bool]:
    """Needs without a live order: never ordered, or every order cancelled."""
    live = select(Order.id).where(Order.need_id == Need.id, Order.state != "cancelled")
    return ~exists(live)


def open_needs_by_category(session: Session, node: OrgNode) -> dict[str, int]:
    """Open needs per category in *node*'s subtree (the demand side of the 供需菜单)."""
    query = (
        select(Need.category, func.count())
        .join(OrgNode, OrgNode.id == Need.node_id)
        .where(subtree_clause(node.path), open_needs_clause())
        .group_by(Need.category)
    )
    return dict(session.execute(query).all())


def get_need(session: Session, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound("dispatch.need_not_found", id=need_id)
    return need


# Who asked and their phone: sealed in the audit log, so erasing the person can remove them (see erasure.py).
NEED_PERSONAL_KEYS = frozenset({"requester", "phone"})


def need_summary(need: Need) -> dict[str, object]:
    requester: Requester = need.requester
    return {
        "requester": requester.name,
        "phone": masked(requester.phone),
        "node_id": need.node_id,
        "category": need.category,
        "urgency": need.urgency,
        "channel": need.channel,
        "survey_year": need.survey_year,
    }

