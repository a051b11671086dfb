"""Redeeming, and every refusal with its own message (both engines)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import linli.plugins.exchange as exchange
from linli.core import Database, LinliError, PermissionDenied, Refused, ledger
from linli.core.models import AuditEntry
from tests.core.factories import Stars
from tests.plugins.exchange.helpers import balance, cancel, earn, exchange_world, give, member, redeem, stock, verify


def refusal(error: pytest.ExceptionInfo[LinliError]) -> tuple[str, str]:
    return error.value.key, error.value.render("zh-CN")


def test_a_redemption_moves_points_takes_stock_and_issues_a_code(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 300)
    done = redeem(world, "13800000001", "shampoo", 2)
    assert (done.state, done.points, done.cny_fen, done.quantity) == ("issued", 100, 1700, 2)
    assert len(done.code) == 8 and not set(done.code) & set("01OIL")
    assert (balance(world, "member", str(alice)), balance(world, "merchant", "BARBER"), stock(world, "shampoo")) == (200, 100, 1)
    with database.reading() as session:
        transfer = session.get(ledger.Transfer, done.transfer_id)
        assert transfer is not None and (transfer.cause, transfer.produced_by, transfer.cause_ref) == ("redemption", "exchange", f"redemption:{done.id}")
        assert session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1)) == "redemption.issue"


def test_a_retry_with_the_same_key_returns_the_same_redemption(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 120)
    first = redeem(world, alice, "haircut", key="app-1")
    again = redeem(world, alice, "haircut", key="app-1")  # the member could not afford a second one
    assert (again.id, again.code) == (first.id, first.code)
    assert balance(world, "member", str(alice)) == 20
    with pytest.raises(Refused) as other:
        redeem(world, alice, "shampoo", key="app-1")
    assert refusal(other) == ("exchange.key_reused", "请求编号 app-1 已用于另一笔不同的兑换；重试时请原样重复请求，新的兑换请换一个编号")


def test_insufficient_points(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 60)
    with pytest.raises(Refused) as short:
        redeem(world, alice, "haircut")
    assert refusal(short) == ("exchange.insufficient_points", "志愿者0001（138****0001） 的积分不足：需要 100 分，现有 60 分，还差 40 分")
    assert (balance(world, "member", str(alice)), stock(world, "shampoo")) == (60, 3)


def test_out_of_stock_leaves_nothing_taken(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 1000)
    redeem(world, alice, "shampoo", 2)
    with pytest.raises(Refused) as short:
        redeem(world, alice, "shampoo", 2)
    assert refusal(short) == ("exchange.out_of_stock", "“洗发水”库存不足：剩余 1 份，需要 2 份")
    assert (balance(world, "member", str(alice)), stock(world, "shampoo")) == (900, 1)


def test_per_member_limit_per_month_and_cancel_gives_it_back(database: Database) -> None:
    world = exchange_world(database)
    alice, bob = member(world, "13800000001"), member(world, "13800000002")
    give(world, alice, 1000)
    give(world, bob, 1000)
    first, _ = redeem(world, alice, "haircut"), redeem(world, alice, "haircut")
    with pytest.raises(Refused) as over:
        redeem(world, alice, "haircut")
    assert refusal(over) == ("exchange.limit_reached", "志愿者0001（138****0001） 在本期（2024-03）已兑换“理发一次”2 份，每人限 2 份，不能再兑换 1 份")
    redeem(world, bob, "haircut", 2)  # another member's allowance is their own
    cancel(world, first.code)
    redeem(world, alice, "haircut")
    world.clock[0] = world.clock[0].replace(month=4)
    redeem(world, alice, "haircut", 2)  # a new month, a new allowance


@pytest.mark.parametrize(
    ("item", "key", "message"),
    [
        ("vip", "exchange.not_eligible_stars", "“三星志愿者专享”要求 3 星及以上志愿者，志愿者0001（138****0001） 目前是 2 星"),
        ("party", "exchange.not_eligible_tags", "“党员专享”只限 党员 兑换，志愿者0001（138****0001） 不符合"),
        ("veteran", "exchange.not_eligible_hours", "“老志愿者专享”要求累计服务满 10.0 小时，志愿者0001（138****0001） 目前 3.0 小时"),
        ("spring", "exchange.no_longer_valid", "“春节礼包”的兑换期已于 2024-02-29 结束"),
    ],
)
def test_eligibility_refusals(database: Database, item: str, key: str, message: str) -> None:
    stars = Stars()
    world = exchange_world(database, ("stars", stars))
    alice = member(world, "13800000001", home="G0201")
    stars.levels[alice] = 2
    earn(world, alice, 3)
    with pytest.raises(Refused) as refused:
        redeem(world, alice, item)
    assert refusal(refused) == (key, message)


def test_eligibility_passes_for_the_right_member(database: Database) -> None:
    stars = Stars()
    world = exchange_world(database, ("stars", stars))
    veteran = member(world, "13800000001", home="G0102", tags=("party_member",))
    stars.levels[veteran] = 3
    earn(world, veteran, 10)
    assert [redeem(world, veteran, item).state for item in ("vip", "party", "local", "veteran")] == ["issued"] * 4
    outsider = member(world, "13800000002", home="G0201")
    give(world, outsider, 100)
    with pytest.raises(Refused) as refused:
        redeem(world, outsider, "local")
    assert refusal(refused) == ("exchange.not_eligible_area", "“安居苑居民专享”只限 S01 的居民兑换，志愿者0002（138****0002） 不符合")


def test_points_spend_only_within_the_configured_scope(database: Database) -> None:
    world = exchange_world(database, exchange={"cny_per_point": 0.1, "spend_within": "station"})
    alice = member(world, "13800000001")  # lives in S01
    give(world, alice, 500)
    assert redeem(world, alice, "carwash").state == "issued"  # 安居苑洗车行 serves S01
    with pytest.raises(Refused) as refused:
        redeem(world, alice, "haircut")  # 花园理发店 serves S02
    assert refusal(refused) == ("exchange.outside_scope", "志愿者0001（138****0001） 的积分只能在 安居苑志愿服务站（S01） 范围内使用，商家“花园理发店”不在此范围")


def test_clerks_verify_their_own_merchants_codes_once(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 500)
    done = redeem(world, alice, "haircut")
    with pytest.raises(PermissionDenied) as wrong:
        verify(world, done.code, by="washer")
    assert refusal(wrong) == ("exchange.wrong_clerk", "washer（washer） 不是商家“花园理发店”的核销员，不能办理它的兑换")
    with pytest.raises(PermissionDenied) as admin:
        world.act(lambda ctx: exchange.verify(ctx, done.code))
    assert admin.value.key == "exchange.not_clerk"
    typed = f"{done.code[:4].lower()}-{done.code[4:].lower()}"
    assert verify(world, typed).state == "verified"
    with pytest.raises(Refused) as used:
        verify(world, done.code)
    assert used.value.key == "exchange.code_verified" and "不能重复使用" in used.value.render("zh-CN")
    with pytest.raises(Refused) as late:
        cancel(world, done.code)
    assert late.value.key == "exchange.code_verified"
    with pytest.raises(LinliError) as unknown:
        verify(world, "ZZZZ-ZZZZ")
    assert refusal(unknown) == ("exchange.code_unknown", "核销码 ZZZZ-ZZZZ 不存在，请核对后重新输入")


def test_a_clerk_redeems_only_at_its_own_merchant(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 500)
    assert redeem(world, alice, "carwash", by="washer").state == "issued"
    with pytest.raises(PermissionDenied) as wrong:
        redeem(world, alice, "haircut", by="washer")
    assert wrong.value.key == "exchange.wrong_clerk"


def test_cancel_reverses_points_stock_and_audit(database: Database) -> None:
    world = exchange_world(database)
    alice = member(world, "13800000001")
    give(world, alice, 500)
    done = redeem(world, alice, "shampoo", 3)
    assert stock(world, "shampoo") == 0
    undone = cancel(world, done.code, by="barber")
    assert undone.state == "cancelled" and undone.reversal_id is not None
    assert (balance(world, "member", str(alice)), balance(world, "merchant", "BARBER"), stock(world, "shampoo")) == (500, 0, 3)
    with pytest.raises(Refused) as again:
        cancel(world, done.code)
    assert again.value.key == "exchange.code_cancelled"
    with pytest.raises(Refused) as gone:
        verify(world, done.code)
    assert gone.value.key == "exchange.code_cancelled"
    with database.reading() as session:
        assert ledger.check_invariants(session) == []
