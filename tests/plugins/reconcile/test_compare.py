"""Pairing rules: the normalized key, the same-day fallback and where it stops, the tolerance."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.plugins.reconcile import normalize_title
from linli.plugins.reconcile.compare import reconcile
from linli.plugins.reconcile.ledger import LedgerLine
from linli.plugins.reconcile.platform import PlatformLine

DAY = dt.date(2026, 11, 3)
PHONE = "13800001001"


def record(record_id: int, title: str, minutes: int, on: dt.date = DAY, phone: str = PHONE) -> PlatformLine:
    return PlatformLine(record_id, "陈秀英", phone, title, on, minutes, "approved")


def line(row: int, title: str, minutes: int, on: dt.date = DAY, phone: str | None = PHONE, name: str = "陈秀英") -> LedgerLine:
    return LedgerLine(row, name, phone, title, on, minutes)


@pytest.mark.parametrize(("a", "b"), [("禁毒宣传（快板）", "禁毒宣传(快板)"), ("外籍人士 口译", "外籍人士口译"), ("ＡＢＣ课堂", "abc课堂")])
def test_titles_written_differently_normalize_alike(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


def test_the_tolerance_decides_between_matched_and_mismatched() -> None:
    report = reconcile(
        [record(1, "助餐", 120), record(2, "巡防", 120)], [line(2, "助餐", 150), line(3, "巡防", 151)], tolerance_minutes=30, same_day_fallback=False
    )
    assert [p.platform.record_id for p in report.matched] == [1]
    assert [(p.platform.record_id, p.difference) for p in report.mismatched] == [(2, -31)]


def test_the_fallback_pairs_only_a_single_line_on_each_side() -> None:
    lone = reconcile([record(1, "家庭教育公益课堂", 60)], [line(2, "家庭教育课堂", 60)], tolerance_minutes=0, same_day_fallback=True)
    assert [(p.platform.record_id, p.by_title) for p in lone.matched] == [(1, False)]
    two = reconcile([record(1, "课堂", 60), record(2, "巡防", 60)], [line(2, "讲座", 60), line(3, "巡逻", 60)], tolerance_minutes=0, same_day_fallback=True)
    assert not two.matched and len(two.platform_only) == 2 and len(two.ledger_only) == 2
    off = reconcile([record(1, "家庭教育公益课堂", 60)], [line(2, "家庭教育课堂", 60)], tolerance_minutes=0, same_day_fallback=False)
    assert not off.matched


def test_a_line_without_phone_is_the_platform_member_of_that_name_and_other_days_never_pair() -> None:
    report = reconcile(
        [record(1, "助餐", 60), record(2, "助餐", 60, on=DAY + dt.timedelta(days=1))],
        [line(2, "助餐", 60, phone=None), line(3, "助餐", 60, on=DAY + dt.timedelta(days=2))],
        tolerance_minutes=0,
        same_day_fallback=True,
    )
    assert [(p.ledger.row, p.platform.record_id) for p in report.matched] == [(2, 1)]
    assert [r.record_id for r in report.platform_only] == [2] and [x.row for x in report.ledger_only] == [3]


def test_a_line_without_phone_stays_unpaired_when_namesakes_served_that_day() -> None:
    report = reconcile(
        [record(1, "助餐", 60), record(2, "助餐", 60, phone="13800001009")], [line(2, "助餐", 60, phone=None)], tolerance_minutes=0, same_day_fallback=True
    )
    assert not report.matched and [x.row for x in report.ledger_only] == [2]
