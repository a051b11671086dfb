"""Reviewing checked-out records: approve or reject many at once, one hook call per batch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core.errors import NotFound, Refused
from linli.core.models.activities import Activity
from linli.core.models.orgs import Team
from linli.core.models.service import ServiceRecord
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.rows import chunks
from linli.core.services.scope import require_admin, require_scope


@dataclass(frozen=True)
class ReviewResult:
    approved: list[ServiceRecord]
    rejected: list[ServiceRecord]


def review(ctx: Context, *, approve: Sequence[int] = (), reject: Mapping[int, str] | None = None) -> ReviewResult:
    """Approve the records *approve* and reject *reject* (record id → reason), all or none.

    Each approved record is credited its claimed minutes cut to the activity's
    cap. ``linli_service_approved`` is called once with every approved record,
    after they are written, so incentive plugins can post points in one batch.
    """
    require_admin(ctx)
    reject = dict(reject or {})
    both = sorted(set(approve) & set(reject))
    if both:
        raise Refused("service.approve_and_reject", records=", ".join(f"#{i}" for i in both))
    records = load_records(ctx, [*approve, *reject])
    for record_id, reason in reject.items():
        if not reason.strip():
            raise Refused("service.reason_missing", record=record_id)
    for found in records.values():
        require_scope(ctx, found.activity.organizer_node)
        found.check_move("rejected" if found.id in reject else "approved")
    now = ctx.now()
    approved: list[ServiceRecord] = []
    rejected: list[ServiceRecord] = []
    changes: list[Change] = []
    for record_id in dict.fromkeys(approve):
        found = records[record_id]
        found.move_to("approved")
        found.approved_minutes = found.credited_minutes()
        found.reviewed_by, found.reviewed_at = ctx.operator.id, now
        approved.append(found)
        changes.append(Change("service.approve", "service_record", found.id, after={"approved_minutes": found.approved_minutes}))
    for record_id, reason in reject.items():
        found = records[record_id]
        found.move_to("rejected")
        found.reject_reason = reason.strip()
        found.reviewed_by, found.reviewed_at = ctx.operator.id, now
        rejected.append(found)
        changes.append(Change("service.reject", "service_record", found.id, after={"reason": found.reject_reason}))
    ctx.session.flush()
    record_many(ctx, changes)
    if approved:
        ctx.hooks.linli_service_approved(ctx=ctx, records=approved)
    return ReviewResult(approved, rejected)


def load_records(ctx: Context, ids: Sequence[int]) -> dict[int, ServiceRecord]:
    """The records with their activities and organizers, in a fixed number of queries."""
    wanted = set(ids)
    activity = selectinload(ServiceRecord.activity)
    options = (activity.selectinload(Activity.host_node), activity.selectinload(Activity.host_team).selectinload(Team.anchor_node))
    found: dict[int, ServiceRecord] = {}
    for chunk in chunks(sorted(wanted)):
        found |= {r.id: r for r in ctx.session.scalars(select(ServiceRecord).where(ServiceRecord.id.in_(chunk)).options(*options))}
    missing = sorted(wanted - found.keys())
    if missing:
        raise NotFound("service.not_found", id=", ".join(map(str, missing)))
    return found
