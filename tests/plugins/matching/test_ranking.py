"""Ranking volunteers for an order with the preset's weights, each score explained.

Weights (configs/chaoyangli.yaml): skill 40, willingness 15, proximity 30
(same entrance ×1.0, same grid ×0.6, same community ×0.2), load 10/(1+open
orders), rating 10×(average−1)/4 (unrated: 5), stars 5×stars/5.
"""

from __future__ import annotations

import linli.plugins.matching as matching
from linli.core import Database
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.orders import dispatch_order
from linli.plugins.matching.ranking import Candidate, rank_order
from tests.core.factories import Stars
from tests.plugins.dispatch.helpers import accepted, chaoyangli_world, later, ordered, volunteer


def scores(ranked: list[Candidate]) -> list[tuple[str, float]]:
    return [(c.member.name, c.score) for c in ranked]


def test_a_skilled_neighbour_ranks_above_an_unskilled_volunteer_elsewhere(database: Database) -> None:
    world = chaoyangli_world(database, ("matching", matching))
    volunteer(world, "13900000004", "G2-E1", name="外网格新手")
    volunteer(world, "13900000003", "G1-E2", name="热心邻居", willingness=["水电维修"])
    volunteer(world, "13900000002", "G2-E1", name="外网格电工", skills=["电工"])
    volunteer(world, "13900000001", "G1-E1", name="本门电工", skills=["水电维修", "理发"])
    order_id = ordered(world, node="G1-E1", category="plumbing")
    with world.acting() as ctx:
        ranked = rank_order(ctx, order_id)
        assert scores(ranked) == [("本门电工", 85.0), ("外网格电工", 61.0), ("热心邻居", 48.0), ("外网格新手", 21.0)]
        best = [reason.render("zh-CN") for reason in ranked[0].reasons]
        assert best == ["技能对口：水电维修（+40.0）", "同在1号楼1门（+30.0）", "在办工单 0 个（+10.0）", "近 180 天无评价，按中间值计（+5.0）"]
        assert [r.key for r in ranked[-1].reasons] == ["proximity", "load", "unrated"]  # only the shared community
        assert [r.render("en") for r in ranked[2].reasons][:2] == ["willing: 水电维修 (+15.0)", "also in 第一网格党支部 (+18.0)"]


def test_load_recent_rating_and_stars_move_the_score(database: Database) -> None:
    stars = Stars()
    world = chaoyangli_world(database, ("matching", matching), ("stars", stars))
    busy = volunteer(world, "13900000001", "G1-E1", name="忙碌的电工", skills=["水电维修"])
    rated = volunteer(world, "13900000002", "G1-E1", name="好评电工", skills=["水电维修"])
    stars.levels = {rated: 5}
    held = ordered(world, publish=False)
    world.act(lambda ctx: dispatch_order(ctx, held, busy))  # one order held
    done = accepted(world, rated)
    world.act(lambda ctx: complete_order(ctx, done, minutes=30))
    world.act(lambda ctx: rate_order(ctx, done, score=4))
    order_id = ordered(world, category="plumbing")
    with world.acting() as ctx:
        ranked = rank_order(ctx, order_id)
        # busy: 40 + 30 + 10/2 + 5 (unrated) + 0 stars; rated: 40 + 30 + 10 + 10×3/4 + 5
        assert scores(ranked) == [("好评电工", 92.5), ("忙碌的电工", 80.0)]
        assert [r.render("zh-CN") for r in ranked[0].reasons][-2:] == ["近 180 天平均评分 4.0，共 1 次（+7.5）", "5 星志愿者（+5.0）"]
    later(world, days=181)  # the rating leaves the window
    with world.acting() as ctx:
        assert scores(rank_order(ctx, order_id))[0] == ("好评电工", 90.0)


def test_a_volunteer_is_never_suggested_for_their_own_order(database: Database) -> None:
    world = chaoyangli_world(database, ("matching", matching))
    asking = volunteer(world, "13700000001", "G1-E1", name="王秀英", skills=["水电维修"])
    other = volunteer(world, "13900000002", "G2-E1", name="外网格电工", skills=["电工"])
    own = ordered(world, node="G1-E1", category="plumbing", name="王秀英", phone="13700000001")
    neighbours = ordered(world, node="G1-E1", category="plumbing", name="李大爷", phone="13700000009")
    with world.acting() as ctx:
        # the best fit by every reason, yet she asked for this one herself
        assert [c.member.id for c in rank_order(ctx, neighbours)] == [asking, other]
        assert [c.member.id for c in rank_order(ctx, own)] == [other]


def test_a_requester_who_registers_after_asking_is_still_left_out(database: Database) -> None:
    world = chaoyangli_world(database, ("matching", matching))
    own = ordered(world, node="G1-E1", category="plumbing", name="王秀英", phone="13700000001")
    volunteer(world, "13700000001", "G1-E1", name="王秀英", skills=["水电维修"])
    other = volunteer(world, "13900000002", "G2-E1", name="外网格电工", skills=["电工"])
    with world.acting() as ctx:
        assert [c.member.id for c in rank_order(ctx, own)] == [other]
