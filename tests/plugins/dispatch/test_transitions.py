"""The order state machine: every transition the table does not declare is refused, naming the current state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from linli.core import Database, Refused, t
from linli.core.services import Context
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.models import Order, OrderEvent
from linli.plugins.dispatch.needs import open_needs_by_category
from linli.plugins.dispatch.orders import accept_order, cancel_order, dispatch_order, make_order, publish_order, reassign_order
from linli.plugins.dispatch.states import ACTIONS, STATES, TRANSITIONS, target
from tests.core.factories import World
from tests.plugins.dispatch.helpers import accepted, chaoyangli_world, need, order_row, ordered, volunteer


def test_table_names_every_state_and_action_and_only_known_ones() -> None:
    assert set(TRANSITIONS) == set(STATES)
    for moves in TRANSITIONS.values():
        assert set(moves) <= set(ACTIONS) and set(moves.values()) <= set(STATES)


@pytest.mark.parametrize("state", STATES)
def test_target_refuses_each_undeclared_action_naming_the_state(state: str) -> None:
    order = Order(id=7, state=state)
    for action in ACTIONS:
        if action in TRANSITIONS[state]:
            assert target(order, action) == TRANSITIONS[state][action]
            continue
        with pytest.raises(Refused) as refused:
            target(order, action)
        assert refused.value.key == "dispatch.illegal_transition"
        assert f"「{t(f'dispatch.state_{state}', 'zh-CN')}」" in refused.value.render("zh-CN")
        assert t(f"dispatch.state_{state}", "en") in refused.value.render("en")


def in_every_state(world: World, first: int, second: int) -> dict[str, int]:
    """One order in each state, by legal moves only."""
    orders = {"created": ordered(world, publish=False), "published": ordered(world, publish=True)}
    orders["dispatched"] = ordered(world, publish=False)
    world.act(lambda ctx: dispatch_order(ctx, orders["dispatched"], first))
    orders["accepted"] = accepted(world, first)
    orders["completed"] = accepted(world, first)
    world.act(lambda ctx: complete_order(ctx, orders["completed"], minutes=30))
    orders["rated"] = accepted(world, first)
    world.act(lambda ctx: complete_order(ctx, orders["rated"], minutes=30))
    world.act(lambda ctx: rate_order(ctx, orders["rated"], score=4))
    orders["cancelled"] = ordered(world, publish=False)
    world.act(lambda ctx: cancel_order(ctx, orders["cancelled"], reason="居民已自行解决"))
    return orders


def calls(first: int, second: int) -> dict[str, Callable[[Context, int], object]]:
    """Each service function that moves an order, by the action it takes (escalation only ever picks published orders)."""
    return {
        "publish": lambda ctx, o: publish_order(ctx, o),
        "dispatch": lambda ctx, o: dispatch_order(ctx, o, second),
        "accept": lambda ctx, o: accept_order(ctx, o, first),
        "reassign": lambda ctx, o: reassign_order(ctx, o, second),
        "complete": lambda ctx, o: complete_order(ctx, o, minutes=30),
        "rate": lambda ctx, o: rate_order(ctx, o, score=3),
        "cancel": lambda ctx, o: cancel_order(ctx, o, reason="不再需要"),
    }


def test_every_undeclared_transition_is_refused_by_the_services_and_changes_nothing(database: Database) -> None:
    world = chaoyangli_world(database)
    first, second = volunteer(world, "13900000001", "G1-E1"), volunteer(world, "13900000002", "G1-E2")
    orders = in_every_state(world, first, second)
    assert {state: order_row(world, order_id).state for state, order_id in orders.items()} == {state: state for state in STATES}
    events_before = _events(world)
    tried = 0
    for state, order_id in orders.items():
        for action, call in calls(first, second).items():
            if action in TRANSITIONS[state]:
                continue
            with pytest.raises(Refused) as refused:
                world.act(lambda ctx: call(ctx, order_id))  # noqa: B023 - called at once
            assert refused.value.key == "dispatch.illegal_transition", (state, action)
            assert refused.value.params["current"] == state
            tried += 1
    assert tried == 35
    assert {state: order_row(world, order_id).state for state, order_id in orders.items()} == {state: state for state in STATES}
    assert _events(world) == events_before


def test_reassignment_moves_the_order_to_the_new_volunteer_only(database: Database) -> None:
    world = chaoyangli_world(database)
    first, second = volunteer(world, "13900000001", "G1-E1"), volunteer(world, "13900000002", "G1-E2")
    order_id = accepted(world, first)
    with pytest.raises(Refused, match="已由这位志愿者承接"):
        world.act(lambda ctx: reassign_order(ctx, order_id, first))
    world.act(lambda ctx: reassign_order(ctx, order_id, second, reason="原志愿者住院"))
    order = order_row(world, order_id)
    assert (order.state, order.member_id, order.accept_by is not None) == ("dispatched", second, True)
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: accept_order(ctx, order_id, first))
    assert refused.value.key == "dispatch.not_dispatched_to"
    world.act(lambda ctx: accept_order(ctx, order_id, second))
    with world.database.reading() as session:
        notes = session.scalars(sa.select(OrderEvent.note).where(OrderEvent.order_id == order_id, OrderEvent.action == "reassign"))
        assert list(notes) == ["原志愿者住院"]


def test_cancelling_needs_a_reason_and_reopens_the_need(database: Database) -> None:
    world = chaoyangli_world(database)
    need_id = need(world, category="haircut")
    order_id = world.act(lambda ctx: make_order(ctx, need_id).id)
    with pytest.raises(Refused) as refused:
        world.act(lambda ctx: make_order(ctx, need_id))
    assert refused.value.key == "dispatch.need_has_order"
    with pytest.raises(Refused, match="需要说明原因"):
        world.act(lambda ctx: cancel_order(ctx, order_id, reason="  "))
    with world.acting() as ctx:
        root = ctx.session.scalars(sa.select(Order).where(Order.id == order_id)).one().made_by_node
        assert open_needs_by_category(ctx.session, root) == {}
        cancel_order(ctx, order_id, reason="理发点本周休息")
        assert open_needs_by_category(ctx.session, root) == {"haircut": 1}
    assert order_row(world, order_id).cancel_reason == "理发点本周休息"
    assert world.act(lambda ctx: make_order(ctx, need_id).state) == "published"


def _events(world: World) -> int:
    with world.database.reading() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(OrderEvent)) or 0)
