"""Service facts and batches built in memory, for rule tests that need no database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from linli.core import Accrual, RuleKinds, ServiceFacts
from linli.plugins.incentives.accrual import run_rules
from linli.plugins.incentives.history import BatchHistory
from linli.plugins.incentives.kinds import BUILTIN_KINDS
from linli.plugins.incentives.settings import load_settings
from tests.plugins.incentives.helpers import CST, cst

WEDNESDAY = "2024-03-06 10:00"
BASE = {"id": "base", "kind": "rate", "points": 10}


def facts(record_id: int = 1, **changes: Any) -> ServiceFacts:
    """One hour of self-recorded patrol on a Wednesday morning, by member 1; *changes* override."""
    when = changes.pop("at", WEDNESDAY)
    values: dict[str, Any] = {
        "record_id": record_id,
        "member_id": 1,
        "activity_id": 1,
        "category": "patrol",
        "activity_kind": "service",
        "source": "self",
        "minutes": 60,
        "score": None,
        "served_at": cst(when),
        "tags": frozenset(),
        "registered_on": dt.date(2024, 1, 1),
        "referred_by_id": None,
        "home_node_code": "G0101",
    }
    return ServiceFacts(**(values | changes))


def run(
    rules: list[dict[str, Any]],
    *batch: ServiceFacts,
    prior: Mapping[int, tuple[int, int]] | None = None,
    windows: Mapping[Any, tuple[int, Decimal]] | None = None,
    **section: Any,
) -> list[Accrual]:
    """Run *rules* over *batch* as the engine does; *prior* and *windows* stand in for the database.

    *prior* is ``{member: (approved records, minutes)}`` before the batch; *windows*
    ``{(member, Window): (minutes, points)}``. Points come back whole, as posted.
    """
    settings = load_settings({"rules": rules, **section}, BUILTIN_KINDS)
    accruals = [Accrual(f) for f in sorted(batch, key=lambda f: (f.served_at, f.record_id))]
    history = BatchHistory(None, accruals, CST)  # type: ignore[arg-type]
    history.__dict__["prior"] = _defaulting(prior or {}, (0, 0))
    history.__dict__["windows"] = _defaulting(windows or {}, (0, Decimal(0)))
    run_rules(settings, RuleKinds(BUILTIN_KINDS, {name: ("incentives",) for name in BUILTIN_KINDS}), accruals, history)
    for accrual in accruals:
        accrual.points = Decimal(settings.whole(accrual.points))
    return accruals


def _defaulting(values: Mapping[Any, Any], default: Any) -> defaultdict[Any, Any]:
    return defaultdict(lambda: default, values)


def outcome(accrual: Accrual) -> tuple[int, list[str]]:
    return int(accrual.points), accrual.rule_ids
