"""The passbook and family transfers: every line with its date, activity, counterpart and running balance."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core import Database, NotFound, PermissionDenied, Refused
from linli.plugins.time_bank import passbook, transfer_time
from tests.plugins.time_bank.bank import Bank, make_bank

SERVED_ON = dt.date(2024, 3, 1)


def lines(bank: Bank, member: str) -> list[tuple[object, ...]]:
    book = bank.world.act(lambda ctx: passbook(ctx, member))
    return [(line.summary, line.activity, line.served_on, line.counterpart, line.amount, line.balance) for line in book.lines]


def give(bank: Bank, giver: int, receiver: int, minutes: int, relation: str = "母子") -> None:
    bank.world.act(lambda ctx: transfer_time(ctx, from_member=giver, to_member=receiver, minutes=minutes, relation=relation))


def test_the_passbook_explains_the_balance_line_by_line(database: Database) -> None:
    bank = make_bank(database, family_transfer=True, title="联星志愿服务存折")
    elder, helper, son = bank.people[:3]
    bank.serve(elder, 120)
    bank.serve(helper, 90, served=elder)
    give(bank, elder, son, 30)
    assert lines(bank, "13800000000") == [
        ("服务存入", "陪伴空巢老人", SERVED_ON, None, 120, 120),
        ("被服务支取", "陪伴空巢老人", SERVED_ON, "居民1", -90, 30),
        ("转给家人（母子）", None, None, "居民2", -30, 0),
    ]
    assert lines(bank, str(helper)) == [("服务存入", "陪伴空巢老人", SERVED_ON, "居民0", 90, 90)]
    assert lines(bank, str(son)) == [("家人转入（母子）", None, None, "居民0", 30, 30)]
    book = bank.world.act(lambda ctx: passbook(ctx, str(elder)))
    assert (book.title, book.member_name, book.masked_phone, book.balance) == ("联星志愿服务存折", "居民0", "138****0000", 0)


def test_an_overdraft_shows_as_a_negative_balance_in_one_line_per_transfer(database: Database) -> None:
    bank = make_bank(database, max_overdraft_minutes=120)
    elder, helper = bank.people[:2]
    bank.serve(elder, 30)
    bank.serve(helper, 100, served=elder)  # 30 from the account, 70 borrowed: one line
    bank.serve(elder, 100)  # repays 70, banks 30: one line
    assert [(amount, balance) for *_, amount, balance in lines(bank, str(elder))] == [(30, 30), (-100, -70), (100, 30)]


def test_family_transfers_follow_the_program(database: Database) -> None:
    closed = make_bank(database)
    closed.serve(closed.people[0], 60)
    with pytest.raises(Refused, match="未开放家庭成员间转赠"):
        give(closed, closed.people[0], closed.people[1], 30)


def test_a_transfer_gives_only_what_is_held_and_repays_the_receivers_debt(database: Database) -> None:
    bank = make_bank(database, family_transfer=True, max_overdraft_minutes=60)
    parent, child, helper = bank.people[:3]
    bank.serve(helper, 40, served=parent)  # the parent owes 40
    with pytest.raises(Refused, match="还差 30 分钟"):
        give(bank, child, parent, 30)  # the child holds nothing; an overdraft is not given away
    bank.serve(child, 50)
    give(bank, child, parent, 50, relation="父子")
    assert (bank.account("member", str(parent)), bank.account("overdraft", str(parent))) == (10, 0)
    assert bank.balance(child) == 0
    for wrong, message in ((0, "正整数"), (-5, "正整数")):
        with pytest.raises(Refused, match=message):
            give(bank, parent, child, wrong)
    with pytest.raises(Refused, match="亲属关系"):
        give(bank, parent, child, 5, relation="  ")
    with pytest.raises(Refused, match="不能把时间转给自己"):
        give(bank, parent, parent, 5)
    assert bank.invariants() == []


def test_the_passbook_and_transfers_respect_the_operators_scope(database: Database) -> None:
    bank = make_bank(database, family_transfer=True)
    elder, son = bank.people[:2]
    bank.serve(son, 60)
    outsider = bank.world.operator("garden", "S02")
    with pytest.raises(PermissionDenied):
        bank.world.act(lambda ctx: passbook(ctx, str(elder)), outsider)
    with pytest.raises(PermissionDenied):
        bank.world.act(lambda ctx: transfer_time(ctx, from_member=son, to_member=elder, minutes=10, relation="母子"), outsider)
    with pytest.raises(NotFound, match="138\\*\\*\\*\\*9999"):
        bank.world.act(lambda ctx: passbook(ctx, "13800009999"))
    with pytest.raises(NotFound, match="既不是"):
        bank.world.act(lambda ctx: passbook(ctx, "张三"))
