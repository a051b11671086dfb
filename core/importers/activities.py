"""Which activity a service row's 活动 cell means.

Paper ledgers and platform exports name an activity by its title, and the
same title recurs (夜间巡逻 every week), so a title matches the activity of
that name held on the row's start date (China time). ``夜间巡逻（#12）`` or
``#12`` names one by number, which is how linli's own exports and its
messages write it. Activities that don't exist yet may be created, one per
distinct (title, date), when the administrator says under which category and
host node; they span their rows' times and are opened so service counts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from linli.core.errors import NotFound
from linli.core.models.activities import Activity
from linli.core.services.activities import create_activity, open_activity
from linli.core.services.context import Context
from linli.core.services.rows import chunks
from linli.core.tabular.problems import CellProblem
from linli.core.importers.common import Outcome

_NUMBERED = re.compile(r"(?P<title>.*?)\s*[（(]?\s*#(?P<id>\d{1,18})\s*[)）]?")


@dataclass(frozen=True)
class NewActivities:
    """How ``--create-activities`` files the activities it creates."""

    category: str
    host: str


@dataclass(frozen=True)
class Wanted:
    """One row's reference to an activity: the cell as written and when the service began."""

    row: int
    cell: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class Known:
    """Activities already looked up in this import, by number and by title, so later batches don't ask again.

    Only for imports that create no activity: a sheet's rows never change which activities exist.
    """

    by_id: dict[int, Activity] = field(default_factory=dict)
    by_title: dict[str, list[Activity]] = field(default_factory=lambda: defaultdict(list))
    asked_ids: set[int] = field(default_factory=set)
    asked_titles: set[str] = field(default_factory=set)
    spans: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)

    def learn(self, ctx: Context, refs: Iterable[str | int]) -> None:
        """Look up the numbers and titles in *refs* not asked for before."""
        ids = {ref for ref in refs if isinstance(ref, int)} - self.asked_ids
        titles = {ref for ref in refs if isinstance(ref, str)} - self.asked_titles
        self.by_id |= {a.id: a for a in _load(ctx, Activity.id, ids)}
        for activity in _load(ctx, Activity.title, titles):
            self.by_title[activity.title].append(activity)
        self.asked_ids |= ids
        self.asked_titles |= titles

    def held(self, ctx: Context, activity: Activity, day: dt.date) -> bool:
        """Whether *activity* runs on *day* (China time); its first and last days are worked out once."""
        span = self.spans.get(activity.id)
        if span is None:
            span = self.spans[activity.id] = (_day(ctx, activity.starts_at), _day(ctx, activity.ends_at))
        return span[0] <= day <= span[1]


def find_activities(
    ctx: Context, wanted: Sequence[Wanted], outcome: Outcome, create: NewActivities | None, known: Known | None = None
) -> dict[int, Activity]:
    """Row number → activity for every row whose activity is known (or created); the rest are flagged.

    *known* carries what earlier batches of the same import looked up.
    """
    refs = {item.row: _reference(item.cell) for item in wanted}
    known = known if known is not None else Known()
    known.learn(ctx, set(refs.values()))
    by_id, by_title = known.by_id, known.by_title
    found: dict[int, Activity] = {}
    missing: dict[tuple[str, dt.date], list[Wanted]] = defaultdict(list)
    for item in wanted:
        ref, day = refs[item.row], item.start.astimezone(ctx.zone).date()
        if isinstance(ref, int):
            if ref in by_id:
                found[item.row] = by_id[ref]
            else:
                outcome.refuse(item.row, "activity", NotFound("activities.not_found", id=ref))
            continue
        same_day = [a for a in by_title.get(ref, ()) if known.held(ctx, a, day)]
        if len(same_day) == 1:
            found[item.row] = same_day[0]
        elif same_day:
            labels = " / ".join(a.label() for a in same_day)
            outcome.flag(item.row, CellProblem("importers.ambiguous_activity", column="activity", title=ref, day=day, labels=labels))
        elif create is None:
            outcome.flag(item.row, _unknown(ctx, ref, day, by_title.get(ref, [])))
        else:
            missing[(ref, day)].append(item)
    for (title, _), items in missing.items():
        activity = _create(ctx, title, items, create)
        outcome.activities += 1
        found |= {item.row: activity for item in items}
    return found


def _reference(cell: str) -> str | int:
    """The activity's number when the cell gives one, else its title."""
    match = _NUMBERED.fullmatch(cell)
    return int(match["id"]) if match else cell


def _load(ctx: Context, column: InstrumentedAttribute[Any], values: set[Any]) -> list[Activity]:
    """Activities (cancelled ones aside) whose *column* is among *values*, oldest first."""
    found: list[Activity] = []
    for chunk in chunks(values):
        found += ctx.session.scalars(select(Activity).where(column.in_(chunk), Activity.status != "cancelled").order_by(Activity.id))
    return found


def _day(ctx: Context, when: dt.datetime) -> dt.date:
    return when.astimezone(ctx.zone).date()


def _unknown(ctx: Context, title: str, day: dt.date, others: list[Activity]) -> CellProblem:
    if others:
        days = " / ".join(sorted({_day(ctx, a.starts_at).isoformat() for a in others}))
        return CellProblem("importers.activity_not_that_day", column="activity", title=title, day=day, days=days)
    return CellProblem("importers.unknown_activity", column="activity", title=title)


def _create(ctx: Context, title: str, items: list[Wanted], create: NewActivities) -> Activity:
    """A wrong category or host refuses here, and the whole import stops with that message."""
    activity = create_activity(
        ctx,
        title=title,
        category=create.category,
        host_node=create.host,
        starts_at=min(item.start for item in items),
        ends_at=max(item.end for item in items),
    )
    return open_activity(ctx, activity.id)
