"""Erasing a member's personal data on request (PIPL art. 47), keeping their service history countable."""

from __future__ import annotations

from linli.core.errors import Refused
from linli.core.models.members import Member
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.members import get_member
from linli.core.services.scope import require_scope

ERASED_PREFIX = "已注销#"


def erase_member(ctx: Context, member_id: int) -> Member:
    """Replace the member's personal fields with placeholders; the row, its id and everything linked to it stay.

    Hours, points, roles and the audit chain refer to the member's id, so
    report totals and the ledger are unchanged. The status is left as it is:
    leaving is its own, separately audited act.
    """
    member = get_member(ctx.session, member_id)
    require_scope(ctx, member.home_node)
    if member.name.startswith(ERASED_PREFIX):
        raise Refused("erase.already", id=member.id)
    member.name = f"{ERASED_PREFIX}{member.id}"
    # Mobile numbers start with 1, so a leading 0 can never collide with a real person's number.
    member.phone = f"0{member.id:010d}"
    member.id_number = None
    member.id_tail = None
    member.gender = None
    member.birth_date = None
    member.skills = []
    member.willingness = []
    member.tags = []  # tags such as 党员 are personal data too
    # Only the fact is audited: copying the old values here would keep what the person asked to remove.
    record(ctx, Change("member.erase", "member", member.id, after={"erased": True}))
    ctx.session.flush()
    return member
