"""``expire`` against the database: hand-computed lots, each policy, reruns."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import Database, Refused, ledger
from linli.plugins.incentives.expiry import ExpiryResult, expire
from tests.core.factories import World
from tests.plugins.incentives.helpers import activity, approve, cst, incentives_world, member, points, served, transfers

TEN_PER_HOUR = [{"id": "base", "kind": "rate", "points": 10}]


def earn(world: World, volunteer: int, when: str, minutes: int) -> None:
    approve(world, served(world, volunteer, activity(world, when), when, minutes))


def spend(world: World, volunteer: int, amount: int, when: str) -> None:
    with world.acting() as ctx:
        wallet = ledger.account(ctx.session, "member", str(volunteer), "points")
        shop = ledger.account(ctx.session, "merchant", "理发店", "points")
        ledger.post(ctx.session, ledger.TransferRequest.move(f"shop:{when}", wallet, shop, amount, cause="redemption", occurred_at=cst(when)))


def run(world: World, day: str) -> ExpiryResult:
    return world.act(lambda ctx: expire(ctx, dt.date.fromisoformat(day)))


def test_twelve_months_after_earning_oldest_first(database: Database) -> None:
    world = incentives_world(database, TEN_PER_HOUR, expiry={"policy": "months", "months": 12})
    volunteer = member(world, "13900000001")
    earn(world, volunteer, "2024-01-10 09:00", 60)  # 10 points
    spend(world, volunteer, 4, "2024-03-01 10:00")  # from January's lot: 6 left of it
    earn(world, volunteer, "2024-06-01 09:00", 36)  # 6 points
    world.clock[0] = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)

    assert run(world, "2025-01-09") == ExpiryResult(dt.date(2025, 1, 9), "months", 0, 0)
    assert run(world, "2025-01-10") == ExpiryResult(dt.date(2025, 1, 10), "months", 1, 6)
    assert run(world, "2025-01-10").points == 0  # the same day again: nothing more
    assert points(world, volunteer) == 6
    assert run(world, "2025-05-31").points == 0
    assert run(world, "2025-06-01").points == 6
    assert points(world, volunteer) == 0
    first, second = transfers(world, "expiry")
    assert (first.idempotency_key, first.occurred_at, first.cause_ref) == (f"points:expiry:{volunteer}:2025-01-10", cst("2025-01-10 00:00"), "expiry:2025-01-10")
    with world.database.reading() as session:
        assert ledger.balance(session, ledger.account(session, "issuer", "G0101", "points")) == -16 + 12
        assert ledger.check_invariants(session) == []


def test_year_end_expires_what_the_previous_years_left(database: Database) -> None:
    world = incentives_world(database, TEN_PER_HOUR, expiry={"policy": "year_end"})
    volunteer, saver = member(world, "13900000001"), member(world, "13900000002")
    earn(world, volunteer, "2024-05-01 09:00", 60)
    earn(world, volunteer, "2024-12-31 23:00", 30)  # 5 points, the last hour of 2024 in China
    earn(world, volunteer, "2025-01-01 00:30", 42)  # 7 points, already 2025 in China (still 2024 in UTC)
    earn(world, saver, "2023-08-01 09:00", 120)
    spend(world, saver, 20, "2024-02-01 10:00")
    world.clock[0] = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)

    assert run(world, "2025-01-01") == ExpiryResult(dt.date(2025, 1, 1), "year_end", 1, 15)
    assert (points(world, volunteer), points(world, saver)) == (7, 0)


def test_no_expiry_policy_expires_nothing(database: Database) -> None:
    world = incentives_world(database, TEN_PER_HOUR)
    volunteer = member(world, "13900000001")
    earn(world, volunteer, "2024-01-10 09:00", 60)
    world.clock[0] = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert run(world, "2030-01-01") == ExpiryResult(dt.date(2030, 1, 1), "none", 0, 0)
    with pytest.raises(Refused, match="2030-01-02"):
        run(world, "2030-01-02")
    assert points(world, volunteer) == 10
