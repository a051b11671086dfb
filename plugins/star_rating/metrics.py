"""The value each member's level is computed from, per rating window, in one query (or hook call) per window set.

``service_hours`` reads approved minutes from the service record, the
permanent record of hours; any other metric (``points_earned`` …) is asked
of the plugin that provides it through ``linli_member_metric``. Neither
reads a spendable balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, case, func, select, true

from linli.core import Context, PluginError, Refused
from linli.core.models import ServiceRecord

from linli.plugins.star_rating.ladder import SERVICE_HOURS, Ladder

Window = tuple[dt.datetime | None, dt.datetime | None]
LIFETIME: Window = (None, None)
# The table's columns, not the entity's: plain rows skip the ORM's per-row loading.
RECORDS = cast(Table, ServiceRecord.__table__).c


def year_window(year: int, zone: dt.tzinfo) -> Window:
    """A calendar year in *zone* (China time for linli's programs), as a half-open span of instants."""
    return (dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone))


def rating_windows(ladder: Ladder, as_of: dt.date, zone: dt.tzinfo) -> tuple[Window, ...]:
    """The windows a level is earned in, oldest first; the last is the current one.

    A yearly level is earned by a calendar year's service and held through the
    following year, so both the previous and the current year count.
    """
    if not ladder.yearly:
        return (LIFETIME,)
    return (year_window(as_of.year - 1, zone), year_window(as_of.year, zone))


def metric_values(ctx: Context, ladder: Ladder, member_ids: Sequence[int], windows: Sequence[Window]) -> list[dict[int, float]]:
    """Per window, each member's value (members with nothing are left out)."""
    if ladder.metric == SERVICE_HOURS:
        return _service_hours(ctx, member_ids, windows)
    return [_from_plugins(ctx, ladder.metric, member_ids, window) for window in windows]


def _inside(window: Window) -> ColumnElement[bool]:
    since, until = window
    bounds = [RECORDS.check_in_at >= since] if since else []
    bounds += [RECORDS.check_in_at < until] if until else []
    return and_(true(), *bounds)


def _service_hours(ctx: Context, member_ids: Sequence[int], windows: Sequence[Window]) -> list[dict[int, float]]:
    # A record counts toward the window its service began in (check-in time). Every column read is in
    # core's ix_service_record_member_service (migration 0004), so the engine reads the index, not the records.
    minutes = RECORDS.approved_minutes
    sums = [func.sum(case((_inside(window), minutes), else_=0)) if window != LIFETIME else func.sum(minutes) for window in windows]
    members = RECORDS.member_id.in_(bindparam("ids", expanding=True))  # one cached statement whatever the members
    query = select(RECORDS.member_id, *sums).where(members, RECORDS.state == "approved").group_by(RECORDS.member_id)
    starts = [since for since, _ in windows if since is not None]
    if len(starts) == len(windows):  # every window has a start: skip older records in the index
        query = query.where(RECORDS.check_in_at >= min(starts))
    values: list[dict[int, float]] = [{} for _ in windows]
    for member_id, *totals in ctx.session.execute(query, {"ids": list(member_ids)}):
        for index, total in enumerate(totals):
            if total:
                values[index][member_id] = total / 60
    return values


def _from_plugins(ctx: Context, metric: str, member_ids: Sequence[int], window: Window) -> dict[int, float]:
    since, until = window
    answer = ctx.hooks.linli_member_metric(ctx=ctx, metric=metric, member_ids=list(member_ids), since=since, until=until)
    if answer is None:
        raise Refused("star_rating.metric_unavailable", metric=metric)
    if not isinstance(answer, Mapping) or not all(isinstance(value, int | float) for value in answer.values()):
        raise PluginError("?", "linli_member_metric", f"answered {metric} with {type(answer).__name__}, expected member id → number")
    return {member_id: float(value) for member_id, value in answer.items()}
