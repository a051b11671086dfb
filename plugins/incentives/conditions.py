"""A rule's ``when``: which approved records it applies to.

Every condition given must hold; within a list any item will do. Time
conditions read the service's check-in time in China time, so a Saturday
patrol is a weekend patrol wherever the server runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from linli.core import ServiceFacts

WEEKEND = frozenset({6, 7})


@dataclass(frozen=True)
class Condition:
    categories: frozenset[str] | None = None
    tags: frozenset[str] | None = None
    sources: frozenset[str] | None = None
    activity_kinds: frozenset[str] | None = None
    weekdays: frozenset[int] | None = None
    holiday: bool | None = None  # True: on a holiday, False: not on one
    night: tuple[dt.time, dt.time] | None = None
    holidays: frozenset[dt.date] = frozenset()

    def matches(self, facts: ServiceFacts) -> bool:
        if self.categories is not None and facts.category not in self.categories:
            return False
        if self.tags is not None and not self.tags & facts.tags:
            return False
        if self.sources is not None and facts.source not in self.sources:
            return False
        if self.activity_kinds is not None and facts.activity_kind not in self.activity_kinds:
            return False
        if self.weekdays is not None and facts.served_at.isoweekday() not in self.weekdays:
            return False
        if self.holiday is not None and (facts.served_on in self.holidays) != self.holiday:
            return False
        return self.night is None or at_night(facts.served_at.time(), *self.night)


def at_night(moment: dt.time, start: dt.time, end: dt.time) -> bool:
    """True when *moment* is in [start, end), a span that may run past midnight."""
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def holiday_dates(entries: Collection[Mapping[str, Any]]) -> frozenset[dt.date]:
    """Every date the ``holidays`` list covers (``date`` to ``until``, both included)."""
    dates: set[dt.date] = set()
    for entry in entries:
        day = dt.date.fromisoformat(entry["date"])
        last = dt.date.fromisoformat(entry.get("until", entry["date"]))
        while day <= last:
            dates.add(day)
            day += dt.timedelta(days=1)
    return frozenset(dates)


def condition(when: Mapping[str, Any], holidays: frozenset[dt.date]) -> Condition:
    """The condition a rule's ``when`` describes (validated by the schema)."""

    def keys(name: str) -> frozenset[Any] | None:
        return frozenset(when[name]) if name in when else None

    weekdays = keys("weekdays")
    if "weekend" in when:
        chosen = WEEKEND if when["weekend"] else frozenset(range(1, 6))
        weekdays = chosen if weekdays is None else weekdays & chosen
    night = when.get("night")
    return Condition(
        categories=keys("categories"),
        tags=keys("tags"),
        sources=keys("sources"),
        activity_kinds=keys("activity_kinds"),
        weekdays=weekdays,
        holiday=when.get("holidays"),
        night=(dt.time.fromisoformat(night["from"]), dt.time.fromisoformat(night["to"])) if night else None,
        holidays=holidays,
    )
