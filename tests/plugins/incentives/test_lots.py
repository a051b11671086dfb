"""Oldest-first spending and the expiry day of each policy, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.plugins.incentives.lots import Entry, Lot, add_months, expired_points, expiry_day, unspent

D = dt.date


def test_debits_consume_the_oldest_lots_first() -> None:
    entries = [Entry(1, D(2024, 1, 10), 10, None), Entry(2, D(2024, 3, 1), -4, None), Entry(3, D(2024, 6, 1), 6, None), Entry(4, D(2024, 7, 1), -7, None)]
    assert unspent(entries) == [Lot(3, D(2024, 6, 1), 5)]


def test_reversing_a_credit_takes_back_that_credit_first() -> None:
    entries = [Entry(1, D(2024, 1, 10), 10, None), Entry(2, D(2024, 6, 1), 6, None), Entry(3, D(2024, 6, 2), -6, 2)]
    assert unspent(entries) == [Lot(1, D(2024, 1, 10), 10)]


def test_reversing_a_partly_spent_credit_takes_the_rest_from_the_oldest() -> None:
    entries = [Entry(1, D(2024, 1, 10), 10, None), Entry(2, D(2024, 6, 1), 6, None), Entry(3, D(2024, 6, 5), -12, None), Entry(4, D(2024, 7, 1), -2, 1)]
    assert unspent(entries) == [Lot(2, D(2024, 6, 1), 2)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2023, 1, 31), 1, D(2023, 2, 28)), (D(2024, 3, 15), 12, D(2025, 3, 15)), (D(2024, 12, 1), 1, D(2025, 1, 1))],
)
def test_add_months_keeps_the_day_or_takes_the_last(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_expiry_day_of_each_policy() -> None:
    assert expiry_day(D(2024, 3, 15), {"policy": "months", "months": 6}) == D(2024, 9, 15)
    assert expiry_day(D(2024, 12, 31), {"policy": "year_end"}) == D(2025, 1, 1)
    assert expiry_day(D(2024, 1, 1), {"policy": "year_end"}) == D(2025, 1, 1)
    assert expiry_day(D(2024, 1, 1), {"policy": "none"}) is None


def test_expired_points_are_what_is_left_of_expired_lots() -> None:
    entries = [Entry(1, D(2024, 1, 10), 10, None), Entry(2, D(2024, 3, 1), -4, None), Entry(3, D(2024, 6, 1), 6, None)]
    twelve_months = {"policy": "months", "months": 12}
    assert [expired_points(entries, twelve_months, day) for day in (D(2025, 1, 9), D(2025, 1, 10), D(2025, 6, 1))] == [0, 6, 12]
    assert expired_points(entries, {"policy": "year_end"}, D(2025, 1, 1)) == 12
    assert expired_points(entries, {"policy": "year_end"}, D(2024, 12, 31)) == 0
