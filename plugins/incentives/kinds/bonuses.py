"""One-off bonuses: a member's first service, a milestone of hours, bringing in a new volunteer.

Each is a transfer of its own (see :class:`linli.core.Bonus`), keyed by the
rule and the member it is for, so it is paid once whatever is replayed.
"""

from __future__ import annotations

from collections.abc import Sequence

from linli.core import Accrual, History, PointsRule, PointsRuleKind

from linli.plugins.incentives.kinds.options import POINTS, number

_POINTS_ONLY = {"type": "object", "properties": {"points": POINTS}, "required": ["points"], "additionalProperties": False}


def occasion(member_id: int) -> str:
    return f"member:{member_id}"


class FirstService(PointsRuleKind):
    """``points`` when a member's first service record is approved."""

    phase = "bonus"
    schema = _POINTS_ONLY

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        for accrual in accruals:
            if history.is_first_service(accrual.facts):
                accrual.grant(rule.id, number(rule.options["points"]), occasion=occasion(accrual.facts.member_id))


class Milestone(PointsRuleKind):
    """``points`` when the member's approved hours reach ``hours`` (credited on the record that crosses it)."""

    phase = "bonus"
    schema = {
        "type": "object",
        "properties": {"hours": POINTS, "points": POINTS},
        "required": ["hours", "points"],
        "additionalProperties": False,
    }

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        threshold = number(rule.options["hours"]) * 60
        for accrual in accruals:
            before = history.minutes_before(accrual.facts)
            if before < threshold <= before + accrual.facts.minutes:
                accrual.grant(rule.id, number(rule.options["points"]), occasion=occasion(accrual.facts.member_id))


class Referral(PointsRuleKind):
    """``points`` to the referrer when the volunteer they brought in has a first service approved (Hailin)."""

    phase = "bonus"
    schema = _POINTS_ONLY

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        for accrual in accruals:
            facts = accrual.facts
            if facts.referred_by_id is not None and history.is_first_service(facts):
                accrual.grant(rule.id, number(rule.options["points"]), occasion=occasion(facts.member_id), member_id=facts.referred_by_id)
