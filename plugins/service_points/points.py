"""Adding and staffing service points, and finding the nearest ones in the org tree.

"Nearest" is distance in the org tree: the steps from the need's node up to
the closest node it shares with the point, plus the steps down to the point.
A point at the same building entrance is 0 away, one elsewhere in the same
grid 2, and so on — the tree is the map a community already keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from linli.core import NotFound, Program, Refused
from linli.core.models import OrgNode, subtree_clause
from linli.core.services import Change, Context, get_node, get_team, record, require_scope

from linli.plugins.service_points.models import ServicePoint, ServicePointTeam


def kinds(program: Program) -> Mapping[str, Any]:
    section = program.section("service_points")
    if section is None:
        raise Refused("service_points.not_enabled")
    known: Mapping[str, Any] = section["kinds"]
    return known


def get_point(ctx: Context, code: str) -> ServicePoint:
    point = ctx.session.scalars(select(ServicePoint).where(ServicePoint.code == code)).one_or_none()
    if point is None:
        raise NotFound("service_points.not_found", code=code)
    return point


def add_point(
    ctx: Context, *, code: str, name: str, kind: str, node: str, opening_hours: str | None = None, address: str | None = None
) -> ServicePoint:
    """Open a point of a configured *kind* at org node *node* (a code)."""
    known = kinds(ctx.program)
    if kind not in known:
        raise Refused("service_points.bad_kind", kind=kind, known="、".join(known))
    anchor = get_node(ctx.session, node)
    require_scope(ctx, anchor)
    if not code.strip() or not name.strip():
        raise Refused("service_points.code_or_name_missing")
    if ctx.session.scalar(select(func.count()).where(ServicePoint.code == code)):
        raise Refused("service_points.duplicate_code", code=code)
    point = ServicePoint(code=code.strip(), name=name.strip(), kind=kind, node=anchor, opening_hours=opening_hours, address=address)
    ctx.session.add(point)
    ctx.session.flush()
    after = {"code": point.code, "name": point.name, "kind": kind, "node_id": anchor.id, "opening_hours": opening_hours}
    record(ctx, Change("service_points.add", "service_point", point.id, after=after))
    return point


def staff_point(ctx: Context, code: str, team_id: int) -> ServicePoint:
    """Let a team staff a point: its members may accept the orders routed there."""
    point = get_point(ctx, code)
    require_scope(ctx, point.node)
    team = get_team(ctx.session, team_id)
    if any(staff.team_id == team.id for staff in point.staffing):
        raise Refused("service_points.already_staffed", point=point.label(), team=team.label())
    point.staffing.append(ServicePointTeam(team_id=team.id))
    ctx.session.flush()
    record(ctx, Change("service_points.staff", "service_point", point.id, after={"team_id": team.id}))
    return point


def list_points(ctx: Context, *, root: OrgNode | None = None, kind: str | None = None) -> list[ServicePoint]:
    query = select(ServicePoint).join(OrgNode, OrgNode.id == ServicePoint.node_id).options(selectinload(ServicePoint.node))
    if root is not None:
        query = query.where(subtree_clause(root.path))
    if kind is not None:
        query = query.where(ServicePoint.kind == kind)
    return list(ctx.session.scalars(query.options(selectinload(ServicePoint.staffing)).order_by(OrgNode.path, ServicePoint.code)))


@dataclass(frozen=True)
class Nearby:
    point: ServicePoint
    distance: int  # steps in the org tree


def nearest(ctx: Context, *, kinds_wanted: Iterable[str], node: OrgNode) -> list[Nearby]:
    """Points of *kinds_wanted*, nearest to *node* in the org tree first (ties: by code)."""
    loaded = (selectinload(ServicePoint.node), selectinload(ServicePoint.staffing))
    query = select(ServicePoint).where(ServicePoint.kind.in_(set(kinds_wanted))).options(*loaded)
    found = [Nearby(point, tree_distance(node.path, point.node.path)) for point in ctx.session.scalars(query)]
    return sorted(found, key=lambda near: (near.distance, near.point.code))


def tree_distance(path: str, other: str) -> int:
    """Steps between two nodes given their materialized paths (``/1/5/23/``)."""
    a, b = path.strip("/").split("/"), other.strip("/").split("/")
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return len(a) + len(b) - 2 * shared


def route(ctx: Context, category: str, node_id: int) -> dict[str, Any] | None:
    """Where an order of *category* needed at *node_id* goes: the nearest point of a routed kind, with its first team."""
    section = ctx.program.section("service_points")
    routed = (section or {}).get("routing", {}).get(category)
    node = ctx.session.get(OrgNode, node_id)
    if not routed or node is None:
        return None
    found = nearest(ctx, kinds_wanted=routed, node=node)
    if not found:
        return None
    point = found[0].point
    kind_name = kinds(ctx.program)[point.kind]["name"]
    team_id = point.staffing[0].team_id if point.staffing else None
    return {"node_id": point.node_id, "team_id": team_id, "label": f"{kind_name}：{point.label()}"}
