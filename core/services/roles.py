"""Assigning roles at org nodes, checking the program's requirements, and auditing holders."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import selectinload

from linli.core.config.program import Program, RoleSpec
from linli.core.errors import LinliError, NotFound, PluginError, Refused
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode
from linli.core.models.roles import RoleAssignment
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.members import get_member
from linli.core.services.orgs import get_node
from linli.core.services.scope import require_admin, require_scope, scope_node
from linli.core.i18n import state_label


def role_spec(program: Program, role: str) -> RoleSpec:
    spec = program.roles.get(role)
    if spec is None:
        raise NotFound("roles.unknown_role", role=role, known="、".join(program.roles))
    return spec


def assign_role(ctx: Context, *, member_id: int, node: str, role: str, started_on: dt.date | None = None) -> RoleAssignment:
    """Give *member_id* the role *role* at node *node* (a code), if they meet its requirements.

    A refusal names the role, the node and what is missing.
    """
    spec = role_spec(ctx.program, role)
    target = get_node(ctx.session, node)
    require_scope(ctx, target)
    member = get_member(ctx.session, member_id)
    for problem in unmet_requirements(ctx.program, spec, target, member):
        raise problem
    if ctx.session.scalar(select(func.count()).where(*_active_at(target, role), RoleAssignment.member_id == member.id)):
        raise Refused("roles.already_held", member=member.label(), role=spec.name, node=target.label())
    held = ctx.session.scalar(select(func.count()).where(*_active_at(target, role))) or 0
    if spec.max_per_node is not None and held >= spec.max_per_node:
        raise Refused("roles.node_full", role=spec.name, node=target.label(), max=spec.max_per_node)
    if spec.min_stars is not None:
        stars = star_levels(ctx, [member.id])
        for problem in unmet_stars(spec, member, stars):
            raise problem
    assignment = RoleAssignment(member=member, node=target, role=role, started_on=started_on or ctx.today())
    ctx.session.add(assignment)
    ctx.session.flush()
    record(ctx, Change("role.assign", "role_assignment", assignment.id, after=assignment.summary()))
    return assignment


def end_role(ctx: Context, assignment_id: int, *, ended_on: dt.date | None = None) -> RoleAssignment:
    """End a term; the row stays as history."""
    assignment = ctx.session.get(RoleAssignment, assignment_id)
    if assignment is None:
        raise NotFound("roles.assignment_not_found", id=assignment_id)
    require_scope(ctx, assignment.node)
    if assignment.ended_on is not None:
        raise Refused("roles.already_ended", id=assignment.id, ended_on=assignment.ended_on)
    ended_on = ended_on or ctx.today()
    if ended_on < assignment.started_on:
        raise Refused("roles.ends_before_start", id=assignment.id, started_on=assignment.started_on)
    before = assignment.summary()
    assignment.ended_on = ended_on
    record(ctx, Change("role.end", "role_assignment", assignment.id, before=before, after=assignment.summary()))
    return assignment


@dataclass(frozen=True)
class HolderProblem:
    """An active role holder who no longer meets the role's requirements, and why."""

    assignment: RoleAssignment
    error: LinliError

    def message(self, locale: str | None = None) -> str:
        return self.error.render(locale)


def audit_holders(ctx: Context) -> list[HolderProblem]:
    """Every active holder in the operator's scope who fails a requirement today.

    Requirements may have tightened since assignment (the program changed, a
    tag was removed, stars dropped, the member left). Star levels are asked
    for in one batch; when no plugin answers, each holder of a role with a
    star requirement is reported as uncheckable.
    """
    return [HolderProblem(assignment, error) for assignment, errors in check_holders(ctx) for error in errors]


