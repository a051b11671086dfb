"""Changing a registered member: details, status, and revealing masked numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from linli.core.errors import PermissionDenied, Refused
from linli.core.models.members import MEMBER_STATUSES, PERSONAL_KEYS, Member, MemberTag
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.members import MemberRow, get_member, repeats, validate_row
from linli.core.services.orgs import get_node
from linli.core.services.rows import raise_problems
from linli.core.services.scope import require_scope


class _Keep:
    """Marks an argument not given, since None is a real value ("clear the ID number")."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def update_member(
    ctx: Context,
    member_id: int,
    *,
    name: str = KEEP,
    phone: str = KEEP,
    home_node: str = KEEP,
    id_number: str | None = KEEP,
    gender: str | None = KEEP,
    birth_date: dt.date | None = KEEP,
    tags: Sequence[str] = KEEP,
    skills: Sequence[str] = KEEP,
    willingness: Sequence[str] = KEEP,
) -> Member:
    """Change the given fields, checked as at registration; moving home needs scope over both nodes."""
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    arguments = dict(
        name=name,
        phone=phone,
        home_node=home_node,
        id_number=id_number,
        gender=gender,
        birth_date=birth_date,
        tags=tags,
        skills=skills,
        willingness=willingness,
    )
    given: dict[str, Any] = {key: value for key, value in arguments.items() if value is not KEEP}
    if "id_number" in given:
        # A new ID number re-derives gender and birth date unless they are given too.
        given.setdefault("gender", None)
        given.setdefault("birth_date", None)
    current = MemberRow(
        member.name,
        member.phone,
        member.home_node.code,
        member.id_number,
        member.gender,
        member.birth_date,
        list(member.tags),
        member.skills,
        member.willingness,
        member.channel,
        member.registered_on,
    )
    row = replace(current, **given)
    node = get_node(ctx.session, row.home_node)
    require_scope(ctx, node)
    columns = validate_row(ctx, row)
    for column in ("phone", "id_number"):
        raise_problems("members", repeats(ctx.session, {0: columns}, column, exclude=member.id), single=True)
    before = member.summary()
    wanted = columns.pop("tags")
    for key in ("registered_on", "status", "channel"):
        columns.pop(key)
    for key, value in columns.items():
        setattr(member, key, value)
    member.home_node = node
    # Keep the rows of tags that stay, so only real changes are written.
    kept = [r for r in member.tag_rows if r.tag in wanted]
    member.tag_rows = kept + [MemberTag(tag=tag) for tag in wanted if tag not in {r.tag for r in kept}]
    ctx.session.flush()
    if member.summary() != before:
        record(ctx, Change("member.update", "member", member.id, before=before, after=member.summary(), personal=PERSONAL_KEYS))
    return member


def set_member_status(ctx: Context, member_id: int, status: str) -> Member:
    """Suspend, reactivate or mark a member as left; the member's history stays."""
    if status not in MEMBER_STATUSES:
        raise Refused("members.bad_status", status=status, known="、".join(MEMBER_STATUSES))
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    if member.status != status:
        before = {"status": member.status}
        member.status = status
        record(ctx, Change("member.status", "member", member.id, before=before, after={"status": status}))
    return member


def reveal_identity(ctx: Context, member_id: int) -> tuple[str, str | None]:
    """The full phone and ID number, for operators allowed to unmask; every look is audited."""
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    if not ctx.operator.can_unmask:
        raise PermissionDenied("scope.cannot_unmask", operator=ctx.operator.label())
    record(ctx, Change("member.unmask", "member", member.id))
    return member.phone, member.id_number
