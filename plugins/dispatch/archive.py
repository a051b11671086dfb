"""The service archive of one person served (服务档案), e.g. an elder living alone: every service received.

It lists the service records of the person's orders and, when the person is
also a registered member, every record naming them as served (time-bank
withdrawals, activities entered by hand), each once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from linli.core.models import ServiceRecord
from linli.core.services import Context, require_scope

from linli.plugins.dispatch.models import Need, Order, Requester
from linli.plugins.dispatch.people import find_person


Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class ArchiveLine:
    record_id: int
    order_id: int | None
    at: dt.datetime | None
    category: str
    volunteer: str  # name and masked phone
    minutes: int | None  # approved minutes once reviewed, else the minutes claimed
    state: str
    score: int | None
    comment: str | None


@dataclass(frozen=True)
class Archive:
    person: Requester
    lines: list[ArchiveLine]

    @property
    def approved_minutes(self) -> int:
        return sum(line.minutes or 0 for line in self.lines if line.state == "approved")


def service_archive(ctx: Context, person: str) -> Archive:
    """The archive of the requester named by *person* (``#id``, phone or name), oldest service first."""
    requester = find_person(ctx.session, person)
    require_scope(ctx, requester.node)
    ordered = select(ServiceRecord, Order.id).join(Order, Order.record_id == ServiceRecord.id).join(Need).where(Need.requester_id == requester.id)
    found: dict[int, tuple[ServiceRecord, int | None]] = {record.id: (record, order_id) for record, order_id in ctx.session.execute(_loaded(ordered))}
    if requester.member_id is not None:
        served = select(ServiceRecord).where(ServiceRecord.served_member_id == requester.member_id)
        for record in ctx.session.scalars(_loaded(served)):
            found.setdefault(record.id, (record, None))
    lines = [_line(record, order_id) for record, order_id in found.values()]
    return Archive(requester, sorted(lines, key=lambda line: (line.at or dt.datetime.min.replace(tzinfo=dt.UTC), line.record_id)))


def _loaded(query: Q) -> Q:
    """With each record's volunteer and activity, for the lines, in a fixed number of queries."""
    return query.options(selectinload(ServiceRecord.member), selectinload(ServiceRecord.activity))


def _line(record: ServiceRecord, order_id: int | None) -> ArchiveLine:
    minutes = record.approved_minutes if record.state == "approved" else record.minutes
    return ArchiveLine(
        record.id, order_id, record.check_in_at, record.activity.category, record.member.label(), minutes, record.state, record.score, record.comment
    )
