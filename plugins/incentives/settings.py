"""The validated ``incentives`` section, read into what the accrual engine runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from linli.core import PointsRule, PointsRuleKind, Program

from linli.plugins.incentives.conditions import Condition, condition, holiday_dates
from linli.plugins.incentives.schema import COMMON_KEYS

SECTION = "incentives"
ROUNDING = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}
DEFAULT_UNIT_NAME = "积分"


def rule_of(data: Mapping[str, Any]) -> PointsRule:
    """A rule as its kind sees it: the common keys taken out of its options."""
    return PointsRule(data["id"], data["kind"], {key: value for key, value in data.items() if key not in COMMON_KEYS})


@dataclass(frozen=True)
class ConfiguredRule:
    rule: PointsRule
    kind: PointsRuleKind
    when: Condition


@dataclass(frozen=True)
class Settings:
    rules: tuple[ConfiguredRule, ...]
    rounding: str

    def whole(self, points: Decimal) -> int:
        """*points* as whole points, by the configured rounding."""
        return int(points.quantize(Decimal(1), rounding=ROUNDING[self.rounding]))


def load_settings(section: Mapping[str, Any], kinds: Mapping[str, PointsRuleKind]) -> Settings:
    """The engine's view of a checked ``incentives`` section: every rule's kind is among *kinds*."""
    holidays = holiday_dates(section.get("holidays", ()))
    rules = tuple(
        ConfiguredRule(rule_of(data), kinds[data["kind"]], condition(data.get("when", {}), holidays)) for data in section["rules"]
    )
    return Settings(rules, section.get("rounding", "half_up"))


def unit_name(program: Program) -> str:
    section = program.section(SECTION) or {}
    return str(section.get("unit_name", DEFAULT_UNIT_NAME))
