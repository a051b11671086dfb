"""朝阳里: both two-way service flows — the resident orders and the centre dispatches; a grid asks at the door and publishes — each rated by the person served."""

from __future__ import annotations

import datetime as dt

from linli.core import Context, Database
from linli.core.services import get_record, review
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.needs import NeedRow, raise_need
from linli.plugins.dispatch.orders import accept_order, dispatch_order, make_order
from linli.plugins.matching.ranking import rank_order
from linli.plugins.service_points.points import add_point
from tests.scenarios.helpers import open_preset

NOW = dt.datetime(2026, 5, 6, 2, 0, tzinfo=dt.UTC)


def test_order_dispatch_accept_rate_in_both_directions(database: Database) -> None:
    cyl = open_preset("chaoyangli", database, now=NOW)
    cyl.nodes(("CYL-G01-1", "1号楼1门", "entrance", "CYL-G01"), ("CYL-G02-5", "5号楼2门", "entrance", "CYL-G02"))
    barber = cyl.member("孙师傅", "13600000001", "CYL-G01-1", tags=["party_member"], skills=["理发"])
    other = cyl.member("钱大姐", "13600000002", "CYL-G02-5", skills=["陪伴"])
    plumber = cyl.member("周电工", "13600000003", "CYL-G02-5", skills=["水电维修"])
    # 15 分钟服务圈：1 号楼的义务理发点接理发的单
    cyl.act(lambda ctx: add_point(ctx, code="BP-01", name="孙师傅义务理发点", kind="barber", node="CYL-G01"))

    # 居民点单 → 中心派单 → 志愿者接单 → 群众评单
    def resident_orders(ctx: Context) -> int:
        need = raise_need(ctx, NeedRow("吴奶奶", "CYL-G01-1", "haircut", phone="13600009001"), channel="self")
        order = make_order(ctx, need.id)
        assert (order.state, order.routed_to) == ("created", "义务理发点：孙师傅义务理发点（BP-01）")
        return order.id

    haircut = cyl.act(resident_orders)
    suggested = cyl.view(lambda ctx: [c.member.id for c in rank_order(ctx, haircut)])
    assert suggested[0] == barber and other in suggested
    cyl.act(lambda ctx: dispatch_order(ctx, haircut, barber))
    cyl.act(lambda ctx: accept_order(ctx, haircut, barber))
    cyl.act(lambda ctx: complete_order(ctx, haircut, minutes=40))
    rated = cyl.act(lambda ctx: rate_order(ctx, haircut, score=5, comment="手艺好").record.id)

    # 开门询单 → 所站（网格）制单并发布 → 志愿者接单 → 群众评单
    def door_to_door(ctx: Context) -> tuple[int, str]:
        need = raise_need(ctx, NeedRow("郑大爷", "CYL-G02-5", "plumbing", phone="13600009002"), channel="door")
        order = make_order(ctx, need.id)
        return order.id, order.state

    leak, state = cyl.act(door_to_door)
    assert state == "published"
    cyl.act(lambda ctx: accept_order(ctx, leak, plumber))
    cyl.act(lambda ctx: complete_order(ctx, leak, minutes=90))
    fixed = cyl.act(lambda ctx: rate_order(ctx, leak, score=4).record.id)

    # 评单之后社区审核，服务时长记入志愿者的记录
    cyl.act(lambda ctx: review(ctx, approve=[rated, fixed]))
    assert cyl.view(lambda ctx: outcome(ctx, [rated, fixed])) == [(barber, "approved", 40, 5), (plumber, "approved", 90, 4)]


def outcome(ctx: Context, record_ids: list[int]) -> list[tuple[int, str, int | None, int | None]]:
    found = [get_record(ctx.session, record_id) for record_id in record_ids]
    return [(r.member_id, r.state, r.approved_minutes, r.score) for r in found]
