"""A member's way through an activity: sign-up, check-in, check-out, evaluation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from linli.core.errors import NotFound, Refused
from linli.core.models.activities import Activity
from linli.core.models.service import RECORD_SOURCES, ServiceRecord
from linli.core.services.audit import Change, record
from linli.core.services.context import Context
from linli.core.services.evaluations import evaluate_many
from linli.core.services.members import get_member
from linli.core.services.scope import require_scope
from linli.core.i18n import state_label

# Check-in and check-out happen while sign-up is open or after it closed, never before or when called off.
RUNNING = frozenset({"open", "closed"})


def get_record(session: Session, record_id: int) -> ServiceRecord:
    found = session.get(ServiceRecord, record_id)
    if found is None:
        raise NotFound("service.not_found", id=record_id)
    return found


def sign_up(ctx: Context, *, activity_id: int, member_id: int, source: str = "self") -> ServiceRecord:
    """Take a seat at an open activity; refused when every seat is taken."""
    # Lock the activity row (PostgreSQL) and re-read it, so two sign-ups for the last seat take turns.
    activity = ctx.session.get(Activity, activity_id, with_for_update=True, populate_existing=True)
    if activity is None:
        raise NotFound("activities.not_found", id=activity_id)
    require_scope(ctx, activity.organizer_node)
    if source not in RECORD_SOURCES:
        raise Refused("service.bad_source", source=source, known="、".join(RECORD_SOURCES))
    if activity.status != "open":
        raise Refused("service.not_open", activity=activity.label(), status=state_label("activity", activity.status))
    member = get_member(ctx.session, member_id)
    if member.status != "active":
        raise Refused("members.not_active", member=member.label(), status=state_label("member", member.status))
    taken = select(func.count()).where(ServiceRecord.activity_id == activity.id, ServiceRecord.state != "rejected")
    if ctx.session.scalar(taken.where(ServiceRecord.member_id == member.id)):
        raise Refused("service.already_signed_up", member=member.label(), activity=activity.label())
    if activity.capacity is not None and (ctx.session.scalar(taken) or 0) >= activity.capacity:
        raise Refused("service.full", activity=activity.label(), capacity=activity.capacity)
    new = ServiceRecord(member=member, activity=activity, state="signed_up", source=source, recorded_by=ctx.operator.id)
    ctx.session.add(new)
    ctx.session.flush()
    record(ctx, Change("service.sign_up", "service_record", new.id, after=new.summary()))
    return new


def check_in(ctx: Context, record_id: int, *, at: dt.datetime | None = None) -> ServiceRecord:
    found = _running_record(ctx, record_id)
    found.move_to("checked_in")
    found.check_in_at = at or ctx.now()
    record(ctx, Change("service.check_in", "service_record", found.id, after={"check_in_at": found.check_in_at}))
    return found


def check_out(ctx: Context, record_id: int, *, at: dt.datetime | None = None, minutes: int | None = None) -> ServiceRecord:
    """Check out; the minutes claimed default to the span and may never exceed it."""
    found = _running_record(ctx, record_id)
    found.check_move("checked_out")
    at = at or ctx.now()
    assert found.check_in_at is not None
    if at < found.check_in_at:
        raise Refused("service.out_before_in", check_in_at=found.check_in_at, check_out_at=at)
    span = int((at - found.check_in_at).total_seconds() // 60)
    check_minutes(minutes, span)
    found.check_out_at, found.minutes = at, span if minutes is None else minutes
    found.move_to("checked_out")
    record(ctx, Change("service.check_out", "service_record", found.id, after={"check_out_at": at, "minutes": found.minutes}))
    return found


def evaluate(ctx: Context, record_id: int, *, score: int, comment: str | None = None) -> ServiceRecord:
    """Record the served person's rating (1–5) of a finished service, once: a batch of one."""
    evaluate_many(ctx, {record_id: (score, comment)})
    return get_record(ctx.session, record_id)


def check_minutes(minutes: int | None, span: int) -> None:
    """Minutes claimed are actual service time: not negative, not beyond the check-in/out span."""
    if minutes is None:
        return
    if minutes < 0:
        raise Refused("service.negative_minutes", minutes=minutes)
    if minutes > span:
        raise Refused("service.minutes_exceed_span", minutes=minutes, span=span)


def _running_record(ctx: Context, record_id: int) -> ServiceRecord:
    found = get_record(ctx.session, record_id)
    activity = found.activity
    require_scope(ctx, activity.organizer_node)
    if activity.status not in RUNNING:
        raise Refused("service.activity_not_running", activity=activity.label(), status=state_label("activity", activity.status))
    return found
