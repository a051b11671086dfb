"""``linli import service``: service hours from a paper ledger or another platform into ``record_imported_service_ids``.

Each row gets an ``external_key`` made of who served, at which activity and
from when to when, so importing the same sheet again skips what is stored.
Imported records wait for review like any other (whoever organizes records,
whoever records certifies) unless the importing administrator certifies
them with ``approve``. A rating (评价) is stored with the record, before any approval.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from linli.core.config.program import Program
from linli.core.models.activities import Activity
from linli.core.services.context import Context
from linli.core.services.record_import import ServiceRow, record_imported_service_ids
from linli.core.services.rows import chunks
from linli.core.tabular import Column, ParsedRow, RowCheck, UniqueCheck
from linli.core.tabular import parsers as p
from linli.core.tabular.problems import CellProblem
from linli.core.importers.activities import Known, NewActivities, Wanted, find_activities
from linli.core.importers.common import BATCH, Outcome, in_rounds, valid_rows
from linli.core.importers.labels import SOURCES, accepted

#: Where each refusal of ``record_imported_service_ids`` belongs in the sheet.
COLUMN_OF = {
    "members.bad_phone": "phone",
    "members.phone_unknown": "phone",
    "service.member_missing": "phone",
    "service.key_repeated": "phone",
    "activities.not_found": "activity",
    "scope.out_of_scope": "activity",
    "service.activity_not_running": "activity",
    "service.times_incomplete": "start",
    "service.out_before_in": "end",
    "service.minutes_exceed_span": "hours",
    "service.negative_minutes": "hours",
    "service.bad_source": "source",
}


def service_columns(program: Program) -> list[Column]:
    return [
        Column("手机号", ("phone", "mobile", "手机"), p.phone, key="phone"),
        Column("活动", ("activity", "活动名称"), key="activity"),
        Column("开始时间", ("start", "starts_at", "check_in", "签到时间"), p.datetime, key="start"),
        Column("结束时间", ("end", "ends_at", "check_out", "签退时间"), p.datetime, key="end"),
        Column("服务时长（小时）", ("hours", "服务时长"), p.hours, required=False, key="hours"),
        Column("评价", ("score", "rating", "evaluation"), p.score, required=False, key="score"),
        Column("来源", ("source",), p.choice(accepted(SOURCES)), required=False, default="import", key="source"),
    ]


class EndAfterStart:
    """结束时间 must not come before 开始时间; the problem goes on 结束时间."""

    columns = ("start", "end")

    def start(self) -> None:
        """Nothing is remembered between rows."""

    def __call__(self, row: int, values: dict[str, Any]) -> list[CellProblem]:
        start, end = values.get("start"), values.get("end")
        if start is None or end is None or end >= start:
            return []
        return [CellProblem("importers.end_before_start", column="end", start=_shown(start), end=_shown(end))]


@dataclass(frozen=True)
class ServiceItem(Wanted):
    phone: str
    minutes: int
    score: int | None
    source: str


@dataclass
class ServiceImporter:
    """*approve* certifies the records as they are written; *create* makes missing activities."""

    approve: bool = False
    create: NewActivities | None = None
    kind = "service"

    def columns(self, program: Program) -> list[Column]:
        return service_columns(program)

    def checks(self) -> list[RowCheck]:
        return [EndAfterStart(), UniqueCheck("phone", "activity", "start")]

    def write(self, ctx: Context, batches: Iterator[list[ParsedRow]]) -> Outcome:
        outcome = Outcome()
        if self.create is None:
            # Batch by batch, so a district's year never sits in memory at once.
            known = Known()
            for batch in batches:
                self._write(ctx, [_item(ctx, row) for row in valid_rows(batch)], outcome, known)
        else:
            # A created activity spans all its rows' times, so the whole sheet is read before any is created.
            self._write(ctx, [_item(ctx, row) for batch in batches for row in valid_rows(batch)], outcome, None)
        return outcome

    def _write(self, ctx: Context, items: list[ServiceItem], outcome: Outcome, known: Known | None) -> None:
        activities = find_activities(ctx, items, outcome, self.create, known)
        todo = [(item.row, _service_row(item, activities[item.row])) for item in items if item.row in activities]
        for chunk in chunks(todo, BATCH):
            result, _ = in_rounds(lambda rows: record_imported_service_ids(ctx, rows, approve=self.approve), chunk, outcome, COLUMN_OF)
            if result is None:
                continue
            outcome.skipped += len(result.skipped)
            outcome.created += len(result.created)


def _item(ctx: Context, row: ParsedRow) -> ServiceItem:
    v = row.values
    start, end = _aware(ctx, v["start"]), _aware(ctx, v["end"])
    hours: Decimal | None = v["hours"]
    span = int((end - start).total_seconds() // 60)
    minutes = span if hours is None else int((hours * 60).to_integral_value(ROUND_HALF_UP))
    return ServiceItem(row.row_number, v["activity"], start, end, v["phone"], minutes, v["score"], v["source"])


def _service_row(item: ServiceItem, activity: Activity) -> ServiceRow:
    return ServiceRow(
        activity.id,
        item.minutes,
        phone=item.phone,
        check_in_at=item.start,
        check_out_at=item.end,
        source=item.source,
        external_key=external_key(item.phone, activity.id, item.start, item.end),
        score=item.score,  # stored before any approval, so evaluation-weighted rules see it
    )


def external_key(phone: str, activity_id: int, start: dt.datetime, end: dt.datetime) -> str:
    """The same person at the same activity over the same span is the same record, however often imported."""
    text = "|".join([phone, str(activity_id), start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()])
    return "sheet:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _aware(ctx: Context, when: dt.datetime) -> dt.datetime:
    """Spreadsheet times are wall-clock times where the program runs (China time)."""
    return when if when.tzinfo is not None else when.replace(tzinfo=ctx.zone)


def _shown(when: dt.datetime) -> str:
    return when.isoformat(sep=" ", timespec="minutes")
