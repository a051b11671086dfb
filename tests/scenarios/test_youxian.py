"""攸县: a party member's service to an elder, rated and reviewed, into points and the passbook; banked time withdrawn;
goods from the volunteer-home supermarket; five stars and their benefits, which spending never takes away."""

from __future__ import annotations

import datetime as dt

from linli.core import Context, Database
from linli.core.services import create_operator, evaluate, get_node, record_manual, review
from linli.plugins.exchange.lifecycle import verify
from linli.plugins.exchange.redeem import redeem
from linli.plugins.merchants.sync import sync_catalogue
from linli.plugins.matching.ranking import rank
from linli.plugins.time_bank import passbook
from tests.scenarios.helpers import bank_hours, cst, open_preset

NOW = dt.datetime(2026, 6, 30, 2, 0, tzinfo=dt.UTC)



def test_party_member_serves_an_elder_banks_the_time_and_reaches_five_stars(database: Database) -> None:
    yx = open_preset("youxian", database, now=NOW)
    liu = yx.member("刘红", "13700000001", "LX-WH", tags=["party_member"], skills=["陪护", "理发"], willingness=["关爱空巢老人"])
    zhao = yx.member("赵强", "13700000002", "LX-WH", tags=["party_member"], skills=["电脑培训"])

    # 供需菜单：空巢老人要人陪护，按技能和意愿对接到刘红
    def best_for_elder(ctx: Context) -> list[int]:
        return [c.member.id for c in rank(ctx, category="elder_care", node=get_node(ctx.session, "LX-WH"))]

    assert yx.view(best_for_elder)[0] == liu

    # 服务 3 小时，老人评 5 分，社区审核通过：积分 = 3 小时 × 1 分 × 1.5（五星评价）= 4.5，四舍五入 5 分
    visit = yx.activity("陪伴空巢老人周奶奶", "elder_care", "LX-WH", "2026-03-02 09:00")
    served = yx.serve(liu, visit, "2026-03-02 09:00", 180)
    yx.act(lambda ctx: evaluate(ctx, served, score=5, comment="陪我聊天、理了发"))
    yx.act(lambda ctx: review(ctx, approve=[served]))
    assert yx.balance(liu, "points") == 5
    book = yx.view(lambda ctx: passbook(ctx, str(liu)))
    assert (book.title, [(line.summary, line.amount) for line in book.lines]) == ("志愿服务存折", [("服务存入", 180)])

    # 刘红自己病了：赵强上门服务 1 小时，从她的存折里支取“被服务时间”
    care = yx.activity("上门照料刘红", "elder_care", "LX-WH", "2026-04-10 14:00")
    start = cst("2026-04-10 14:00")
    received = yx.act(
        lambda ctx: (
            record_manual(
                ctx, member_id=zhao, activity_id=care, minutes=60, check_in_at=start, check_out_at=start + dt.timedelta(hours=1), served_member_id=liu
            ).id
        )
    )
    yx.act(lambda ctx: review(ctx, approve=[received]))
    book = yx.view(lambda ctx: passbook(ctx, str(liu)))
    assert [(line.summary, line.amount, line.balance) for line in book.lines][-1] == ("被服务支取", -60, 120)

    # 常年服务，累计积分满 800 分评为五星：就医就读优先、免费游览县内景点
    neighbourhood = yx.activity("邻里守望", "neighbourhood_watch", "LX-WH", "2026-01-01 00:00", hours=24 * 180)
    bank_hours(yx, liu, neighbourhood, "2026-01-03 08:00", 800)
    assert yx.balance(liu, "points") == 805

    def holdings(ctx: Context) -> tuple[int, set[str]]:
        answers = ctx.hooks.linli_member_entitlements(ctx=ctx, member_ids=[liu])
        return ctx.hooks.linli_star_levels(ctx=ctx, member_ids=[liu])[liu], {e for answer in answers for e in answer.get(liu, ())}

    stars, entitled = yx.view(holdings)
    assert stars == 5
    assert {"priority_medical", "free_scenic_entry"} <= entitled

    # 到志愿者之家超市兑换大米：扣 30 分，凭核销码由超市收银员核销；星级按累计积分评定，花掉积分不降星
    yx.act(lambda ctx: create_operator(ctx, username="lx_supermarket", display_name="超市收银员", role="clerk"))
    yx.act(sync_catalogue)
    code = yx.act(lambda ctx: redeem(ctx, liu, "rice-5kg").code)
    assert yx.balance(liu, "points") == 775
    assert yx.runtime.act("lx_supermarket", lambda ctx: verify(ctx, code).state) == "verified"
    assert yx.view(holdings)[0] == 5
