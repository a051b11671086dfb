"""The people served: found again by phone and name, linked to a member with the same phone."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from linli.core import NotFound, Refused, mask_mobile
from linli.core.models import Member, OrgNode
from linli.core.tabular import CellProblem, parsers

from linli.plugins.dispatch.models import Requester


def normalize_phone(raw: str | None) -> str | None:
    """The bare 11-digit mobile number, None for none; anything else is refused."""
    if raw is None or not raw.strip():
        return None
    try:
        return str(parsers.phone(raw))
    except CellProblem:
        raise Refused("dispatch.bad_phone", phone=raw) from None


def masked(phone: str | None) -> str:
    """138****5678, as every list and the audit log show a phone; a dash for none."""
    return mask_mobile(phone) if phone else "—"


def requester_label(requester: Requester) -> str:
    return f"{requester.name}（{masked(requester.phone)}）"


def find_or_add(session: Session, *, name: str, phone: str | None, node: OrgNode, address: str | None) -> Requester:
    """The requester with this phone and name (or this name at this node when there is no phone), else a new one."""
    if not name.strip():
        raise Refused("dispatch.name_missing")
    same = Requester.phone == phone if phone else (Requester.phone.is_(None)) & (Requester.node_id == node.id)
    found = session.scalars(select(Requester).where(same, Requester.name == name.strip()).limit(1)).first()
    if found is not None:
        return found
    member_id = session.scalar(select(Member.id).where(Member.phone == phone)) if phone else None
    requester = Requester(name=name.strip(), phone=phone, node=node, address=address, member_id=member_id)
    session.add(requester)
    return requester


def served_member_id(session: Session, requester: Requester) -> int | None:
    """The member served, looked up again (and kept) when the resident registered after asking."""
    requester.member_id = member_of(session, requester)
    return requester.member_id


def member_of(session: Session, requester: Requester) -> int | None:
    """The requester's member number, looked up by phone when the resident registered after asking; writes nothing."""
    if requester.member_id is None and requester.phone:
        return session.scalar(select(Member.id).where(Member.phone == requester.phone))
    return requester.member_id


def find_person(session: Session, text: str) -> Requester:
    """A requester named by ``#id``, full phone or exact name; a name shared by several is refused with their ids."""
    text = text.strip()
    if text.lstrip("#").isdigit() and len(text.lstrip("#")) < 11:
        found = session.get(Requester, int(text.lstrip("#")))
        if found is None:
            raise NotFound("dispatch.person_not_found", person=text)
        return found
    phone = normalize_phone(text) if text.isdigit() else None
    matches = list(session.scalars(select(Requester).where(or_(Requester.phone == phone, Requester.name == text)).order_by(Requester.id)))
    if not matches:
        raise NotFound("dispatch.person_not_found", person=text)
    if len(matches) > 1:
        raise Refused("dispatch.person_ambiguous", person=text, ids="、".join(f"#{r.id}" for r in matches))
    return matches[0]
