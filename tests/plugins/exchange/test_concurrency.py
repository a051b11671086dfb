"""Many clients redeeming at once: never oversold, never overspent, never past a limit.

Each attempt is its own transaction on its own connection (``Database.run``,
which retries lock and serialization conflicts whole), started together
from eight threads. On PostgreSQL they really interleave; on SQLite writers
take turns and none may see "database is locked".
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
import sqlalchemy as sa

import linli.plugins.exchange as exchange
from linli.core import Database, LinliError, ledger
from linli.core.models import Operator
from linli.core.services import Context, register_members
from linli.core.services.members import MemberRow
from tests.core.factories import World
from tests.plugins.exchange.helpers import HAIRCUT, balance, exchange_world, stock

THREADS = 8
DIRECTORY = [
    {
        "code": "SHOP",
        "name": "志愿者之家超市",
        "nodes": ["S01"],
        "items": [
            {"code": "rice", "name": "大米 5kg", "kind": "goods", "price": 10, "cny": 30, "stock": 20},
            {"code": "oil", "name": "食用油", "kind": "goods", "price": 50, "cny": 40},
            {**HAIRCUT, "code": "cut", "price": 1},
        ],
    }
]


def in_threads(work: Callable[[int], list[str]]) -> Counter[str]:
    """Run ``work(thread)`` in THREADS threads started together; the outcomes they report, counted."""
    start = threading.Barrier(THREADS)
    outcomes: list[list[str]] = [[] for _ in range(THREADS)]

    def run(number: int) -> None:
        start.wait()
        outcomes[number] = work(number)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcome for found in outcomes for outcome in found)


def attempt(world: World, member_id: int, item: str, key: str) -> str:
    """One redemption in its own transaction: "ok", or the refusal's message key."""

    def work(session: sa.orm.Session) -> None:
        operator = session.get(Operator, world.admin_id)
        assert operator is not None
        ctx = Context(session=session, operator=operator, program=world.program, hooks=world.hooks, now=world.now)
        exchange.redeem(ctx, member_id, item, key=key)

    try:
        world.database.run(work)
    except LinliError as refused:
        return refused.key
    return "ok"


def funded_members(world: World, count: int, points: int) -> list[int]:
    rows = [MemberRow(f"居民{n}", f"139{n:08d}", "G0101") for n in range(count)]
    ids = world.act(lambda ctx: [m.id for m in register_members(ctx, rows)])
    with world.database.writing() as session:
        issuer = ledger.account(session, "issuer", "G0101", "points")
        requests = [
            ledger.TransferRequest.move(f"test:{m}", issuer, ledger.account(session, "member", str(m), "points"), points, cause="service")
            for m in ids
        ]
        ledger.post_many(session, requests)
    return ids


def test_the_last_units_are_sold_once(database: Database) -> None:
    world = exchange_world(database, merchants={"directory": DIRECTORY})
    buyers = funded_members(world, 16, 100)
    per_thread = 40  # 320 attempts at 20 bags of rice
    outcomes = in_threads(lambda t: [attempt(world, buyers[(t + i) % 16], "rice", f"rice:{t}:{i}") for i in range(per_thread)])
    assert outcomes == {"ok": 20, "exchange.out_of_stock": THREADS * per_thread - 20}
    assert stock(world, "rice") == 0
    assert balance(world, "merchant", "SHOP") == 200
    _consistent(world)


def test_a_members_last_points_are_spent_once(database: Database) -> None:
    world = exchange_world(database, merchants={"directory": DIRECTORY})
    buyers = funded_members(world, 6, 250)  # each affords five bottles of oil
    per_thread = 40  # 320 attempts at 30 affordable bottles
    outcomes = in_threads(lambda t: [attempt(world, buyers[i % 6], "oil", f"oil:{t}:{i}") for i in range(per_thread)])
    assert outcomes == {"ok": 30, "exchange.insufficient_points": THREADS * per_thread - 30}
    assert [balance(world, "member", str(m)) for m in buyers] == [0] * 6
    _consistent(world)


def test_concurrent_retries_of_one_key_redeem_once(database: Database) -> None:
    world = exchange_world(database, merchants={"directory": DIRECTORY})
    buyer = funded_members(world, 1, 100)[0]
    assert in_threads(lambda t: [attempt(world, buyer, "oil", "app-retry")]) == {"ok": THREADS}
    assert balance(world, "member", str(buyer)) == 50
    _consistent(world)


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_members_allowance_is_taken_once(database: Database) -> None:
    world = exchange_world(database, merchants={"directory": DIRECTORY})
    buyers = funded_members(world, 4, 100)  # a haircut a point, two a month each
    outcomes = in_threads(lambda t: [attempt(world, buyers[i % 4], "cut", f"cut:{t}:{i}") for i in range(10)])
    assert outcomes == {"ok": 8, "exchange.limit_reached": THREADS * 10 - 8}
    _consistent(world)


def _consistent(world: World) -> None:
    with world.database.reading() as session:
        assert ledger.check_invariants(session) == []
        negative = session.scalar(sa.select(sa.func.count()).where(ledger.Account.kind == "member", ledger.Account.balance < 0))
        assert negative == 0
