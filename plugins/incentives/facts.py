"""Loading what rules read about a batch of approved records: two queries per chunk of records.

The queries select columns, not entities, so they run on the session's
connection: the ORM's row handling would cost more than the rows themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import ServiceFacts
from linli.core.models import Activity, Member, MemberTag, OrgNode, ServiceRecord
from linli.core.services import chunks

def load_facts(session: Session, record_ids: Sequence[int], zone: dt.tzinfo) -> list[ServiceFacts]:
    """The facts of *record_ids*, in service order (time served, then record id)."""
    rows = []
    query = (
        select(
            ServiceRecord.id,
            ServiceRecord.member_id,
            ServiceRecord.activity_id,
            ServiceRecord.source,
            ServiceRecord.approved_minutes,
            ServiceRecord.score,
            ServiceRecord.check_in_at,
            Activity.starts_at,
            Activity.category,
            Activity.kind,
            Member.registered_on,
            Member.referred_by_id,
            OrgNode.code,
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Member, Member.id == ServiceRecord.member_id)
        .join(OrgNode, OrgNode.id == Member.home_node_id)
    )
    session.flush()  # what the ORM still holds is read too, as its autoflush would
    connection = session.connection()
    for chunk in chunks(record_ids):
        rows.extend(connection.execute(query.where(ServiceRecord.id.in_(chunk))))
    tags = member_tags(session, {row.member_id for row in rows})
    facts = [
        ServiceFacts(
            record_id=row.id,
            member_id=row.member_id,
            activity_id=row.activity_id,
            category=row.category,
            activity_kind=row.kind,
            source=row.source,
            minutes=row.approved_minutes or 0,
            score=row.score,
            served_at=(row.check_in_at or row.starts_at).astimezone(zone),
            tags=tags.get(row.member_id, frozenset()),
            registered_on=row.registered_on,
            referred_by_id=row.referred_by_id,
            home_node_code=row.code,
        )
        for row in rows
    ]
    return sorted(facts, key=lambda f: (f.served_at, f.record_id))


def member_tags(session: Session, member_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    found: defaultdict[int, set[str]] = defaultdict(set)
    connection = session.connection()
    for chunk in chunks(member_ids):
        for member_id, tag in connection.execute(select(MemberTag.member_id, MemberTag.tag).where(MemberTag.member_id.in_(chunk))):
            found[member_id].add(tag)
    return {member_id: frozenset(tags) for member_id, tags in found.items()}


def home_codes(session: Session, member_ids: Iterable[int]) -> dict[int, str]:
    """Each member's home node code: whose issuer account their points come from."""
    codes: dict[int, str] = {}
    query = select(Member.id, OrgNode.code).join(OrgNode, OrgNode.id == Member.home_node_id)
    for chunk in chunks(member_ids):
        codes.update((member_id, code) for member_id, code in session.execute(query.where(Member.id.in_(chunk))))
    return codes
