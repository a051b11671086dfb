"""Reviewing checked-out records: approve or reject many at once, one hook call per batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from linli.core.errors import NotFound, Refused
from linli.core.models.activities import Activity
from linli.core.models.orgs import Team
from linli.core.models.service import ServiceRecord
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.rows import chunks, collector_paused
from linli.core.services.scope import require_admin, require_scope

_records = ServiceRecord.__table__
REVIEW = (
    update(_records)  # type: ignore[arg-type]
    # Only a record still waiting for review: under PostgreSQL's READ COMMITTED another
    # administrator may have reviewed it between our read and this write.
    .where(_records.c.id == bindparam("record_id"), _records.c.state == "checked_out")
    .values(
        state=bindparam("state"),
        approved_minutes=bindparam("approved_minutes"),
        reject_reason=bindparam("reject_reason"),
        reviewed_by=bindparam("reviewed_by"),
        reviewed_at=bindparam("reviewed_at", type_=_records.c.reviewed_at.type),
    )
)


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
    with collector_paused():
        return _review(ctx, approve, dict(reject or {}))


def _review(ctx: Context, approve: Sequence[int], reject: dict[int, str]) -> ReviewResult:
    require_admin(ctx)
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
    approved = [records[record_id] for record_id in dict.fromkeys(approve)]
    rejected = [records[record_id] for record_id in reject]
    verdicts = [(found, "approved", found.credited_minutes(), None) for found in approved]
    verdicts += [(found, "rejected", None, reject[found.id].strip()) for found in rejected]
    _write_verdicts(ctx, verdicts, now)
    changes = [Change("service.approve", "service_record", found.id, after={"approved_minutes": found.approved_minutes}) for found in approved]
    changes += [Change("service.reject", "service_record", found.id, after={"reason": found.reject_reason}) for found in rejected]
    record_many(ctx, changes)
    if approved:
        ctx.hooks.linli_service_approved(ctx=ctx, records=approved)
    return ReviewResult(approved, rejected)


Verdict = tuple[ServiceRecord, str, int | None, str | None]  # the record, its new state, credited minutes, reject reason


def _write_verdicts(ctx: Context, verdicts: Sequence[Verdict], now: dt.datetime) -> None:
    """One executemany UPDATE for the batch, then the loaded records told what they now hold.

    Letting the ORM flush thousands of changed records costs more than the
    approval itself (bench/district.py); the records stay loaded and clean
    for the hooks that read them next. A record another review changed since
    it was read is not written, and then the whole batch is refused.
    """
    if not verdicts:
        return
    rows = [
        {"record_id": found.id, "state": state, "approved_minutes": minutes, "reject_reason": reason, "reviewed_by": ctx.operator.id, "reviewed_at": now}
        for found, state, minutes, reason in verdicts
    ]
    if ctx.session.connection().execute(REVIEW, rows).rowcount != len(rows):
        raise Refused("service.reviewed_meanwhile")
    for (found, *_), row in zip(verdicts, rows, strict=True):
        for column in ("state", "approved_minutes", "reject_reason", "reviewed_by", "reviewed_at"):
            set_committed_value(found, column, row[column])


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
