"""博凯: a month of service on the platform, the community's paper ledger, and the reconciliation sorting every line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from linli.core import Context, Database
from linli.core.services import add_team_member, create_team, review
from linli.plugins.reconcile import compare
from tests.scenarios.helpers import open_preset

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)

LEDGER = """姓名,手机号,活动,日期,服务时长(小时)
陈秀英,13800001001,长者饭堂助餐,2026-11-03,2
陈秀英,13800001001,禁毒宣传（快板）,2026-11-10,3
林志强,13800001002,外籍人士 口译,2026-11-05,2.5
林志强,13800001002,家庭教育课堂,2026-11-12,2
黄丽华,,环境卫生整治,2026-11-08,1.5
黄丽华,13800001003,书画展布展,2026-11-20,2
陈秀英,13800001001,长者饭堂助餐,2026-10-27,2
"""


def test_platform_and_ledger_reconcile_into_four_classes(database: Database, tmp_path: Path) -> None:
    bokai = open_preset("bokai", database, now=NOW)
    bokai.nodes(("BK-KY-01", "凯茵新城1栋", "building", "BK-KY"), ("BK-WK-03", "万科柏悦湾3栋", "building", "BK-WK"))
    chen = bokai.member("陈秀英", "13800001001", "BK-KY-01", tags=["retired_cadre"])
    lin = bokai.member("林志强", "13800001002", "BK-WK-03", tags=["party_member"])
    huang = bokai.member("黄丽华", "13800001003", "BK-WK")

    # “8+N”：队伍是数据——常设的平安巡防队，特色的夕阳红服务队（离退休干部排演禁毒快板）
    def teams(ctx: Context) -> int:
        create_team(ctx, name="平安巡防志愿服务队", anchor="BK")
        sunset = create_team(ctx, name="夕阳红服务队", anchor="BK")
        add_team_member(ctx, sunset.id, chen)
        return sunset.id

    sunset = bokai.act(teams)

    meal = bokai.activity("长者饭堂助餐", "elder_disability", "BK", "2026-11-03 10:00")
    drugs = bokai.activity("禁毒宣传(快板)", "safety_patrol", None, "2026-11-10 09:00", host_team_id=sunset)
    interpret = bokai.activity("外籍人士口译", "translation", "BK", "2026-11-05 14:00")
    clean = bokai.activity("环境卫生整治", "environment", "BK-WK", "2026-11-08 08:00")
    lecture = bokai.activity("家庭教育公益课堂", "science_education", "BK", "2026-11-12 19:00")
    film = bokai.activity("电影下乡", "culture_arts", "BK", "2026-11-15 19:00")

    records = [
        bokai.serve(chen, meal, "2026-11-03 10:00", 120),  # matched exactly
        bokai.serve(chen, drugs, "2026-11-10 09:00", 180),  # （快板） and (快板) normalize alike
        bokai.serve(lin, interpret, "2026-11-05 14:00", 60),  # ledger says 2.5 h: beyond the half-hour tolerance
        bokai.serve(lin, lecture, "2026-11-12 19:00", 110),  # title differs: the same-day fallback pairs it, 10 min is within tolerance
        bokai.serve(huang, clean, "2026-11-08 08:00", 90),  # ledger line has no phone: matched by name
    ]
    bokai.act(lambda ctx: review(ctx, approve=records[:4]))  # the last still awaits review and still counts
    film_record = bokai.serve(huang, film, "2026-11-15 19:00", 120)  # nobody wrote it in the ledger

    assert bokai.balance(chen, "points") == 20 + 2 * 10 + 3 * 10  # first service, then 10 points an hour

    ledger = tmp_path / "台账-2026-11.csv"
    ledger.write_text(LEDGER, encoding="utf-8-sig")
    report = bokai.view(lambda ctx: compare(ctx, ledger, "2026-11"))

    assert [(p.ledger.row, p.platform.record_id, p.by_title) for p in report.matched] == [
        (2, records[0], True),
        (3, records[1], True),
        (5, records[3], False),
        (6, records[4], True),
    ]
    assert [(p.ledger.row, p.platform.record_id, p.difference) for p in report.mismatched] == [(4, records[2], -90)]
    assert [line.record_id for line in report.platform_only] == [film_record]
    assert [(line.row, line.activity) for line in report.ledger_only] == [(7, "书画展布展")]
    assert bokai.balance(huang, "points") == 0  # reconciling writes nothing
