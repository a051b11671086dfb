"""汉阳: points earned in 梅林都汇 are charged to its community fund, spent on a haircut in 建港 (通存通兑),
verified by the barber's clerk; the month's settlement shows the flow, the merchant's claim and the liability."""

from __future__ import annotations

import datetime as dt

from linli.core import Database
from linli.core.services import create_operator, review
from linli.plugins.exchange.lifecycle import verify
from linli.plugins.exchange.redeem import redeem
from linli.plugins.exchange.settlement import settle
from linli.plugins.merchants.sync import sync_catalogue
from tests.scenarios.helpers import open_preset

NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)


def test_earned_in_one_community_spent_in_another_and_settled(database: Database) -> None:
    hy = open_preset("hanyang", database, now=NOW)
    for clerk in ("mldh_market", "mldh_flower", "jg_barber", "jg_carwash", "hy_property", "hy_yangxiaoyi"):
        hy.act(lambda ctx, name=clerk: create_operator(ctx, username=name, display_name=name, role="clerk"))
    hy.act(sync_catalogue)
    chen = hy.member("陈静", "13600000001", "HY-SX-MLDH", tags=[])

    # 12 小时关爱孤寡老人，每小时 10 个公益积分，记在梅林都汇社区的社区基金名下
    visit = hy.activity("陪伴孤寡老人", "elder_care", "HY-SX-MLDH", "2026-11-03 08:00", hours=12)
    served = hy.serve(chen, visit, "2026-11-03 08:00", 720)
    hy.act(lambda ctx: review(ctx, approve=[served]))
    assert hy.balance(chen, "points") == 120

    # 到建港社区爱心理发店理发：100 积分，理发店核销员核销
    code = hy.act(lambda ctx: redeem(ctx, chen, "haircut").code)
    assert hy.runtime.act("jg_barber", lambda ctx: verify(ctx, code).state) == "verified"
    assert hy.balance(chen, "points") == 20

    month = hy.act(lambda ctx: settle(ctx, "2026-11"))
    assert month.issued == {("HY-SX-MLDH", "fund:mldh_community_fund"): 120}
    assert month.flows == {("HY-SX-MLDH", "HY-JQ-JG"): 100}
    (barber,) = [claim for claim in month.claims if claim.merchant == "JG-BARBER"]
    assert (barber.verified, barber.points, barber.claim_fen) == (1, 100, 1500)
    assert month.owed == {("fund:mldh_community_fund", "JG-BARBER"): 100}
    assert sum(month.held.values()) == 20 and month.liability(sum(month.held.values())) == month.liability(20)
