"""Settlement (通存通兑): the done-when scenario, and sums that reconcile exactly with the ledger."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import sqlalchemy as sa

import linli.plugins.exchange as exchange
from linli.core import Database, ledger
from linli.core.ledger import Account, Posting, Transfer
from linli.plugins.exchange.lots import Movement, allocate, replay
from linli.plugins.exchange.report import sections
from tests.core.factories import World
from tests.plugins.exchange.helpers import cancel, earn, exchange_world, give, member, redeem, verify

FUNDS = {
    "accounts": [
        {"key": "gov", "name": "政府项目资金", "source": "government"},
        {"key": "bbt_charity", "name": "百步亭慈善冠名基金", "source": "charity"},
    ],
    "rules": [{"fund": "bbt_charity", "categories": ["elderly"]}, {"fund": "gov", "within": ["S01"]}],
}


def settle(world: World, period: str) -> exchange.Settlement:
    return world.act(lambda ctx: exchange.settle(ctx, period))


def test_points_earned_in_a_are_spent_at_a_merchant_of_b_and_settled(database: Database) -> None:
    world = exchange_world(database, funds_section=FUNDS)
    volunteer = member(world, "13800000001", home="G0101")  # community A: S01
    earn(world, volunteer, 20)  # 200 points, charged to the government fund (S01's rule)
    before = settle(world, "2024-03")
    assert before.issued == {("S01", "fund:gov"): 200}
    assert before.held == {"fund:gov": 200} and before.liability(200) == Decimal("20.00")

    haircut = redeem(world, volunteer, "haircut")  # 花园理发店 serves community B: S02
    verify(world, haircut.code, by="barber")
    after = settle(world, "2024-03")
    claim = after.claims[0]
    assert (claim.merchant, claim.redemptions, claim.verified, claim.points, claim.claim_fen) == ("BARBER", 1, 1, 100, 1500)
    assert after.flows == {("S01", "S02"): 100} and after.flows_fen == {("S01", "S02"): 1500}
    assert after.owed == {("fund:gov", "BARBER"): 100} and after.owed_fen == {("fund:gov", "BARBER"): 1500}
    assert after.held == {"fund:gov": 100}
    assert after.liability(before.held["fund:gov"]) - after.liability(after.held["fund:gov"]) == Decimal("10.00")

    report = {part.title: part.rows for part in sections(after, "zh-CN")}
    assert report["跨社区通兑（获得地→使用地）"] == [["S01", "S02", "是", 100, Decimal("15.00")]]
    assert report["商家兑付与结算金额"] == [["花园理发店", "BARBER", 1, 1, 100, Decimal("15.00")]]
    assert report["积分负债（月末持有，每积分 0.1 元）"] == [["政府项目资金", 100, Decimal("10.00")]]
    with database.reading() as session:
        assert ledger.check_invariants(session) == []


def test_settlement_sums_reconcile_with_the_ledger(database: Database) -> None:
    world = exchange_world(database, funds_section=FUNDS)
    a, b, c = member(world, "13800000001"), member(world, "13800000002", home="G0201"), member(world, "13800000003", home="G0102")
    earn(world, a, 30, at="2024-02-20 09:00")  # February: gov
    earn(world, a, 12, category="elderly", at="2024-03-01 08:00")  # charity
    earn(world, b, 25, at="2024-03-01 07:00")  # S02: no rule matches, the issuer pays
    give(world, c, 400, source=("fund", "bbt_charity"), key="charity-gift")
    redeem(world, a, "haircut")
    verify(world, redeem(world, b, "carwash").code, by="washer")
    cancelled = redeem(world, c, "shampoo", 3)
    cancel(world, cancelled.code)
    redeem(world, c, "haircut", 2)
    _expire_directly(world, a, 40)
    world.clock[0] += dt.timedelta(days=31)  # April: one more, out of March's window
    redeem(world, b, "haircut")

    march = settle(world, "2024-03")
    since, until = march.since, march.until
    with database.reading() as session:
        def posted(kind: str, owner: str | None = None, *, before_only: bool = False) -> int:
            query = (
                sa.select(sa.func.coalesce(sa.func.sum(Posting.amount), 0))
                .join(Account, Account.id == Posting.account_id)
                .join(Transfer, Transfer.id == Posting.transfer_id)
                .where(Account.kind == kind, Account.unit == "points", Transfer.occurred_at < until)
            )
            query = query if before_only else query.where(Transfer.occurred_at >= since)
            return int(session.execute(query if owner is None else query.where(Account.owner == owner)).scalar_one())

        assert sum(march.held.values()) == posted("member", before_only=True)  # what members hold at the end
        assert sum(claim.points for claim in march.claims) == posted("merchant")  # what merchants received
        for fund in ("gov", "bbt_charity"):
            assert sum(p for (_, source), p in march.issued.items() if source == f"fund:{fund}") == -posted("fund", fund)
        assert sum(march.issued.values()) - sum(march.expired.values()) == -(posted("fund") + posted("issuer"))
        assert ledger.check_invariants(session) == []
    assert sum(march.flows.values()) == sum(march.owed.values()) == sum(claim.points for claim in march.claims) == 380
    assert sum(march.owed_fen.values()) == sum(march.flows_fen.values()) == sum(claim.claim_fen for claim in march.claims) == 1500 + 2000 + 3000
    assert march.issued == Counter({("S01", "fund:bbt_charity"): 520, ("S02", "issuer:G0201"): 250})
    assert march.expired == {"fund:gov": 40}
    # a's 300 government points of February are older, so they paid for a's haircut and the expiry
    assert march.owed[("fund:gov", "BARBER")] == 100


def _expire_directly(world: World, member_id: int, points: int) -> None:
    """What incentives' expiry run posts: member → issuer, cause expiry."""
    with world.database.writing() as session:
        mine = ledger.account(session, "member", str(member_id), "points")
        issuer = ledger.account(session, "issuer", "G0101", "points")
        ledger.post(session, ledger.TransferRequest.move("test:expiry", mine, issuer, points, cause="expiry", occurred_at=world.now()))


def test_oldest_points_are_spent_first_and_undoing_puts_them_back() -> None:
    def move(transfer: int, amount: int, counterpart: str, kind: str, reverses: int | None = None) -> Movement:
        return Movement("1", transfer, amount, reverses, kind, counterpart, True)  # type: ignore[arg-type]

    result = replay(
        [
            move(1, 100, "fund:gov", "issue"),
            move(2, 50, "fund:charity", "issue"),
            move(3, -120, "merchant:BARBER", "redeem"),
            move(4, 120, "merchant:BARBER", "redeem", reverses=3),
            move(5, -30, "merchant:BARBER", "redeem"),
            move(6, -50, "fund:charity", "issue", reverses=2),
        ]
    )
    assert [(s.parts, s.sign) for s in result.spent] == [({"fund:gov": 100, "fund:charity": 20}, 1), ({"fund:gov": 100, "fund:charity": 20}, -1), ({"fund:gov": 30}, 1)]
    assert result.issued == {("1", "fund:gov"): 100, ("1", "fund:charity"): 0}
    assert result.held == {("1", "fund:gov"): 70}


def test_claims_are_split_over_sources_to_the_fen() -> None:
    assert allocate(1000, {"a": 1, "b": 1, "c": 1}) == {"a": 334, "b": 333, "c": 333}
    assert sum(allocate(1501, {"gov": 70, "charity": 30}).values()) == 1501
    assert allocate(0, {"a": 5}) == {"a": 0}
