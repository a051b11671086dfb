"""What the organization screen reads: a node's children with this year's figures, and the role holders at a node.

Figures come from :func:`~linli.core.services.reports.build_report`, so the tree and
``linli report`` can never disagree. Reads only; every change goes through the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from linli.core.models import OrgNode
from linli.core.services import Context, children, get_node, require_admin, scope_node
from linli.core.services.reports import Figures, build_report
from linli.core.services.roles import check_holders


@dataclass(frozen=True)
class NodeLine:
    code: str
    name: str
    volunteers: int
    participants: int
    teams: int
    hours: float
    has_children: bool


@dataclass(frozen=True)
class HolderLine:
    assignment_id: int
    role: str
    member: str
    started_on: dt.date
    problems: tuple[str, ...]


def top_nodes(ctx: Context) -> list[NodeLine]:
    """The tree's first level: the operator's scope node, or every root for a program-wide admin."""
    require_admin(ctx)
    root = scope_node(ctx)
    tops = [root] if root else list(ctx.session.scalars(select(OrgNode).where(OrgNode.parent_id.is_(None)).order_by(OrgNode.id)))
    year = ctx.today().year
    parents = _with_children(ctx, tops)
    return [_line(node, build_report(ctx, org=node.code, year=year), node.id in parents) for node in tops]


def child_nodes(ctx: Context, code: str) -> list[NodeLine]:
    """The children of node *code*, each with its subtree's figures for this year (one report for them all)."""
    report = build_report(ctx, org=code, year=ctx.today().year)  # checks the operator's scope over *code*
    figures = {row.code: row for row in report.by_org}
    nodes = children(ctx.session, get_node(ctx.session, code))
    parents = _with_children(ctx, nodes)
    return [_line(node, figures[node.code], node.id in parents) for node in nodes]


def node_holders(ctx: Context, code: str) -> list[HolderLine]:
    """The active role holders at node *code*, each with the reasons they no longer meet the role's requirements.

    The checks of ``linli roles audit``, limited to one node so a click reads a handful of rows, not the whole scope.
    """
    lines = []
    for assignment, errors in check_holders(ctx, code):
        spec = ctx.program.roles.get(assignment.role)
        problems = tuple(error.render(ctx.program.locale) for error in errors)
        lines.append(HolderLine(assignment.id, spec.name if spec else assignment.role, assignment.member.label(), assignment.started_on, problems))
    return lines


def _with_children(ctx: Context, nodes: list[OrgNode]) -> set[int]:
    """Which of *nodes* have children: one grouped query, so leaves show no expand arrow."""
    if not nodes:
        return set()
    query = select(OrgNode.parent_id).where(OrgNode.parent_id.in_([n.id for n in nodes])).group_by(OrgNode.parent_id)
    return {parent for parent in ctx.session.scalars(query) if parent is not None}


def _line(node: OrgNode, figures: Figures, has_children: bool) -> NodeLine:
    return NodeLine(node.code, node.name, figures.registered_volunteers, figures.participants, figures.teams, figures.service_hours, has_children)
