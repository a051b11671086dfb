"""The SLA report against figures worked out by hand.

Four orders, all made at 09:00 (T0):
  A  door, plumbing, grid G1: accepted 09:30, completed 11:30, rated 4
  B  door, elder_care, grid G1: accepted 10:30, completed 12:30, rated 2
  C  self, plumbing, centre CYL: dispatched 09:10, never accepted (due 09:10 next day)
  D  door, elder_care, grid G1: cancelled
So: 4 orders, 2 accepted (30 and 90 minutes → 60 on average), 2 completed
(150 and 210 minutes → 180), 1 cancelled, 1 unaccepted and overdue two days
later; ratings one 4 and one 2 (average 3).
"""

from __future__ import annotations

import datetime as dt

from linli.core import Database
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.orders import accept_order, cancel_order, dispatch_order
from linli.plugins.dispatch.report import SlaReport, build_sla_report
from tests.core.factories import World
from tests.plugins.dispatch.helpers import T0, chaoyangli_world, ordered, volunteer


def at(world: World, minutes: int) -> None:
    world.clock[0] = T0 + dt.timedelta(minutes=minutes)


def four_orders(world: World) -> dict[str, int]:
    first, second = volunteer(world, "13900000001", "G1-E1"), volunteer(world, "13900000002", "G1-E2")
    orders = {
        "A": ordered(world, category="plumbing"),
        "B": ordered(world, category="elder_care"),
        "C": ordered(world, channel="self", category="plumbing"),
        "D": ordered(world, category="elder_care"),
    }
    moves = [
        (10, lambda ctx: dispatch_order(ctx, orders["C"], second)),
        (30, lambda ctx: accept_order(ctx, orders["A"], first)),
        (60, lambda ctx: cancel_order(ctx, orders["D"], reason="家属已帮忙")),
        (90, lambda ctx: accept_order(ctx, orders["B"], second)),
        (150, lambda ctx: complete_order(ctx, orders["A"], minutes=60)),
        (160, lambda ctx: rate_order(ctx, orders["A"], score=4)),
        (210, lambda ctx: complete_order(ctx, orders["B"], minutes=45)),
        (220, lambda ctx: rate_order(ctx, orders["B"], score=2)),
    ]
    for minutes, move in moves:
        at(world, minutes)
        world.act(move)
    return orders


def test_sla_figures_match_the_hand_count(database: Database) -> None:
    world = chaoyangli_world(database)
    orders = four_orders(world)
    report: SlaReport = world.act(lambda ctx: build_sla_report(ctx, as_of=T0 + dt.timedelta(days=2)))
    assert report.total.as_dict() == {
        "orders": 4,
        "accepted": 2,
        "completed": 2,
        "cancelled": 1,
        "unaccepted": 1,
        "avg_accept_minutes": 60.0,
        "avg_complete_minutes": 180.0,
        "avg_rating": 3.0,
        "ratings": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0},
    }
    by_org = {code: (f.orders, f.accepted, f.completed, f.cancelled, f.unaccepted) for code, f in report.by_org.items()}
    assert by_org == {"G1": (3, 2, 2, 1, 0), "CYL": (1, 0, 0, 0, 1)}
    plumbing, elder_care = report.by_category["plumbing"], report.by_category["elder_care"]
    assert (plumbing.orders, plumbing.avg_accept_minutes, plumbing.avg_complete_minutes, plumbing.avg_rating) == (2, 30.0, 150.0, 4.0)
    assert (elder_care.orders, elder_care.cancelled, elder_care.avg_accept_minutes, elder_care.avg_rating) == (2, 1, 90.0, 2.0)
    (waiting,) = report.waiting
    assert (waiting.order_id, waiting.node, waiting.state, waiting.overdue) == (orders["C"], "CYL", "dispatched", True)
    assert waiting.accept_by == T0 + dt.timedelta(minutes=10 + 1440)

    same_day = world.act(lambda ctx: build_sla_report(ctx, as_of=T0 + dt.timedelta(hours=5)))
    assert not same_day.waiting[0].overdue
    grid_only = world.act(lambda ctx: build_sla_report(ctx, org="G2"))
    assert grid_only.total.orders == 0  # every order was needed at G1-E1
    later_orders = world.act(lambda ctx: build_sla_report(ctx, since=T0 + dt.timedelta(minutes=1)))
    assert later_orders.total.orders == 0