def check_holders(ctx: Context, node: str | None = None) -> list[tuple[RoleAssignment, list[LinliError]]]:
    """Every active holder at node code *node* (default: anywhere in the operator's scope), each with the requirements they fail.

    Holders who meet every requirement are listed too, with no errors, so a
    screen can show a node's holders and their warnings from one read.
    """
    query = (
        select(RoleAssignment)
        .where(RoleAssignment.ended_on.is_(None))
        .options(selectinload(RoleAssignment.member).selectinload(Member.tag_rows), selectinload(RoleAssignment.node))
        .order_by(RoleAssignment.node_id, RoleAssignment.role, RoleAssignment.started_on, RoleAssignment.id)
    )
    if node is not None:
        at = get_node(ctx.session, node)
        require_scope(ctx, at)
        query = query.where(RoleAssignment.node_id == at.id)
    else:
        require_admin(ctx)
        root = scope_node(ctx)
        if root is not None:
            query = query.join(OrgNode, RoleAssignment.node_id == OrgNode.id).where(root.subtree_clause())
    assignments = list(ctx.session.scalars(query))
    needs_stars = {a.member_id for a in assignments if (s := ctx.program.roles.get(a.role)) and s.min_stars is not None}
    stars = star_levels(ctx, sorted(needs_stars)) if needs_stars else {}
    checked: list[tuple[RoleAssignment, list[LinliError]]] = []
    seen: Counter[tuple[int, str]] = Counter()
    for assignment in assignments:
        spec = ctx.program.roles.get(assignment.role)
        if spec is None:
            checked.append((assignment, [NotFound("roles.unknown_role", role=assignment.role, known="、".join(ctx.program.roles))]))
            continue
        seen[assignment.node_id, assignment.role] += 1
        errors = list(unmet_requirements(ctx.program, spec, assignment.node, assignment.member))
        # The earliest holders keep their places; those beyond the maximum are reported.
        if spec.max_per_node is not None and seen[assignment.node_id, assignment.role] > spec.max_per_node:
            errors.append(Refused("roles.node_full", role=spec.name, node=assignment.node.label(), max=spec.max_per_node))
        if spec.min_stars is not None:
            errors.extend(unmet_stars(spec, assignment.member, stars))
        checked.append((assignment, errors))
    return checked


def star_levels(ctx: Context, member_ids: list[int]) -> Mapping[int, int] | None:
    """Ask the star-rating plugin; None when no enabled plugin rates stars."""
    answer = ctx.hooks.linli_star_levels(ctx=ctx, member_ids=member_ids)
    if answer is not None and not isinstance(answer, Mapping):
        raise PluginError("?", "linli_star_levels", f"returned {type(answer).__name__}, expected a mapping of member id to stars")
    return answer


def _active_at(node: OrgNode, role: str) -> tuple[ColumnElement[bool], ...]:
    return (RoleAssignment.node_id == node.id, RoleAssignment.role == role, RoleAssignment.ended_on.is_(None))


def unmet_requirements(program: Program, spec: RoleSpec, node: OrgNode, member: Member) -> Iterable[LinliError]:
    """The requirements other than stars and seats that *member* fails for *spec* at *node*."""
    if spec.levels and node.level not in spec.levels:
        allowed = "、".join(_level_name(program, level) for level in spec.levels)
        yield Refused("roles.level_not_allowed", role=spec.name, node=node.label(), level=_level_name(program, node.level), allowed=allowed)
    if member.status != "active":
        yield Refused("roles.member_not_active", role=spec.name, node=node.label(), member=member.label(), status=state_label("member", member.status))
    missing = [tag for tag in spec.required_tags if tag not in member.tags]
    if missing:
        names = "、".join(program.member_tags[tag].name if tag in program.member_tags else tag for tag in missing)
        yield Refused("roles.missing_tags", role=spec.name, node=node.label(), member=member.label(), tags=names)


def unmet_stars(spec: RoleSpec, member: Member, stars: Mapping[int, int] | None) -> Iterable[LinliError]:
    assert spec.min_stars is not None
    if stars is None:
        yield Refused("roles.stars_unavailable", role=spec.name, min=spec.min_stars)
    elif stars.get(member.id, 0) < spec.min_stars:
        yield Refused("roles.not_enough_stars", role=spec.name, member=member.label(), stars=stars.get(member.id, 0), min=spec.min_stars)


def _level_name(program: Program, key: str) -> str:
    # A node may keep a level the program has since dropped; show its key then.
    return next((level.name for level in program.levels if level.key == key), key)
