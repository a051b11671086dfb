"""Caps: at most so many points, or paid hours, per activity, day or month (Hailin: 2 hours per activity)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from linli.core import SPANS, Accrual, History, PointsRule, PointsRuleKind

from linli.plugins.incentives.kinds.options import POINTS, number

MEASURES = ("points", "hours")


class Cap(PointsRuleKind):
    """Cut a record's points so the member's window stays within ``max``.

    ``measure: points`` counts the service points of the window (bonuses
    aside); ``measure: hours`` pays only the first ``max`` approved hours of
    the window, scaling the record's points by the share of its time that
    still fits. A cap counts all the member's service in the window; its
    ``when`` only chooses which records it may cut.
    """

    phase = "cap"
    schema = {
        "type": "object",
        "properties": {"window": {"enum": list(SPANS)}, "max": POINTS, "measure": {"enum": list(MEASURES), "default": "points"}},
        "required": ["window", "max"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        span = rule.options["window"]
        ceiling = number(rule.options["max"])
        by_hours = rule.options.get("measure", "points") == "hours"
        for accrual in accruals:
            facts = accrual.facts
            if not by_hours:
                accrual.limit(rule.id, ceiling - history.points_before(facts, span))
                continue
            room = max(ceiling * 60 - history.minutes_before(facts, span), Decimal(0))
            if facts.minutes > room:
                accrual.limit(rule.id, accrual.points * room / facts.minutes)
