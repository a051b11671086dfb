"""A program with incentives, merchants, exchange (and funds when asked), and the moves their tests make.

The tree is factories' cut of 百步亭: stations S01 (安居苑) and S02 (百步亭花园)
play communities A and B (``settlement_level: station``). 花园理发店 serves
S02, 安居苑洗车行 serves S01; each has its own clerk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

import linli.plugins.exchange as exchange
import linli.plugins.funds as funds
import linli.plugins.incentives as incentives
import linli.plugins.merchants as merchants
from linli.core import Database, ledger
from linli.core.config.program import freeze
from linli.core.ledger import Account
from linli.core.models import Operator
from linli.core.services import Context, create_activity, open_activity, record_manual, register_member, review
from linli.core.services.context import CHINA_STANDARD_TIME
from tests.core.factories import World, make_program, make_world

CST = CHINA_STANDARD_TIME

HAIRCUT = {"code": "haircut", "name": "理发一次", "kind": "service", "price": 100, "cny": 15, "limit": {"count": 2, "per": "month"}}
DIRECTORY: list[dict[str, Any]] = [
    {
        "code": "BARBER",
        "name": "花园理发店",
        "category": "理发",
        "nodes": ["S02"],
        "clerks": ["barber"],
        "items": [
            HAIRCUT,
            {"code": "shampoo", "name": "洗发水", "kind": "goods", "price": 50, "cny": 8.5, "stock": 3},
            {"code": "vip", "name": "三星志愿者专享", "kind": "privilege", "price": 10, "cny": 0, "eligibility": {"min_stars": 3}},
            {"code": "party", "name": "党员专享", "kind": "privilege", "price": 10, "cny": 0, "eligibility": {"tags": ["party_member"]}},
            {"code": "local", "name": "安居苑居民专享", "kind": "privilege", "price": 10, "cny": 0, "eligibility": {"within": ["S01"]}},
            {"code": "veteran", "name": "老志愿者专享", "kind": "privilege", "price": 10, "cny": 0, "eligibility": {"min_hours": 10}},
            {"code": "spring", "name": "春节礼包", "kind": "goods", "price": 10, "cny": 5, "valid": {"from": "2024-02-01", "until": "2024-02-29"}},
        ],
    },
    {
        "code": "CARWASH",
        "name": "安居苑洗车行",
        "nodes": ["S01"],
        "clerks": ["washer"],
        "items": [{"code": "carwash", "name": "洗车", "kind": "service", "price": 80, "cny": 20}],
    },
]
EXCHANGE = {"cny_per_point": 0.1, "pickup_days": 30, "settlement_level": "station"}
INCENTIVES = {"rules": [{"id": "base", "kind": "rate", "points": 10, "per": "hour"}]}


def exchange_world(database: Database, *plugins: tuple[str, object], funds_section: dict[str, Any] | None = None, **sections: Any) -> World:
    """The world, its two clerks, and the catalogue synced; *sections* replace the defaults by name."""
    chosen = {"incentives": INCENTIVES, "merchants": {"directory": DIRECTORY}, "exchange": EXCHANGE, **sections}
    enabled = [("incentives", incentives), ("merchants", merchants), ("exchange", exchange)]
    if funds_section is not None:
        chosen["funds"] = funds_section
        enabled.append(("funds", funds))
    world = make_world(database, *enabled, *plugins, program=make_program(sections=freeze(chosen)))
    for username in ("barber", "washer", "other_clerk"):
        world.operator(username, None, role="clerk")
    world.act(merchants.sync_catalogue)
    return world


def operator_id(world: World, username: str) -> int:
    with world.database.reading() as session:
        return session.execute(sa.select(Operator.id).where(Operator.username == username)).scalar_one()


def member(world: World, phone: str, *, home: str = "G0101", tags: tuple[str, ...] = ()) -> int:
    with world.acting() as ctx:
        return register_member(ctx, name=f"志愿者{phone[-4:]}", phone=phone, home_node=home, tags=tags).id


def give(world: World, member_id: int, points: int, *, source: tuple[str, str] = ("issuer", "G0101"), key: str | None = None) -> None:
    """Credit points straight through the ledger (faster than service, for tests about spending)."""
    with world.database.writing() as session:
        issuer = ledger.account(session, *source, "points")
        mine = ledger.account(session, "member", str(member_id), "points")
        request = ledger.TransferRequest.move(key or f"test:give:{member_id}:{points}", issuer, mine, points, cause="service", occurred_at=world.now())
        ledger.post(session, request)


def earn(world: World, member_id: int, hours: int, *, category: str = "patrol", at: str = "2024-03-01 09:00") -> None:
    """Serve *hours* at S01 and have it approved: incentives credits 10 points an hour."""
    start = dt.datetime.fromisoformat(at).replace(tzinfo=CST)
    with world.acting() as ctx:
        activity = create_activity(ctx, title="巡逻", category=category, host_node="S01", starts_at=start, ends_at=start + dt.timedelta(hours=hours))
        open_activity(ctx, activity.id)
        record = record_manual(ctx, member_id=member_id, activity_id=activity.id, minutes=hours * 60, check_in_at=start, check_out_at=start + dt.timedelta(hours=hours))
        review(ctx, approve=[record.id])


def redeem(world: World, member_id: int | str, item: str, quantity: int = 1, *, by: str | None = None, key: str | None = None) -> exchange.Redemption:
    operator = operator_id(world, by) if by else None
    return world.act(lambda ctx: _detached(ctx, exchange.redeem(ctx, member_id, item, quantity, key=key)), operator)


def verify(world: World, code: str, *, by: str = "barber") -> exchange.Redemption:
    return world.act(lambda ctx: _detached(ctx, exchange.verify(ctx, code)), operator_id(world, by))


def cancel(world: World, code: str, *, by: str | None = None) -> exchange.Redemption:
    operator = operator_id(world, by) if by else None
    return world.act(lambda ctx: _detached(ctx, exchange.cancel(ctx, code)), operator)


def balance(world: World, kind: str, owner: str) -> int:
    with world.database.reading() as session:
        found = session.scalar(sa.select(Account).where(Account.kind == kind, Account.owner == owner, Account.unit == "points"))
        return 0 if found is None else ledger.balance(session, found)


def stock(world: World, item: str) -> int | None:
    with world.database.reading() as session:
        return session.execute(sa.select(merchants.CatalogueItem.stock).where(merchants.CatalogueItem.code == item)).scalar_one()


def _detached(ctx: Context, redemption: exchange.Redemption) -> exchange.Redemption:
    """Flushed and loaded, so it reads after its transaction ends."""
    ctx.session.flush()
    ctx.session.refresh(redemption)
    return redemption
