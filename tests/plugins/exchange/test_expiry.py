"""Pickup codes past their time: refused at the counter, then undone by ``expire``, once."""

from __future__ import annotations

import datetime as dt

import pytest

import linli.plugins.exchange as exchange
from linli.core import Database, NotFound, Refused, ledger
from tests.plugins.exchange.helpers import balance, exchange_world, give, member, redeem, stock, verify


def test_an_expired_code_is_refused_then_expiry_undoes_it_once(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 500)
    shampoo, haircut = redeem(world, alice, "shampoo", 2), redeem(world, alice, "haircut")
    fresh_day = world.clock[0]
    world.clock[0] += dt.timedelta(days=31)
    with pytest.raises(Refused) as late:
        verify(world, shampoo.code)
    assert late.value.key == "exchange.code_expired"
    assert late.value.render("zh-CN") == f"核销码 {shampoo.code[:4]}-{shampoo.code[4:]} 已于 2024-03-31 09:00 过期"
    with pytest.raises(Refused) as future:
        world.act(lambda ctx: exchange.expire(ctx, dt.date(2024, 5, 1)))
    assert future.value.key == "exchange.expiry_in_future"

    done = world.act(lambda ctx: exchange.expire(ctx, dt.date(2024, 4, 1)))
    assert (done.redemptions, done.points) == (2, 200)
    assert (balance(world, "member", str(alice)), balance(world, "merchant", "BARBER"), stock(world, "shampoo")) == (500, 0, 3)
    again = world.act(lambda ctx: exchange.expire(ctx, dt.date(2024, 4, 1)))
    assert (again.redemptions, again.points) == (0, 0)
    with database.reading() as session:
        reversal = session.get(ledger.Transfer, session.get(exchange.Redemption, haircut.id).reversal_id)
        assert reversal is not None and reversal.occurred_at == fresh_day + dt.timedelta(days=30)  # dated when the code expired
        assert ledger.check_invariants(session) == []
    with pytest.raises(Refused) as gone:
        verify(world, haircut.code)
    assert gone.value.key == "exchange.code_expired"
    redeem(world, alice, "haircut", 2)  # the allowance came back too


def test_bad_requests_are_refused_plainly(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    with pytest.raises(Refused) as quantity:
        redeem(world, alice, "haircut", 0)
    assert quantity.value.key == "exchange.bad_quantity"
    with pytest.raises(NotFound) as unknown:
        redeem(world, alice, "caviar")
    assert getattr(unknown.value, "key", None) == "exchange.unknown_item"
    with pytest.raises(NotFound) as nobody:
        redeem(world, "13899999999", "haircut")
    assert getattr(nobody.value, "key", None) == "members.not_found_phone"
