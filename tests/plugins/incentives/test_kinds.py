"""Every built-in rule kind and option, run as the engine runs them, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linli.core import Bonus, Window
from tests.plugins.incentives.facts import BASE, facts, outcome, run

TRAINING = {"id": "growth", "kind": "training_credit", "points": 2}


@pytest.mark.parametrize(
    ("rounding", "minutes", "points"),
    [("half_up", 30, 1), ("half_up", 20, 0), ("floor", 50, 0), ("floor", 90, 1), ("ceil", 10, 1), ("ceil", 60, 1)],
)
def test_rate_per_hour_rounds_each_record_as_configured(rounding: str, minutes: int, points: int) -> None:
    [accrual] = run([{"id": "base", "kind": "rate", "points": 1}], facts(minutes=minutes), rounding=rounding)
    assert outcome(accrual) == (points, ["base"])


def test_rate_per_minute() -> None:
    [accrual] = run([{"id": "base", "kind": "rate", "points": 0.5, "per": "minute"}], facts(minutes=45))
    assert outcome(accrual) == (23, ["base"])  # 22.5 → 23


def test_training_credit_per_session_instead_of_the_rate() -> None:
    course, patrol = facts(1, activity_kind="training", minutes=180), facts(2, minutes=60)
    accruals = run([TRAINING, BASE], course, patrol)
    assert [outcome(a) for a in accruals] == [(2, ["growth"]), (10, ["base"])]


def test_training_credit_per_hour() -> None:
    [accrual] = run([{**TRAINING, "per": "hour"}, BASE], facts(activity_kind="training", minutes=90))
    assert outcome(accrual) == (3, ["growth"])


def test_without_training_credit_training_earns_the_rate() -> None:
    [accrual] = run([BASE], facts(activity_kind="training", minutes=90))
    assert outcome(accrual) == (15, ["base"])


def test_the_first_base_rule_that_takes_a_record_wins() -> None:
    rules = [{"id": "elderly", "kind": "rate", "points": 20, "when": {"categories": ["elderly"]}}, BASE]
    accruals = run(rules, facts(1, category="elderly"), facts(2))
    assert [outcome(a) for a in accruals] == [(20, ["elderly"]), (10, ["base"])]


def test_a_source_filter_leaves_other_records_without_points() -> None:
    rules = [{"id": "credit_hours", "kind": "rate", "points": 1, "when": {"sources": ["self"]}}]
    accruals = run(rules, facts(1), facts(2, source="operator"), facts(3, source="paper_ledger"))
    assert [outcome(a) for a in accruals] == [(1, ["credit_hours"]), (0, []), (0, [])]


def test_multiplier_applies_where_its_when_holds() -> None:
    rules = [BASE, {"id": "party", "kind": "multiplier", "factor": 1.25, "when": {"tags": ["in_service_party"]}}]
    accruals = run(rules, facts(1, tags=frozenset({"in_service_party"})), facts(2))
    assert [outcome(a) for a in accruals] == [(13, ["base", "party"]), (10, ["base"])]  # 12.5 → 13


def test_multipliers_compound_before_rounding() -> None:
    rules = [{"id": "base", "kind": "rate", "points": 1}, {"id": "a", "kind": "multiplier", "factor": 1.5}, {"id": "b", "kind": "multiplier", "factor": 1.5}]
    [accrual] = run(rules, facts(minutes=40))  # 0.667 × 2.25 = 1.5 → 2
    assert outcome(accrual) == (2, ["base", "a", "b"])


def test_category_factors_scale_listed_categories_only() -> None:
    rules = [BASE, {"id": "catalogue", "kind": "category_factors", "factors": {"elderly": 1.5, "patrol": 0.8}}]
    accruals = run(rules, facts(1, category="elderly"), facts(2), facts(3, category="culture"))
    assert [outcome(a) for a in accruals] == [(15, ["base", "catalogue"]), (8, ["base", "catalogue"]), (10, ["base"])]


@pytest.mark.parametrize(("score", "points"), [(1, 5), (2, 8), (3, 10), (4, 12), (5, 15), (None, 10)])
def test_score_factors_weigh_the_evaluation(score: int | None, points: int) -> None:
    rules = [BASE, {"id": "evaluation", "kind": "score_factors", "factors": [0.5, 0.8, 1, 1.2, 1.5]}]
    [accrual] = run(rules, facts(score=score))
    assert outcome(accrual) == (points, ["base", "evaluation"])


def test_score_factors_unrated_option() -> None:
    rules = [BASE, {"id": "evaluation", "kind": "score_factors", "factors": [0.5, 0.8, 1, 1.2, 1.5], "unrated": 0.6}]
    assert outcome(run(rules, facts())[0]) == (6, ["base", "evaluation"])


def test_cap_per_day_counts_earlier_records_of_the_day() -> None:
    rules = [BASE, {"id": "daily", "kind": "cap", "window": "day", "max": 25}]
    morning, noon, evening = facts(1, at="2024-03-06 08:00"), facts(2, at="2024-03-06 12:00"), facts(3, at="2024-03-06 19:00")
    thursday = facts(4, at="2024-03-07 08:00")
    accruals = run(rules, evening, noon, morning, thursday)
    assert [outcome(a) for a in accruals] == [(10, ["base"]), (10, ["base"]), (5, ["base", "daily"]), (10, ["base"])]


def test_cap_per_month_counts_points_already_credited() -> None:
    rules = [BASE, {"id": "monthly", "kind": "cap", "window": "month", "max": 100}]
    march = facts()
    [accrual] = run(rules, march, windows={(1, march.window("month")): (600, Decimal(96))})
    assert outcome(accrual) == (4, ["base", "monthly"])


def test_cap_per_activity_in_hours_pays_the_first_hours_only() -> None:
    # Hailin: at most 2 hours per activity earn points.
    rules = [BASE, {"id": "two_hours", "kind": "cap", "window": "activity", "max": 2, "measure": "hours"}]
    first, second = facts(1, minutes=90), facts(2, minutes=60, at="2024-03-06 12:00")
    other_activity = facts(3, minutes=180, activity_id=2, at="2024-03-06 14:00")
    accruals = run(rules, first, second, other_activity)
    assert [outcome(a) for a in accruals] == [(15, ["base"]), (5, ["base", "two_hours"]), (20, ["base", "two_hours"])]


def test_cap_in_hours_counts_minutes_already_approved() -> None:
    rules = [BASE, {"id": "two_hours", "kind": "cap", "window": "activity", "max": 2, "measure": "hours"}]
    [accrual] = run(rules, facts(minutes=60), windows={(1, Window("activity", 1)): (120, Decimal(20))})
    assert outcome(accrual) == (0, ["base", "two_hours"])


def test_a_capped_when_cuts_only_its_records_but_counts_the_whole_day() -> None:
    rules = [BASE, {"id": "patrol_daily", "kind": "cap", "window": "day", "max": 15, "when": {"categories": ["patrol"]}}]
    accruals = run(rules, facts(1, category="elderly", at="2024-03-06 08:00"), facts(2))
    assert [outcome(a) for a in accruals] == [(10, ["base"]), (5, ["base", "patrol_daily"])]


def test_first_service_bonus_goes_to_the_first_record_only() -> None:
    rules = [BASE, {"id": "welcome", "kind": "first_service", "points": 5}]
    newcomer, again, veteran = facts(1), facts(2, at="2024-03-07 10:00"), facts(3, member_id=2)
    accruals = run(rules, newcomer, again, veteran, prior={2: (4, 240)})
    assert [a.bonuses for a in accruals] == [[Bonus("welcome", Decimal(5), 1, "member:1", 1)], [], []]


def test_milestone_is_granted_on_the_record_that_crosses_it() -> None:
    rules = [BASE, {"id": "ten_hours", "kind": "milestone", "hours": 10, "points": 20}]
    below, crossing, after = facts(1, minutes=60), facts(2, minutes=60, at="2024-03-07 10:00"), facts(3, at="2024-03-08 10:00")
    accruals = run(rules, below, crossing, after, prior={1: (8, 480)})
    assert [len(a.bonuses) for a in accruals] == [0, 1, 0]
    assert accruals[1].bonuses[0] == Bonus("ten_hours", Decimal(20), 1, "member:1", 2)


def test_referral_pays_the_referrer_on_the_first_service_of_the_referred() -> None:
    rules = [BASE, {"id": "bring_a_friend", "kind": "referral", "points": 8}]
    referred, unreferred = facts(1, member_id=7, referred_by_id=3), facts(2, member_id=8)
    accruals = run(rules, referred, facts(3, member_id=7, at="2024-03-07 10:00", referred_by_id=3), unreferred)
    assert [a.bonuses for a in accruals] == [[Bonus("bring_a_friend", Decimal(8), 3, "member:7", 1)], [], []]


def test_bonuses_keep_their_own_points_apart_from_the_record() -> None:
    rules = [BASE, {"id": "welcome", "kind": "first_service", "points": 5}, {"id": "daily", "kind": "cap", "window": "day", "max": 6}]
    [accrual] = run(rules, facts())
    assert outcome(accrual) == (6, ["base", "daily"]) and accrual.bonuses[0].points == 5
