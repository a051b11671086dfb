"""A rule kind from a throwaway third-party plugin: validated, run and credited like a built-in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from linli.core import Accrual, ConfigProblem, Database, History, PluginError, PointsRule, PointsRuleKind, Program, hookimpl
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.plugins.incentives.helpers import activity, approve, credited, incentives_world, member, served
from tests.plugins.incentives.test_config import HEADER

RULES = [{"id": "base", "kind": "rate", "points": 1}, {"id": "volunteer_day", "kind": "flat_bonus", "points": 3}]


class FlatBonus(PointsRuleKind):
    """``points`` more on every record, after the caps."""

    phase = "bonus"
    schema = {"type": "object", "properties": {"points": {"type": "integer", "minimum": 1}}, "required": ["points"], "additionalProperties": False}

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        for accrual in accruals:
            accrual.add(rule.id, Decimal(rule.options["points"]))

    def check(self, rule: PointsRule, program: Program) -> Iterable[ConfigProblem]:
        if rule.options["points"] > 100:
            yield ConfigProblem(("points",), text="too generous")


class Broken(FlatBonus):
    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        raise ZeroDivisionError("division by zero")


class Plugin:
    def __init__(self, kinds: Mapping[str, PointsRuleKind]) -> None:
        self.kinds = kinds

    @hookimpl
    def linli_points_rule_kinds(self) -> Mapping[str, PointsRuleKind]:
        return self.kinds


def check(body: str, *plugins: tuple[str, Any]) -> list[str]:
    loader = ProgramLoader(make_plugin_host(autoload=False, plugins=plugins))
    return [f"{p.line}: {p.render('en')}" for p in loader.check_text(HEADER + body, "linli.yaml").problems]


def test_the_kind_is_validated_with_its_own_schema_and_checks() -> None:
    plugin = ("flat", Plugin({"flat_bonus": FlatBonus()}))
    good = "  rules:\n    - {id: base, kind: rate, points: 1}\n    - {id: extra, kind: flat_bonus, points: 3}\n"
    assert check(good, plugin) == []
    bad = "  rules:\n    - {id: base, kind: rate, points: 1}\n    - {id: extra, kind: flat_bonus, points: 0}\n    - {id: more, kind: flat_bonus, points: 500}\n"
    assert check(bad, plugin) == [
        "13: linli.yaml:13:45: incentives.rules.1.points: 0 is too small; the minimum is 1",
        "14: linli.yaml:14:44: incentives.rules.2.points: too generous",
    ]
    assert "unknown points rule kind flat_bonus" in check(good)[0]


def test_a_kind_defined_by_two_plugins_is_an_error_naming_both() -> None:
    [problem] = check("  rules:\n    - {id: base, kind: rate, points: 1}\n", ("copycat", Plugin({"rate": FlatBonus()})))
    assert "points rule kind rate is defined by more than one plugin: incentives, copycat" in problem


def test_the_kind_credits_end_to_end_with_its_rule_id(database: Database) -> None:
    world = incentives_world(database, RULES, ("flat", Plugin({"flat_bonus": FlatBonus()})))
    volunteer = member(world, "13900000001")
    record = served(world, volunteer, activity(world, "2024-03-06 08:00"), "2024-03-06 09:00", 120)
    approve(world, record)
    assert credited(world) == {f"points:service:{record}": (5, ["base", "volunteer_day"])}


def test_a_raising_kind_is_reported_by_its_plugin_and_rule(database: Database) -> None:
    world = incentives_world(database, RULES, ("flaky", Plugin({"flat_bonus": Broken()})))
    volunteer = member(world, "13900000001")
    record = served(world, volunteer, activity(world, "2024-03-06 08:00"), "2024-03-06 09:00", 120)
    with pytest.raises(PluginError) as failed:
        approve(world, record)
    assert failed.value.plugin == "flaky" and "rule volunteer_day: ZeroDivisionError" in str(failed.value)
    assert credited(world) == {}
