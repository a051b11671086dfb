"""Recomputing star levels in bulk: a fixed handful of statements per chunk of members, never one per member.

Called when service is approved (for the members in the batch) and by
``linli stars recompute`` (for everyone in scope). For each chunk: one
metric query per window set, one read of the stored levels, then
executemany inserts and updates of levels, history and audit entries.
Core statements on the tables, not the ORM's bulk paths: at approval most
members only gain hours, so their update sets ``metric_value`` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from linli.core import Context
from linli.core.services import Change, record_many

from linli.plugins.star_rating.ladder import Decision, Ladder
from linli.plugins.star_rating.metrics import metric_values, rating_windows
from linli.plugins.star_rating.models import StarHistory, StarLevel

# Members per round trip, well under both engines' bound-parameter limits (SQLite 32,766, PostgreSQL 65,535):
# a review batch (5,000 records) is one chunk, so ``linli_member_metric`` is asked once per batch and window.
CHUNK = 10_000
# Core statements on the tables, built once: the ORM's per-row loading and bulk paths cost more than SQLite's own work here.
LEVELS = cast(Table, StarLevel.__table__)
STORED = select(
    LEVELS.c.member_id,
    LEVELS.c.stars,
    LEVELS.c.metric_value,
    LEVELS.c.period,
    LEVELS.c.reached_at,
    LEVELS.c.pending_stars,
    LEVELS.c.pending_since,
).where(LEVELS.c.member_id.in_(bindparam("ids", expanding=True)))
STARS = select(LEVELS.c.member_id, LEVELS.c.stars).where(LEVELS.c.member_id.in_(bindparam("ids", expanding=True)))
INSERT_LEVELS = insert(LEVELS)
UPDATE_LEVELS = update(LEVELS).where(LEVELS.c.member_id == bindparam("b_member_id"))
INSERT_HISTORY = insert(cast(Table, StarHistory.__table__))


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
        levels.update((member_id, stars) for member_id, stars in session.execute(STARS, {"ids": chunk}))
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
    stored = {row.member_id: row for row in ctx.session.execute(STORED, {"ids": chunk})}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    revalued: list[dict[str, Any]] = []  # same level, same proposal, same year: only the value moved
    changes: list[StarChange] = []
    for member_id in chunk:
        windowed = [window.get(member_id, 0.0) for window in values]
        value, target = windowed[-1], max(map(ladder.stars_for, windowed))
        old = stored.get(member_id)
        before = old.stars if old else 0
        decision = ladder.decide(before, target)
        if decision.stars != before:
            changes.append(StarChange(member_id, before, decision.stars, value, now))
        if decision.pending is not None and decision.pending != (old.pending_stars if old else None):
            result.proposed += 1
        if old is None:
            if decision.stars or decision.pending or value:
                inserts.append(_row(member_id, old, decision, value, period, now))
        elif old.stars != decision.stars or old.pending_stars != decision.pending or old.period != period:
            row = _row(member_id, old, decision, value, period, now)
            row["b_member_id"] = row.pop("member_id")
            updates.append(row)
        elif old.metric_value != value:
            revalued.append({"b_member_id": member_id, "metric_value": value})
    history = [history_row(change, None) for change in changes]
    for statement, rows in ((INSERT_LEVELS, inserts), (UPDATE_LEVELS, updates), (UPDATE_LEVELS, revalued), (INSERT_HISTORY, history)):
        if rows:
            ctx.session.execute(statement, rows)
    _expire_loaded(ctx, [row["b_member_id"] for row in (*updates, *revalued)])
    result.members += len(chunk)
    result.changes.extend(changes)


def _expire_loaded(ctx: Context, member_ids: Iterable[int]) -> None:
    """Expire the levels this session holds as entities for *member_ids*: the Core UPDATE bypassed them."""
    loaded = ctx.session.identity_map
    for member_id in member_ids:
        entity = loaded.get((StarLevel, (member_id,), None))
        if entity is not None:
            ctx.session.expire(entity)


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
