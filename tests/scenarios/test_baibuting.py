"""百步亭: volunteers registered at the station door, building groups under stations, hours to stars, 两长四员 for 4 stars and up, the annual commendation."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import Context, Database, Refused
from linli.core.services import assign_role, get_member, review, star_levels
from linli.plugins.commendations import select_awards
from tests.scenarios.helpers import bank_hours, open_preset

NOW = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)


def filed(ctx: Context, member_id: int) -> tuple[list[str], list[str], str]:
    """What the station keeps of a volunteer: skills, willingness, building group."""
    member = get_member(ctx.session, member_id)
    return list(member.skills), list(member.willingness), member.home_node.code


def test_hours_make_stars_and_only_four_stars_hold_two_heads_four_officers(database: Database) -> None:
    bbt = open_preset("baibuting", database, now=NOW)
    bbt.nodes(("S01", "安居苑志愿服务站", "station", "BBT"), ("G0101", "安居苑1栋小组", "group", "S01"))

    # 在职党员进社区报到：职业技能和服务意愿随登记入账，落到楼栋小组
    wang = bbt.member("王建国", "13900000001", "G0101", tags=["party_member", "in_service_party_member"], skills=["水电维修"], willingness=["便民维修"])
    li = bbt.member("李芳", "13900000002", "G0101", tags=["party_member"], channel="online")
    zhang = bbt.member("张伟", "13900000003", "G0101", tags=["resident"])
    assert bbt.view(lambda ctx: filed(ctx, wang)) == (["水电维修"], ["便民维修"], "G0101")

    # 站里的便民维修：服务 3 小时，审核通过后记时长、记积分（每小时 1 分，首次服务奖励 5 分）
    repair = bbt.activity("楼道灯维修", "repair", "S01", "2025-03-01 09:00")
    first = bbt.serve(zhang, repair, "2025-03-01 09:00", 180)
    bbt.act(lambda ctx: review(ctx, approve=[first]))
    assert bbt.balance(zhang, "points") == 3 + 5

    patrol = bbt.activity("安居苑夜间巡逻", "patrol", "S01", "2025-01-01 00:00", hours=24 * 365)
    bank_hours(bbt, wang, patrol, "2025-01-01 19:00", 1000)  # 四星：1000 小时
    bank_hours(bbt, li, patrol, "2025-01-01 19:00", 600)  # 三星：600 小时
    assert bbt.view(lambda ctx: star_levels(ctx, [wang, li, zhang])) == {wang: 4, li: 3, zhang: 0}

    held = bbt.act(lambda ctx: assign_role(ctx, member_id=wang, node="G0101", role="building_head"))
    assert held.role == "building_head"
    with pytest.raises(Refused):
        bbt.act(lambda ctx: assign_role(ctx, member_id=li, node="G0101", role="party_group_leader"))

    # 年度嘉许：各站评出党员故事汇讲述人、星级志愿者、最美志愿者
    winners = bbt.act(lambda ctx: select_awards(ctx, period="2025"))
    by_award = {(w.award, w.rank): w.member_id for w in winners}
    assert by_award == {
        ("story_teller", 1): wang,
        ("story_teller", 2): li,
        ("star_volunteer", 1): wang,
        ("most_beautiful", 1): wang,
    }
