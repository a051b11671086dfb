"""A rule's ``when``: each condition alone, and all of them together."""

from __future__ import annotations

from typing import Any

import pytest

from linli.plugins.incentives.conditions import condition, holiday_dates
from tests.plugins.incentives.facts import facts

NATIONAL_DAY = holiday_dates([{"date": "2024-10-01", "until": "2024-10-07", "name": "国庆节"}, {"date": "2024-09-17", "name": "中秋节"}])


@pytest.mark.parametrize(
    ("when", "matching", "other"),
    [
        ({"categories": ["patrol", "elderly"]}, {"category": "elderly"}, {"category": "culture"}),
        ({"tags": ["in_service_party"]}, {"tags": frozenset({"youth", "in_service_party"})}, {"tags": frozenset({"party_member"})}),
        ({"sources": ["self"]}, {"source": "self"}, {"source": "operator"}),
        ({"activity_kinds": ["training"]}, {"activity_kind": "training"}, {"activity_kind": "service"}),
        ({"weekdays": [1, 3]}, {"at": "2024-03-06 10:00"}, {"at": "2024-03-07 10:00"}),
        ({"weekend": True}, {"at": "2024-03-09 10:00"}, {"at": "2024-03-08 23:59"}),
        ({"weekend": False}, {"at": "2024-03-08 23:59"}, {"at": "2024-03-10 00:00"}),
        ({"holidays": True}, {"at": "2024-10-07 20:00"}, {"at": "2024-10-08 08:00"}),
        ({"holidays": True}, {"at": "2024-09-17 08:00"}, {"at": "2024-09-16 08:00"}),
        ({"holidays": False}, {"at": "2024-10-08 08:00"}, {"at": "2024-10-01 08:00"}),
        ({"night": {"from": "22:00", "to": "06:00"}}, {"at": "2024-03-06 05:59"}, {"at": "2024-03-06 06:00"}),
        ({"night": {"from": "22:00", "to": "06:00"}}, {"at": "2024-03-06 22:00"}, {"at": "2024-03-06 21:59"}),
        ({"night": {"from": "18:00", "to": "21:00"}}, {"at": "2024-03-06 18:30"}, {"at": "2024-03-06 21:00"}),
    ],
)
def test_each_condition_picks_its_records(when: dict[str, Any], matching: dict[str, Any], other: dict[str, Any]) -> None:
    rule = condition(when, NATIONAL_DAY)
    assert rule.matches(facts(**matching))
    assert not rule.matches(facts(**other))


def test_every_condition_must_hold() -> None:
    rule = condition({"weekend": True, "holidays": False, "categories": ["patrol"]}, NATIONAL_DAY)
    assert rule.matches(facts(at="2024-03-09 10:00"))
    assert not rule.matches(facts(at="2024-10-05 10:00"))  # a Saturday, but in the National Day holiday
    assert not rule.matches(facts(at="2024-03-09 10:00", category="culture"))


def test_an_empty_when_matches_everything() -> None:
    assert condition({}, frozenset()).matches(facts(source="paper_ledger", activity_kind="training"))


def test_weekend_narrows_weekdays() -> None:
    assert condition({"weekdays": [5, 6], "weekend": True}, frozenset()).weekdays == frozenset({6})

