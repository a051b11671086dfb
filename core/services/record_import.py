"""Service records entered after the fact: by an operator, from a platform export, from a paper ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.util import identity_key

from linli.core.errors import LinliError, NotFound, Refused
from linli.core.models.activities import Activity
from linli.core.models.members import Member
from linli.core.models.orgs import Team
from linli.core.models.service import RECORD_SOURCES, ServiceRecord
from linli.core.phone import mask_mobile, normalize_mobile
from linli.core.services.audit import Change, batch_change, record_many
from linli.core.services.context import Context
from linli.core.services.records import RUNNING, check_minutes
from linli.core.services.rows import RowProblem, chunks, insert_ids, raise_problems
from linli.core.services.scope import require_admin, require_scope
from linli.core.i18n import state_label

# Every column a row sets: records equal in all of them are interchangeable.
MATCH_ON = ("member_id", "activity_id", "state", "source", "check_in_at", "check_out_at", "minutes", "external_key")


@dataclass(frozen=True)
class ServiceRow:
    """One record to enter. The member is named by id or by phone.

    Without check-in/check-out times the activity's own times bound the minutes.
    """

    activity_id: int
    minutes: int
    member_id: int | None = None
    phone: str | None = None
    check_in_at: dt.datetime | None = None
    check_out_at: dt.datetime | None = None
    source: str = "import"
    external_key: str | None = None
    served_member_id: int | None = None  # the registered person served (time-bank withdrawals, archives)
    score: int | None = None  # the served person's rating, 1–5, when the sheet carries one


@dataclass(frozen=True)
class ImportResult:
    created: list[ServiceRecord]
    skipped: list[int]  # indexes of rows whose external_key is already stored


@dataclass(frozen=True)
class ImportedIds:
    """:class:`ImportResult` naming the new records by id, for callers that need no more (imports)."""

    created: list[int]
    skipped: list[int]


def record_manual(
    ctx: Context,
    *,
    member_id: int,
    activity_id: int,
    minutes: int,
    check_in_at: dt.datetime | None = None,
    check_out_at: dt.datetime | None = None,
    source: str = "operator",
    served_member_id: int | None = None,
) -> ServiceRecord:
    """An operator enters a record with its minutes; it waits for review as a checked-out record."""
    row = ServiceRow(
        activity_id, minutes, member_id=member_id, check_in_at=check_in_at, check_out_at=check_out_at, source=source, served_member_id=served_member_id
    )
    records = _record(ctx, [row], approve=False, single=True)[2]
    assert records is not None
    return records[0]


def record_imported_service(ctx: Context, rows: Sequence[ServiceRow], *, approve: bool = False) -> ImportResult:
    """Enter many records at once, all or none; rows whose ``external_key`` is stored are skipped.

    The audit log gets one entry naming the batch's records.

    With *approve* the records are approved as they are written (the importing
    operator certifies them) and ``linli_service_approved`` is called once.
    """
    ids, skipped, records = _record(ctx, rows, approve=approve, single=False)
    return ImportResult(records if records is not None else load_records(ctx.session, ids), skipped)


def record_imported_service_ids(ctx: Context, rows: Sequence[ServiceRow], *, approve: bool = False) -> ImportedIds:
    """:func:`record_imported_service` giving the new records' ids, in the order of *rows*.

    A district's ledger is a million rows a year; building an ORM object for
    each was a third of its import. Records are loaded here only when the
    approval hook runs (*approve* and an enabled plugin implementing it).
    """
    ids, skipped, _ = _record(ctx, rows, approve=approve, single=False)
    return ImportedIds(ids, skipped)


def _record(ctx: Context, rows: Sequence[ServiceRow], *, approve: bool, single: bool) -> tuple[list[int], list[int], list[ServiceRecord] | None]:
    """New ids, skipped row indexes, and the new records when something needed them loaded."""
    require_admin(ctx)
    session, problems = ctx.session, []
    keys = [row.external_key for row in rows if row.external_key]
    stored: set[str] = set()
    for chunk in chunks(set(keys)):
        stored |= set(session.scalars(select(ServiceRecord.external_key).where(ServiceRecord.external_key.in_(chunk))))
    skipped = [i for i, row in enumerate(rows) if row.external_key in stored]
    todo = [i for i, row in enumerate(rows) if row.external_key not in stored]
    members = _members(ctx, [rows[i] for i in todo])
    activities = _activities(ctx, {rows[i].activity_id for i in todo})
    served = {rows[i].served_member_id for i in todo} - {None}
    known_served = set(session.scalars(select(Member.id).where(Member.id.in_(served)))) if served else set()
    first_key: dict[str, int] = {}
    values: list[dict[str, Any]] = []
    for position, index in enumerate(todo):
        row = rows[index]
        try:
            if row.external_key in first_key:
                raise Refused("service.key_repeated", key=row.external_key, row=first_key[row.external_key] + 1)
            if row.external_key:
                first_key[row.external_key] = index
            if row.served_member_id is not None and row.served_member_id not in known_served:
                raise NotFound("members.not_found", id=row.served_member_id)
            values.append(_values(ctx, row, _found(members, position), _found(activities, row.activity_id), approve=approve))
        except LinliError as error:
            problems.append(RowProblem(index, error))
    raise_problems("service", problems, single=single)
    if not values:
        return [], skipped, []
    # Imported rows carry distinct external keys (repeats were refused above): matching on one column is enough.
    match_on = ("external_key",) if all(value["external_key"] for value in values) else MATCH_ON
    ids = insert_ids(session, ServiceRecord, values, match_on=match_on)
    hooked = approve and ctx.hooks.implemented("linli_service_approved")
    created = load_records(session, ids) if single or hooked else None
    if single:
        assert created is not None
        record_many(ctx, [Change("service.manual", "service_record", r.id, after=r.summary()) for r in created])
    else:
        record_many(ctx, [batch_change("service.import", "service_record", ids)])
    if hooked:
        ctx.hooks.linli_service_approved(ctx=ctx, records=created)
    return ids, skipped, created


def load_records(session: Session, ids: Sequence[int]) -> list[ServiceRecord]:
    """The records with *ids*, in that order."""
    found: dict[int, ServiceRecord] = {}
    for chunk in chunks(ids):
        found |= {r.id: r for r in session.scalars(select(ServiceRecord).where(ServiceRecord.id.in_(chunk)))}
    return [found[record_id] for record_id in ids]


def _values(ctx: Context, row: ServiceRow, member_id: int, activity: Activity, *, approve: bool) -> dict[str, Any]:
    if row.source not in RECORD_SOURCES:
        raise Refused("service.bad_source", source=row.source, known="、".join(RECORD_SOURCES))
    if activity.status not in RUNNING:
        raise Refused("service.activity_not_running", activity=activity.label(), status=state_label("activity", activity.status))
    if (row.check_in_at is None) != (row.check_out_at is None):
        raise Refused("service.times_incomplete")
    check_in_at, check_out_at = row.check_in_at or activity.starts_at, row.check_out_at or activity.ends_at
    if check_in_at.tzinfo is None or check_out_at.tzinfo is None:
        raise Refused("activities.naive_time")
    if check_out_at < check_in_at:
        raise Refused("service.out_before_in", check_in_at=check_in_at, check_out_at=check_out_at)
    check_minutes(row.minutes, int((check_out_at - check_in_at).total_seconds() // 60))
    if row.score is not None and not 1 <= row.score <= 5:
        raise Refused("service.bad_score", score=row.score)
    cap = activity.max_minutes_per_person
    values: dict[str, Any] = {
        "member_id": member_id,
        "activity_id": activity.id,
        "state": "checked_out",
        "source": row.source,
        "check_in_at": check_in_at,
        "check_out_at": check_out_at,
        "minutes": row.minutes,
        "recorded_by": ctx.operator.id,
        "external_key": row.external_key or None,
        "served_member_id": row.served_member_id,
        "score": row.score,
    }
    if approve:
        approved = row.minutes if cap is None else min(row.minutes, cap)
        values |= {"state": "approved", "approved_minutes": approved, "reviewed_by": ctx.operator.id, "reviewed_at": ctx.now()}
    return values


def _found(found: Mapping[Any, Any] | Sequence[Any], key: Any) -> Any:
    """The looked-up object, or the error the row gets for it."""
    value = found[key]
    if isinstance(value, LinliError):
        raise value
    return value


def _members(ctx: Context, rows: Sequence[ServiceRow]) -> list[int | LinliError]:
    """Each row's member id (or why it has none), in the order of *rows*, found in one query per chunk of ids and of phones."""
    by_id: dict[int, int] = {}
    by_phone: dict[str, int] = {}
    ids = {row.member_id for row in rows if row.member_id is not None}
    written = {row.phone for row in rows if row.member_id is None and row.phone}
    normalized = {phone: normalize_mobile(phone) for phone in written}
    phones = {phone for phone in normalized.values() if phone}
    for id_chunk in chunks(ids):
        by_id |= {found: found for found in ctx.session.scalars(select(Member.id).where(Member.id.in_(id_chunk)))}
    for phone_chunk in chunks(phones):
        by_phone |= {phone: found for phone, found in ctx.session.execute(select(Member.phone, Member.id).where(Member.phone.in_(phone_chunk)))}
    result: list[int | LinliError] = []
    for row in rows:
        if row.member_id is not None:
            result.append(by_id.get(row.member_id) or NotFound("members.not_found", id=row.member_id))
        elif not row.phone:
            result.append(Refused("service.member_missing"))
        elif (phone := normalized[row.phone]) is None:
            result.append(Refused("members.bad_phone", phone=row.phone))
        else:
            result.append(by_phone.get(phone) or NotFound("members.phone_unknown", phone=mask_mobile(phone)))
    return result


