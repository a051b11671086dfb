"""Every exchange, merchants and funds service refuses an admin of another station and a stray clerk, changing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import linli.plugins.exchange as exchange
import linli.plugins.merchants as merchants
from linli.core import Database, PermissionDenied
from linli.core.services import Context
from linli.plugins.funds.overview import budget_use
from tests.plugins.exchange.helpers import exchange_world, give, member, redeem
from tests.plugins.exchange.test_settlement import FUNDS
from tests.reliability.world import dump

SERVICES: dict[str, Callable[[Context, str], Any]] = {
    "redeem": lambda ctx, code: exchange.redeem(ctx, "13800000001", "carwash"),
    "verify": lambda ctx, code: exchange.verify(ctx, code),
    "cancel": lambda ctx, code: exchange.cancel(ctx, code),
    "show": lambda ctx, code: exchange.show_code(ctx, code),
    "expire": lambda ctx, code: exchange.expire(ctx, dt.date(2024, 3, 1)),
    "settle": lambda ctx, code: exchange.settle(ctx, "2024-03"),
    "sync": lambda ctx, code: merchants.sync_catalogue(ctx),
    "save": lambda ctx, code: merchants.save_catalogue(ctx, [], [], "import"),
}


@pytest.mark.parametrize("who", ["outsider", "stray_clerk"])
def test_no_service_lets_them_through(database: Database, who: str) -> None:
    world = exchange_world(database, funds_section=FUNDS)
    give(world, member(world, "13800000001"), 500)  # lives in S01
    code = redeem(world, "13800000001", "carwash").code
    operator = world.operator("huayuan", "S02") if who == "outsider" else world.operator("stray", None, role="clerk")
    before = dump(database)
    allowed = []
    for name, service in SERVICES.items():
        try:
            world.act(lambda ctx: service(ctx, code), operator)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []
    assert dump(database) == before
    if who == "stray_clerk":
        with pytest.raises(PermissionDenied):
            world.act(lambda ctx: budget_use(ctx, dt.date(2024, 3, 1)), operator)
