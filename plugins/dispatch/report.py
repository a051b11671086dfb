"""The service-level report: how fast orders are accepted and completed, how they are rated, what waits.

Times are measured on each order's timeline from the moment it was made
(制单): to its first acceptance, and to its completion (the service's end).
Orders are grouped by the node that made them — the station or centre
answerable for them — and by category.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from linli.core.models import OrgNode, ServiceRecord
from linli.core.services import Context

from linli.plugins.dispatch.models import Order, OrderEvent
from linli.plugins.dispatch.queries import chunked, in_subtree, scope_root
from linli.plugins.dispatch.states import WAITING_STATES

SCORES = (1, 2, 3, 4, 5)


@dataclass
class Figures:
    orders: int = 0
    accepted: int = 0
    completed: int = 0
    cancelled: int = 0
    unaccepted: int = 0
    accept_minutes: list[float] = field(default_factory=list)
    complete_minutes: list[float] = field(default_factory=list)
    ratings: Counter[int] = field(default_factory=Counter)

    @property
    def avg_accept_minutes(self) -> float | None:
        return round(fmean(self.accept_minutes), 1) if self.accept_minutes else None

    @property
    def avg_complete_minutes(self) -> float | None:
        return round(fmean(self.complete_minutes), 1) if self.complete_minutes else None

    @property
    def avg_rating(self) -> float | None:
        total = sum(self.ratings.values())
        return round(sum(score * n for score, n in self.ratings.items()) / total, 2) if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "orders": self.orders,
            "accepted": self.accepted,
            "completed": self.completed,
            "cancelled": self.cancelled,
            "unaccepted": self.unaccepted,
            "avg_accept_minutes": self.avg_accept_minutes,
            "avg_complete_minutes": self.avg_complete_minutes,
            "avg_rating": self.avg_rating,
            "ratings": {str(score): self.ratings[score] for score in SCORES},
        }


@dataclass(frozen=True)
class Waiting:
    """An order no volunteer has accepted yet; overdue once its acceptance deadline passed."""

    order_id: int
    category: str
    node: str
    state: str
    made_at: dt.datetime
    accept_by: dt.datetime | None
    overdue: bool


@dataclass
class SlaReport:
    total: Figures = field(default_factory=Figures)
    by_org: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_category: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    waiting: list[Waiting] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.as_dict(),
            "by_org": {code: figures.as_dict() for code, figures in self.by_org.items()},
            "by_category": {key: figures.as_dict() for key, figures in self.by_category.items()},
            "unaccepted": [
                asdict(w) | {"made_at": w.made_at.isoformat(), "accept_by": w.accept_by and w.accept_by.isoformat()} for w in self.waiting
            ],
        }


def build_sla_report(
    ctx: Context, *, org: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None, as_of: dt.datetime | None = None
) -> SlaReport:
    """Figures for the orders needed in *org*'s subtree (default: the operator's scope) made in [since, until)."""
    as_of = as_of or ctx.now()
    maker = aliased(OrgNode)
    query = in_subtree(select(Order, maker.code).join(maker, maker.id == Order.made_by_node_id), scope_root(ctx, org))
    rows = list(ctx.session.execute(query.order_by(Order.id)))
    events, scores = _timelines(ctx, [order.id for order, _ in rows])
    report = SlaReport()
    for order, made_by in rows:
        made_at = events[order.id]["make"]
        if (since and made_at < since) or (until and made_at >= until):
            continue
        for figures in (report.total, report.by_org[made_by], report.by_category[order.category]):
            _count(figures, order, events[order.id], scores.get(order.id))
        if order.state in WAITING_STATES:
            overdue = order.accept_by is not None and order.accept_by < as_of
            report.waiting.append(Waiting(order.id, order.category, made_by, order.state, made_at, order.accept_by, overdue))
    return report


def _timelines(ctx: Context, order_ids: list[int]) -> tuple[dict[int, dict[str, dt.datetime]], dict[int, int | None]]:
    """Each order's first time of each action, and the score on its service record."""
    first: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
    scores: dict[int, int | None] = {}
    for chunk in chunked(order_ids):
        events = select(OrderEvent.order_id, OrderEvent.action, OrderEvent.at).where(OrderEvent.order_id.in_(chunk)).order_by(OrderEvent.id)
        for order_id, action, at in ctx.session.execute(events):
            first[order_id].setdefault(action, at)
        rated = select(Order.id, ServiceRecord.score).join(ServiceRecord, ServiceRecord.id == Order.record_id).where(Order.id.in_(chunk))
        scores |= dict(ctx.session.execute(rated).all())
    return first, scores


def _count(figures: Figures, order: Order, times: dict[str, dt.datetime], score: int | None) -> None:
    figures.orders += 1
    figures.cancelled += order.state == "cancelled"
    figures.unaccepted += order.state in WAITING_STATES
    if "accept" in times:
        figures.accepted += 1
        figures.accept_minutes.append(_minutes(times["make"], times["accept"]))
    if "complete" in times:
        figures.completed += 1
        figures.complete_minutes.append(_minutes(times["make"], times["complete"]))
    if score is not None:
        figures.ratings[score] += 1


def _minutes(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 60
