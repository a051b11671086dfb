"""Recomputing star levels in bulk: a fixed handful of statements per chunk of members, never one per member.

Called when service is approved (for the members in the batch) and by
``linli stars recompute`` (for everyone in scope). For each chunk: one
metric query per window set, one read of the stored levels, then batch
inserts and updates of levels, history and audit entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from linli.core import Context
from linli.core.services import Change, record_many

from linli.plugins.star_rating.ladder import Decision, Ladder
from linli.plugins.star_rating.metrics import metric_values, rating_windows
from linli.plugins.star_rating.models import StarHistory, StarLevel

# Members per round trip: well under both engines' bound-parameter limits.
CHUNK = 2000
STORED = (
    StarLevel.member_id,
    StarLevel.stars,
    StarLevel.metric_value,
    StarLevel.period,
    StarLevel.reached_at,
    StarLevel.pending_stars,
    StarLevel.pending_since,
)


@dataclass(frozen=True)
class StarChange:
    """What ``linli_star_changed`` receives for each member whose level moved."""

    member_id: int
    before: int
    after: int
    metric_value: float
    at: dt.datetime

    def audit(self) -> Change:
        after = {"stars": self.after, "metric_value": self.metric_value}
        return Change("star_rating.change", "member", self.member_id, before={"stars": self.before}, after=after)


@dataclass
class RecomputeResult:
    members: int = 0
    changes: list[StarChange] = field(default_factory=list)
    proposed: int = 0  # promotions newly waiting for review

    @property
    def promoted(self) -> int:
        return sum(1 for change in self.changes if change.after > change.before)

    @property
    def demoted(self) -> int:
        return sum(1 for change in self.changes if change.after < change.before)


def current_levels(session: Session, member_ids: Sequence[int]) -> dict[int, int]:
    """Stored stars per member, 0 for the unrated."""
    levels = dict.fromkeys(member_ids, 0)
    for chunk in chunked(sorted(set(member_ids))):
        levels.update(session.execute(select(StarLevel.member_id, StarLevel.stars).where(StarLevel.member_id.in_(chunk))).all())
    return levels


def recompute(ctx: Context, member_ids: Iterable[int], *, as_of: dt.date | None = None) -> RecomputeResult:
    """Bring the levels of *member_ids* in line with their metric as of *as_of* (default today, China time)."""
    ladder = Ladder.of(ctx.program)
    as_of = as_of or ctx.today()
    result = RecomputeResult()
    for chunk in chunked(sorted(set(member_ids))):
        _recompute_chunk(ctx, ladder, chunk, as_of, result)
    announce(ctx, result.changes)
    return result


def announce(ctx: Context, changes: Sequence[StarChange]) -> None:
    """Audit level changes and tell other plugins, once per batch."""
    if changes:
        record_many(ctx, [change.audit() for change in changes])
        ctx.hooks.linli_star_changed(ctx=ctx, changes=list(changes))


def history_row(change: StarChange, approved_by: int | None) -> dict[str, Any]:
    return {
        "member_id": change.member_id,
        "stars": change.after,
        "previous": change.before,
        "reached_at": change.at,
        "metric_value": change.metric_value,
        "approved_by": approved_by,
    }


def _recompute_chunk(ctx: Context, ladder: Ladder, chunk: list[int], as_of: dt.date, result: RecomputeResult) -> None:
    now = ctx.now()
    period = as_of.year if ladder.yearly else None
    values = metric_values(ctx, ladder, chunk, rating_windows(ladder, as_of, ctx.zone))
    # Plain rows, not entities: the batch UPDATE below would leave loaded entities stale.
    stored = {row.member_id: row for row in ctx.session.execute(select(*STORED).where(StarLevel.member_id.in_(chunk)))}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changes: list[StarChange] = []
    for member_id in chunk:
        windowed = [window.get(member_id, 0.0) for window in values]
        value, target = windowed[-1], max(ladder.stars_for(v) for v in windowed)
        old = stored.get(member_id)
        before = old.stars if old else 0
        decision = ladder.decide(before, target)
        if decision.stars != before:
            changes.append(StarChange(member_id, before, decision.stars, value, now))
        if decision.pending is not None and decision.pending != (old.pending_stars if old else None):
            result.proposed += 1
        row = _row(member_id, old, decision, value, period, now)
        if old is None:
            if decision.stars or decision.pending or value:
                inserts.append(row)
        elif any(getattr(old, column) != row[column] for column in ("stars", "metric_value", "period", "pending_stars")):
            updates.append(row)
    history = [history_row(change, None) for change in changes]
    for statement, rows in ((insert(StarLevel), inserts), (update(StarLevel), updates), (insert(StarHistory), history)):
        if rows:
            ctx.session.execute(statement, rows)
    result.members += len(chunk)
    result.changes.extend(changes)



def _row(member_id: int, old: Row[Any] | None, decision: Decision, value: float, period: int | None, now: dt.datetime) -> dict[str, Any]:
    """The member's ``star_level`` values after *decision*; a level or a proposal that stays keeps its date."""
    same_level = old is not None and old.stars == decision.stars
    same_proposal = old is not None and old.pending_stars == decision.pending
    return {
        "member_id": member_id,
        "stars": decision.stars,
        "metric_value": value,
        "period": period,
        "reached_at": old.reached_at if old is not None and same_level else now,
        "pending_stars": decision.pending,
        "pending_since": None if decision.pending is None else (old.pending_since if old is not None and same_proposal else now),
    }

def chunked(items: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
