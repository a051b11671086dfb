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
APPROVE = (
    update(_records)  # type: ignore[arg-type]
    # Only a record still waiting for review: under PostgreSQL's READ COMMITTED another
    # administrator may have rejected it between our read and this write.
    .where(_records.c.id == bindparam("record_id"), _records.c.state == "checked_out")
    .values(
        state="approved",
        approved_minutes=bindparam("credited"),
        reviewed_by=bindparam("reviewer"),
        reviewed_at=bindparam("now", type_=_records.c.reviewed_at.type),
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
    approved: list[ServiceRecord] = []
    rejected: list[ServiceRecord] = []
    changes: list[Change] = []
    credited: list[dict[str, int]] = []
    for record_id in dict.fromkeys(approve):
        found = records[record_id]
        credited.append({"record_id": found.id, "credited": found.credited_minutes()})
        approved.append(found)
        changes.append(Change("service.approve", "service_record", found.id, after={"approved_minutes": credited[-1]["credited"]}))
    _approve(ctx, approved, credited, now)
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


def _approve(ctx: Context, records: Sequence[ServiceRecord], credited: Sequence[dict[str, int]], now: dt.datetime) -> None:
    """One executemany UPDATE for the batch, then the loaded records told what they now hold.

    Letting the ORM flush thousands of changed records costs more than the
    approval itself (bench/district.py); the records stay loaded and clean
    for the hooks that read them next.
    """
    if not records:
        return
    written = ctx.session.connection().execute(APPROVE, [{**row, "reviewer": ctx.operator.id, "now": now} for row in credited])
    if written.rowcount != len(credited):
        raise Refused("service.reviewed_meanwhile")
    for found, row in zip(records, credited, strict=True):
        for column, value in (("state", "approved"), ("approved_minutes", row["credited"]), ("reviewed_by", ctx.operator.id), ("reviewed_at", now)):
            set_committed_value(found, column, value)


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
