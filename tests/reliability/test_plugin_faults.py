"""A third-party plugin that raises, answers the wrong type or pays negative points is named, and nothing is kept."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from linli.core import Accrual, History, PluginError, PointsRule, PointsRuleKind, hookimpl
from linli.core.db import Database
from linli.core.services import review
from tests.plugins.incentives.helpers import activity, incentives_world, member, served
from tests.reliability.world import dump

RULES = [{"id": "base", "name": "每小时 1 分", "kind": "rate", "points": 1}, {"id": "odd", "name": "第三方规则", "kind": "odd"}]


class Odd(PointsRuleKind):
    phase = "multiplier"
    schema = {"type": "object"}

    def __init__(self, effect: str) -> None:
        self.effect = effect

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        if self.effect == "raise":
            raise RuntimeError("rule exploded")
        for accrual in accruals:
            accrual.points = Decimal(-5)


class Rogue:
    """A throwaway plugin misbehaving in one chosen way."""

    def __init__(self, fault: str) -> None:
        self.fault = fault

    @hookimpl
    def linli_points_rule_kinds(self) -> Any:
        if self.fault == "kinds_raise":
            raise ValueError("cannot list kinds")
        if self.fault == "kinds_wrong_type":
            return ["odd"]
        return {"odd": Odd("raise" if self.fault == "apply_raise" else "negative")}

    @hookimpl
    def linli_service_approved(self, records: list[Any]) -> None:
        if self.fault == "approved_raise":
            raise RuntimeError("hook exploded")


def approve_with(database: Database, fault: str) -> tuple[Any, Any]:
    world = incentives_world(database, RULES, ("rogue_points", Rogue(fault)))
    record = served(world, member(world, "13800000001"), activity(world, "2024-03-02 09:00"), "2024-03-02 09:00", 120)
    before = dump(database)
    with pytest.raises(PluginError) as failed:
        world.act(lambda ctx: review(ctx, approve=[record]))
    return failed.value, (before, dump(database))


@pytest.mark.parametrize("fault", ["kinds_raise", "kinds_wrong_type", "apply_raise", "approved_raise"])
def test_a_faulty_plugin_is_named_and_the_approval_rolled_back(database: Database, fault: str) -> None:
    error, (before, after) = approve_with(database, fault)
    assert "rogue_points" in str(error)
    assert after == before  # the record still waits, no points, no audit entry


def test_a_negative_amount_is_named_and_the_approval_rolled_back(database: Database) -> None:
    error, (before, after) = approve_with(database, "negative")
    assert "rogue_points" in str(error) and after == before
