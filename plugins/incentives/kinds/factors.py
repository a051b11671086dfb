"""Multipliers: by condition (weekend, night, holiday, tag …), by activity category, by evaluation score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linli.core import Accrual, ConfigProblem, History, PointsRule, PointsRuleKind, Program

from linli.plugins.incentives.kinds.options import FACTOR, number

SCORES = 5


class Multiplier(PointsRuleKind):
    """Multiply by ``factor`` when the rule's ``when`` holds (weekend ×1.5, in-service party member ×1.2 …)."""

    phase = "multiplier"
    schema = {"type": "object", "properties": {"factor": FACTOR}, "required": ["factor"], "additionalProperties": False}

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        factor = number(rule.options["factor"])
        for accrual in accruals:
            accrual.scale(rule.id, factor)


class CategoryFactors(PointsRuleKind):
    """A coefficient per activity category (Suzhou's service catalogue, Hainan's difficulty tiers).

    Categories not listed keep their points, and the rule is not named on them.
    """

    phase = "multiplier"
    schema = {
        "type": "object",
        "properties": {"factors": {"type": "object", "minProperties": 1, "additionalProperties": FACTOR}},
        "required": ["factors"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        factors = {category: number(value) for category, value in rule.options["factors"].items()}
        for accrual in accruals:
            if accrual.facts.category in factors:
                accrual.scale(rule.id, factors[accrual.facts.category])

    def check(self, rule: PointsRule, program: Program) -> Iterable[ConfigProblem]:
        known = ", ".join(program.activity_categories)
        for category in rule.options["factors"]:
            if category not in program.activity_categories:
                yield ConfigProblem(("factors", category), "incentives.unknown_category", {"category": category, "known": known}, at_key=True)


class ScoreFactors(PointsRuleKind):
    """Points = f(time, evaluation) (攸县): ``factors`` lists the multiplier for scores 1 to 5.

    A record nobody rated is multiplied by ``unrated`` (default 1).
    """

    phase = "multiplier"
    schema = {
        "type": "object",
        "properties": {
            "factors": {"type": "array", "items": FACTOR, "minItems": SCORES, "maxItems": SCORES},
            "unrated": {**FACTOR, "default": 1},
        },
        "required": ["factors"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        factors = [number(value) for value in rule.options["factors"]]
        unrated = number(rule.options.get("unrated", 1))
        for accrual in accruals:
            score = accrual.facts.score
            accrual.scale(rule.id, unrated if score is None else factors[score - 1])
