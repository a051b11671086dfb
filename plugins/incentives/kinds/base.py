"""Base amounts: points for approved time (Huangshi: 1 hour = 1 point; Kunshan: 10) and for training."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from linli.core import Accrual, History, PointsRule, PointsRuleKind, ServiceFacts

from linli.plugins.incentives.kinds.options import POINTS, number


def for_time(options: Mapping[str, Any], facts: ServiceFacts) -> Decimal:
    """``points`` per hour or per minute of the record's approved time."""
    points = number(options["points"])
    return points * facts.minutes if options.get("per", "hour") == "minute" else points * facts.hours


class Rate(PointsRuleKind):
    """The base rate: ``points`` per ``per`` (hour or minute) of approved service time."""

    phase = "base"
    schema = {
        "type": "object",
        "properties": {"points": POINTS, "per": {"enum": ["hour", "minute"], "default": "hour"}},
        "required": ["points"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        for accrual in accruals:
            accrual.set_base(rule.id, for_time(rule.options, accrual.facts))


class TrainingCredit(PointsRuleKind):
    """Credit for attending training (百步亭's growth incentive), instead of the base rate.

    Applies to activities of kind ``training`` only: ``points`` per session
    attended (the default) or per hour or minute. List it before the rate
    rule, since a record's base comes from the first base rule that takes it.
    """

    phase = "base"
    schema = {
        "type": "object",
        "properties": {"points": POINTS, "per": {"enum": ["session", "hour", "minute"], "default": "session"}},
        "required": ["points"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        for accrual in accruals:
            if accrual.facts.activity_kind != "training":
                continue
            if rule.options.get("per", "session") == "session":
                accrual.set_base(rule.id, number(rule.options["points"]))
            else:
                accrual.set_base(rule.id, for_time(rule.options, accrual.facts))
