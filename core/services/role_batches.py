"""Filling many role seats at once: a community's whole 两长四员 roster, or a new term's appointments.

:func:`linli.core.services.assign_role` costs half a dozen queries and an
audit append per seat; here nodes, members, occupied seats and star levels
are read once per chunk, every row gets the same checks, and the batch is
one insert and one audit append.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core.errors import NotFound, Refused
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode
from linli.core.models.roles import RoleAssignment
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.roles import unmet_requirements, unmet_stars, role_spec, star_levels
from linli.core.services.rows import chunks, insert_many
from linli.core.services.scope import require_admin, require_scope


@dataclass(frozen=True)
class RoleRow:
    """One seat to fill: *role* at the node *node* (a code), held by *member_id*."""

    member_id: int
    node: str
    role: str
    started_on: dt.date | None = None


def assign_roles(ctx: Context, rows: Sequence[RoleRow]) -> list[RoleAssignment]:
    """Give every row its role, all or none, with assign_role's checks; the first failing row's problem is raised."""
    require_admin(ctx)
    specs = {row.role: role_spec(ctx.program, row.role) for row in rows}
    nodes: dict[str, OrgNode] = {}
    members: dict[int, Member] = {}
    for chunk in chunks({row.node for row in rows}):
        nodes |= {node.code: node for node in ctx.session.scalars(select(OrgNode).where(OrgNode.code.in_(chunk)))}
    for chunk in chunks({row.member_id for row in rows}):
        query = select(Member).where(Member.id.in_(chunk)).options(selectinload(Member.tag_rows))
        members |= {member.id: member for member in ctx.session.scalars(query)}
    seats: Counter[tuple[int, str]] = Counter()
    holders: set[tuple[int, str, int]] = set()
    for chunk in chunks({node.id for node in nodes.values()}):
        active = select(RoleAssignment.node_id, RoleAssignment.role, RoleAssignment.member_id).where(
            RoleAssignment.node_id.in_(chunk), RoleAssignment.ended_on.is_(None)
        )
        for node_id, role, member_id in ctx.session.execute(active):
            seats[node_id, role] += 1
            holders.add((node_id, role, member_id))
    starred = sorted({row.member_id for row in rows if specs[row.role].min_stars is not None})
    stars = star_levels(ctx, starred) if starred else None
    scoped: set[int] = set()
    values = []
    for row in rows:
        spec, node, member = specs[row.role], nodes.get(row.node), members.get(row.member_id)
        if node is None:
            raise NotFound("orgs.not_found", code=row.node)
        if member is None:
            raise NotFound("members.not_found", id=row.member_id)
        if node.id not in scoped:
            require_scope(ctx, node)
            scoped.add(node.id)
        for problem in unmet_requirements(ctx.program, spec, node, member):
            raise problem
        if (node.id, row.role, member.id) in holders:
            raise Refused("roles.already_held", member=member.label(), role=spec.name, node=node.label())
        if spec.max_per_node is not None and seats[node.id, row.role] >= spec.max_per_node:
            raise Refused("roles.node_full", role=spec.name, node=node.label(), max=spec.max_per_node)
        if spec.min_stars is not None:
            for problem in unmet_stars(spec, member, stars):
                raise problem
        seats[node.id, row.role] += 1
        holders.add((node.id, row.role, member.id))
        values.append({"member_id": member.id, "node_id": node.id, "role": row.role, "started_on": row.started_on or ctx.today()})
    created = insert_many(ctx.session, RoleAssignment, values, match_on=("member_id", "node_id", "role"))
    record_many(ctx, [Change("role.assign", "role_assignment", a.id, after=a.summary()) for a in created])
    return created
