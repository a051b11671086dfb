"""Approval deposits the volunteer's minutes and withdraws them from the member served, all or nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from linli.core import Database, Refused
from linli.core.config.program import freeze
from linli.core.models import AuditEntry
from linli.plugins.time_bank import check_withdrawals
from tests.core.factories import make_program
from tests.plugins.time_bank.bank import make_bank


def test_approval_deposits_into_the_volunteers_account(database: Database) -> None:
    bank = make_bank(database)
    volunteer = bank.people[0]
    bank.serve(volunteer, 90)
    bank.serve(volunteer, 30)
    assert bank.balance(volunteer) == 120
    assert bank.account("system", "time_bank") == -120  # the bank owes every banked minute
    assert bank.invariants() == []


def test_only_the_configured_categories_are_banked(database: Database) -> None:
    bank = make_bank(database, categories=["elderly"])
    volunteer = bank.people[0]
    record = bank.record(volunteer, 60, activity=bank.patrol, served=bank.people[1])
    bank.approve(record)
    assert bank.transfers() == 0
    bank.serve(volunteer, 45)
    assert bank.balance(volunteer) == 45


def test_the_served_member_pays_with_banked_time(database: Database) -> None:
    bank = make_bank(database)
    helper, elder = bank.people[:2]
    bank.serve(elder, 120)  # the elder served others when younger
    bank.serve(helper, 90, served=elder)
    assert (bank.balance(helper), bank.balance(elder)) == (90, 30)
    assert bank.account("system", "time_bank") == -120
    assert bank.invariants() == []


def test_a_deposit_earlier_in_the_batch_funds_a_withdrawal(database: Database) -> None:
    bank = make_bank(database)
    a, b = bank.people[:2]
    first = bank.record(b, 60)
    second = bank.record(a, 60, served=b)
    bank.approve(first, second)
    assert (bank.balance(a), bank.balance(b)) == (60, 0)


def test_a_short_withdrawal_refuses_the_whole_batch_and_says_who_and_how_much(database: Database) -> None:
    bank = make_bank(database)
    helper, elder, other = bank.people[:3]
    bank.serve(elder, 40)
    records = [bank.record(other, 30), bank.record(helper, 100, served=elder)]
    with database.reading() as session:
        audited = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    before = bank.transfers()
    with pytest.raises(Refused) as refused:
        bank.approve(*records)
    message = str(refused.value)
    assert "居民1（138****0001）" in message and f"#{records[1]}" in message
    assert "需要 100 分钟，可用 40 分钟" in message and "还差 60 分钟" in message
    assert bank.states()[-2:] == ["checked_out", "checked_out"]
    assert bank.transfers() == before and bank.balance(other) == 0 and bank.balance(elder) == 40
    with database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audited


def test_check_withdrawals_warns_before_review_and_writes_nothing(database: Database) -> None:
    bank = make_bank(database)
    helper, elder, other = bank.people[:3]
    bank.serve(elder, 40)
    fine = bank.record(helper, 30, served=elder)
    short = bank.record(other, 30, served=elder)  # 40 covers the first 30 only
    before = bank.transfers()
    problems = bank.world.act(lambda ctx: check_withdrawals(ctx, [fine, short]))
    assert [(p.params["record"], p.params["shortfall"]) for p in problems] == [(short, 20)]
    assert "居民1" in problems[0].render("zh-CN")
    assert bank.transfers() == before
    assert bank.world.act(lambda ctx: check_withdrawals(ctx, [fine])) == []


def test_withdrawals_can_be_switched_off(database: Database) -> None:
    bank = make_bank(database, withdrawals=False)
    helper, elder = bank.people[:2]
    bank.serve(helper, 60, served=elder)
    assert (bank.balance(helper), bank.balance(elder)) == (60, 0)
    waiting = bank.record(helper, 10, served=elder)
    assert bank.world.act(lambda ctx: check_withdrawals(ctx, [waiting])) == []


def test_an_overdraft_is_capped_and_repaid_by_the_next_deposit(database: Database) -> None:
    bank = make_bank(database, max_overdraft_minutes=60)
    helper, elder = bank.people[:2]
    bank.serve(elder, 30)
    bank.serve(helper, 80, served=elder)
    assert bank.balance(elder) == -50
    assert (bank.account("member", str(elder)), bank.account("overdraft", str(elder))) == (0, -50)  # the member account never goes below zero
    with pytest.raises(Refused, match="可透支 60 分钟"):
        bank.serve(helper, 20, served=elder)  # -70 would pass the cap
    bank.serve(helper, 10, served=elder)  # -60 is the cap itself
    bank.serve(elder, 100)
    assert (bank.account("member", str(elder)), bank.account("overdraft", str(elder))) == (40, 0)
    assert bank.balance(helper) == 90
    assert bank.invariants() == []


def test_lowering_the_cap_keeps_the_debt_and_refuses_new_borrowing(database: Database) -> None:
    bank = make_bank(database, max_overdraft_minutes=60)
    helper, elder = bank.people[:2]
    bank.serve(helper, 30, served=elder)
    bank.world.program = make_program(sections=freeze({"time_bank": {}}))
    with pytest.raises(Refused, match="还差 10 分钟"):
        bank.serve(helper, 10, served=elder)
    bank.serve(elder, 50)  # still repays the line first
    assert (bank.account("member", str(elder)), bank.account("overdraft", str(elder))) == (20, 0)
