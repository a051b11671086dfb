"""``--record-missing``: ledger-only lines entered as ``paper_ledger`` records that wait for review.

The ledger is evidence, not certification (谁记录谁证明): the records go
through community review like any other. A line is entered only when the
platform has an activity of that title (normalized) on that day and the line
names a phone; the rest are left for a person to sort out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlalchemy import select

from linli.core import Context
from linli.core.models import Activity
from linli.core.services import ServiceRow, record_imported_service

from linli.plugins.reconcile.compare import normalize_title
from linli.plugins.reconcile.ledger import LedgerLine


def record_missing(ctx: Context, lines: Sequence[LedgerLine]) -> tuple[int, list[LedgerLine]]:
    """Enter *lines* (all or none); returns how many were new and the lines that could not be placed."""
    if not lines:
        return 0, []
    activities = _activities_by_day(ctx, min(line.on for line in lines), max(line.on for line in lines))
    rows, unplaced = [], []
    for line in lines:
        activity_id = activities.get((line.on, normalize_title(line.activity)))
        if activity_id is None or line.phone is None:
            unplaced.append(line)
            continue
        rows.append(ServiceRow(activity_id, line.minutes, phone=line.phone, source="paper_ledger", external_key=_key(line, activity_id)))
    created = record_imported_service(ctx, rows).created if rows else []
    return len(created), unplaced


def _activities_by_day(ctx: Context, first: dt.date, last: dt.date) -> dict[tuple[dt.date, str], int]:
    """(China-time day, normalized title) → activity id; of two alike, the first created."""
    since = dt.datetime.combine(first, dt.time(), ctx.zone)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), ctx.zone)
    query = select(Activity.id, Activity.title, Activity.starts_at).where(Activity.starts_at >= since, Activity.starts_at < until).order_by(Activity.id)
    found: dict[tuple[dt.date, str], int] = {}
    for activity_id, title, starts_at in ctx.session.execute(query):
        found.setdefault((starts_at.astimezone(ctx.zone).date(), normalize_title(title)), activity_id)
    return found


def _key(line: LedgerLine, activity_id: int) -> str:
    """The same ledger line recorded twice is one record: reconciling a month again adds nothing."""
    assert line.phone is not None
    text = "|".join([line.phone, str(activity_id), line.on.isoformat(), str(line.minutes)])
    return "ledger:" + hashlib.sha256(text.encode()).hexdigest()[:40]
