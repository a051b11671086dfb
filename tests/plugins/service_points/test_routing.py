"""The 15-minute service circle: points anchored to org nodes, and orders routed to the nearest point of a serving kind."""

from __future__ import annotations

import pytest

import linli.plugins.service_points as service_points
from linli.core import Database, Refused
from linli.core.services import add_team_member, create_team, get_node
from linli.plugins.dispatch.orders import accept_order, make_order
from linli.plugins.service_points.points import add_point, nearest, staff_point, tree_distance
from tests.core.factories import World
from tests.plugins.dispatch.helpers import chaoyangli_world, need, order_row, volunteer


@pytest.mark.parametrize(
    ("a", "b", "steps"),
    [("/1/2/4/", "/1/2/4/", 0), ("/1/2/4/", "/1/2/", 1), ("/1/2/4/", "/1/2/5/", 2), ("/1/2/4/", "/1/3/6/", 4), ("/1/", "/1/3/6/", 2)],
)
def test_tree_distance_counts_steps_through_the_closest_shared_node(a: str, b: str, steps: int) -> None:
    assert tree_distance(a, b) == steps


def circle(database: Database) -> tuple[World, int]:
    """Barber points at grid G1 and at entrance G2-E1, a medical point at the community; G2-E1's is staffed by a team."""
    world = chaoyangli_world(database, ("service_points", service_points))
    with world.acting() as ctx:
        add_point(ctx, code="LF-G1", name="一网格义务理发点", kind="barber", node="G1", opening_hours="每周二 8:30-11:30")
        add_point(ctx, code="LF-G2", name="5号楼义务理发点", kind="barber", node="G2-E1")
        add_point(ctx, code="YH-1", name="医护义务服务点", kind="medical", node="CYL")
        team = create_team(ctx, name="巧手理发队", anchor="G2")
        staff_point(ctx, "LF-G2", team.id)
        return world, team.id


def test_nearest_points_of_a_kind_come_first_in_the_tree(database: Database) -> None:
    world, team_id = circle(database)
    with world.acting() as ctx:
        found = nearest(ctx, kinds_wanted=["barber"], node=get_node(ctx.session, "G1-E1"))
        assert [(near.point.code, near.distance) for near in found] == [("LF-G1", 1), ("LF-G2", 4)]
        found = nearest(ctx, kinds_wanted=["barber", "medical"], node=get_node(ctx.session, "G2-E1"))
        assert [(near.point.code, near.distance) for near in found] == [("LF-G2", 0), ("YH-1", 2), ("LF-G1", 3)]
        with pytest.raises(Refused, match="未配置"):
            add_point(ctx, code="X", name="网吧", kind="internet_cafe", node="G1")
        with pytest.raises(Refused, match="已被使用"):
            add_point(ctx, code="LF-G1", name="重复", kind="barber", node="G1")
        with pytest.raises(Refused, match="已在服务点"):
            staff_point(ctx, "LF-G2", team_id)


def test_an_order_is_routed_to_the_nearest_point_and_its_team_may_accept(database: Database) -> None:
    world, team_id = circle(database)
    barber = volunteer(world, "13900000001", "G1-E2", name="理发师傅")  # lives in another grid, on the point's team
    stranger = volunteer(world, "13900000002", "G1-E1")
    with world.acting() as ctx:
        add_team_member(ctx, team_id, barber)
    haircut = need(world, node="G2-E1", category="haircut")
    with world.acting() as ctx:
        order = make_order(ctx, haircut)
        assert (order.state, order.made_by_node.code, order.queue_node.code) == ("published", "G2", "G2-E1")
        assert order.routed_to == "义务理发点：5号楼义务理发点（LF-G2）" and order.team_id == team_id
    with pytest.raises(Refused):
        world.act(lambda ctx: accept_order(ctx, order.id, stranger))
    world.act(lambda ctx: accept_order(ctx, order.id, barber))
    plumbing = need(world, node="G2-E1", category="plumbing")  # routed to repair points and craftsmen, and there are none
    unrouted = order_row(world, world.act(lambda ctx: make_order(ctx, plumbing).id))
    assert (unrouted.routed_to, unrouted.queue_node_id, unrouted.team_id) == (None, unrouted.made_by_node_id, None)
