"""``linli member erase`` reaches the people served: a member's requester rows lose name, phone, address and what their needs said.

A requester linked to the member is the member: it is pseudonymized like the
member and its needs' free text is cleared, while its id, needs, orders and
their service records stay, so the dispatch report and the service archive
still count them. A requester not linked but reached at the member's phone
is someone else (a parent calling from their child's phone): only the phone,
which is the member's, is removed. The same goes for the audit log: the
``dispatch.need`` entries of the member's requester lose every personal
value, those of the other requester only the phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select, update

from linli.core import Context
from linli.core.models import Member
from linli.core.services import AuditTarget, Change, erased_name, record_many

from linli.plugins.dispatch.models import Need, Requester

# Of a need's audit summary, what is the member's when the requester is someone else reached at their phone.
PHONE_ONLY = frozenset({"phone"})


def erase_requesters(ctx: Context, member_ids: Sequence[int]) -> list[AuditTarget]:
    """Erase the requesters who are, or were reached at the phone of, *member_ids*; returns their needs' audit targets."""
    session = ctx.session
    phones = {phone: member for member, phone in session.execute(select(Member.id, Member.phone).where(Member.id.in_(member_ids)))}
    found = session.scalars(select(Requester).where(or_(Requester.member_id.in_(member_ids), Requester.phone.in_(phones))).order_by(Requester.id))
    changes: list[Change] = []
    linked: list[int] = []
    reached: list[int] = []
    for requester in found:
        if requester.member_id in member_ids:
            requester.name, requester.address = erased_name(requester.member_id), None
            linked.append(requester.id)
        else:
            reached.append(requester.id)
        requester.phone = None
        # Only the fact is audited: the old values are what the person asked to remove.
        changes.append(Change("dispatch.requester_erase", "dispatch_requester", requester.id, after={"erased": True}))
    if linked:
        session.execute(update(Need).where(Need.requester_id.in_(linked)).values(description=None, preferred_time=None))
    session.flush()
    record_many(ctx, changes)
    needs = session.execute(select(Need.id, Need.requester_id).where(Need.requester_id.in_(linked + reached)).order_by(Need.id))
    return [AuditTarget("dispatch_need", need_id, None if requester_id in linked else PHONE_ONLY) for need_id, requester_id in needs]