def _activities(ctx: Context, ids: set[int]) -> dict[int, Activity | LinliError]:
    """Each activity with its organizer loaded, or why a row may not use it (unknown, out of scope)."""
    activity_options = (selectinload(Activity.host_node), selectinload(Activity.host_team).selectinload(Team.anchor_node))
    result: dict[int, Activity | LinliError] = {}
    # An import's batches name the same activities again: those the session holds, organizer loaded, are not asked for.
    for activity_id in ids:
        held = ctx.session.identity_map.get(identity_key(Activity, activity_id))
        if isinstance(held, Activity) and _organizer_loaded(held):
            result[activity_id] = held
    for chunk in chunks(ids - result.keys()):
        result |= {a.id: a for a in ctx.session.scalars(select(Activity).where(Activity.id.in_(chunk)).options(*activity_options))}
    for activity_id in ids:
        activity = result.get(activity_id)
        if activity is None:
            result[activity_id] = NotFound("activities.not_found", id=activity_id)
        elif isinstance(activity, Activity):
            try:
                require_scope(ctx, activity.organizer_node)
            except LinliError as error:
                result[activity_id] = error
    return result


def _organizer_loaded(activity: Activity) -> bool:
    """Whether reading the activity's status, times and organizer node costs no query."""
    state = inspect(activity)
    if state.expired_attributes or {"host_node", "host_team"} & state.unloaded:
        return False
    team = activity.host_team
    return team is None or "anchor_node" not in inspect(team).unloaded
