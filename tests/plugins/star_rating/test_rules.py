"""The ladder's rules on their own, without storage: promotion steps, review, entitlements, medals."""

from __future__ import annotations

import pytest

from linli.core import Refused
from linli.plugins.star_rating.ladder import Decision, Ladder
from tests.plugins.star_rating.helpers import fragment

COMMON = fragment("stars-common")


def ladder(**options: object) -> Ladder:
    return Ladder.from_section({**COMMON, **options})


@pytest.mark.parametrize(
    ("options", "current", "target", "expected"),
    [
        ({}, 0, 5, Decision(5, None)),
        ({}, 4, 1, Decision(1, None)),  # demotion is immediate
        ({"one_level_at_a_time": True}, 1, 5, Decision(2, None)),
        ({"one_level_at_a_time": True}, 5, 0, Decision(0, None)),  # one at a time holds for promotion only
        ({"review_required": True}, 0, 3, Decision(0, 3)),
        ({"review_required": True, "one_level_at_a_time": True}, 2, 5, Decision(2, 3)),
        ({"review_required": True}, 3, 3, Decision(3, None)),
    ],
)
def test_decide(options: dict[str, object], current: int, target: int, expected: Decision) -> None:
    assert ladder(**options).decide(current, target) == expected


def test_defaults_are_lifetime_hours_without_review() -> None:
    rules = Ladder.from_section({"levels": COMMON["levels"]})
    assert (rules.metric, rules.yearly, rules.one_level_at_a_time, rules.review_required) == ("service_hours", False, False, False)


def test_entitlements_accumulate_and_an_unknown_one_names_the_known() -> None:
    levels = [dict(level) for level in COMMON["levels"]]
    levels[3]["entitlements"], levels[4]["entitlements"] = ["priority_school"], ["priority_medical"]
    rules = ladder(levels=levels)
    assert rules.entitlements_at(5) == {"priority_school", "priority_medical"} and rules.entitlements_at(3) == frozenset()
    assert rules.lowest_granting("priority_school") == 4
    with pytest.raises(Refused) as refused:
        rules.lowest_granting("free_parking")
    assert "free_parking" in str(refused.value) and "priority_medical、priority_school" in str(refused.value)
