"""The ledger API one transfer at a time, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.db import Database
from linli.core.ledger import Account, Leg, TransferRequest
from linli.core.ledger.models import posting_table, transfer_table

T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def day(n: int) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.writing() as session:
        yield session


def issue(session: Session, key: str, member: Account, amount: int, **details: Any) -> ledger.Transfer:
    issuer = ledger.account(session, "issuer", "community:A", member.unit)
    return ledger.post(session, TransferRequest.move(key, issuer, member, amount, cause="service", **details))


def spend(session: Session, key: str, member: Account, amount: int, **details: Any) -> ledger.Transfer:
    shop = ledger.account(session, "merchant", "barber", member.unit)
    return ledger.post(session, TransferRequest.move(key, member, shop, amount, cause="redemption", **details))


def postings(session: Session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(posting_table)).scalar_one()


def test_account_is_opened_once_with_kind_defaults(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    assert ledger.account(session, "member", "alice", "points").id == alice.id
    assert ledger.account(session, "member", "alice", "minutes").id != alice.id
    assert not alice.allow_negative
    assert ledger.account(session, "issuer", "community:A", "points").allow_negative
    assert not ledger.account(session, "merchant", "barber", "points").allow_negative
    assert not ledger.account(session, "plugin_kind", "x", "points").allow_negative
    assert not ledger.account(session, "fund", "charity", "points", allow_negative=False).allow_negative


@pytest.mark.parametrize(
    ("kind", "owner", "unit", "allow_negative", "key"),
    [
        ("member", "alice", "points", True, "ledger.overdraft_forbidden"),
        ("member", "alice", "hours", None, "ledger.unknown_unit"),
        ("", "alice", "points", None, "ledger.bad_text"),
        ("member", "x" * 201, "points", None, "ledger.bad_text"),
    ],
)
def test_account_refuses(
    session: Session, kind: str, owner: str, unit: str, allow_negative: bool | None, key: str
) -> None:
    with pytest.raises(ledger.LedgerError) as caught:
        ledger.account(session, kind, owner, unit, allow_negative=allow_negative)
    assert caught.value.key == key


def test_transfers_move_balances_and_sum_to_zero(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    bob = ledger.account(session, "member", "bob", "points")
    issue(session, "issue:1", alice, 100)
    moved = ledger.post(session, TransferRequest.move("gift:1", alice, bob, 30, cause="gift", memo="thanks"))
    assert [(p.account_id, p.amount) for p in moved.postings] == [(alice.id, -30), (bob.id, 30)]
    assert moved.produced_by == "core" and moved.rule_ids == [] and moved.memo == "thanks"
    assert ledger.balance(session, alice) == 70
    assert alice.balance == 70  # the loaded object is refreshed, not stale
    assert ledger.balance(session, bob) == 30
    assert ledger.balance(session, ledger.account(session, "issuer", "community:A", "points")) == -100
    assert ledger.check_invariants(session) == []


def test_three_legs_and_minutes(session: Session) -> None:
    elder = ledger.account(session, "member", "elder", "minutes")
    helper = ledger.account(session, "member", "helper", "minutes")
    bank = ledger.account(session, "system", "time-bank", "minutes")
    issue(session, "deposit", elder, 120)
    legs = (Leg(elder, -90), Leg(helper, 60), Leg(bank, 30))
    ledger.post(session, TransferRequest("service:7", "minutes", legs, "service", cause_ref="service_record:7"))
    assert [ledger.balance(session, a) for a in (elder, helper, bank)] == [30, 60, 30]
    assert ledger.check_invariants(session) == []


def test_balance_as_of_uses_business_time(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    issue(session, "a", alice, 10, occurred_at=day(1))
    issue(session, "b", alice, 5, occurred_at=day(3))
    issue(session, "backdated", alice, 1, occurred_at=day(2))  # recorded last, happened second
    assert ledger.balance(session, alice, as_of=day(0)) == 0
    assert ledger.balance(session, alice, as_of=day(1)) == 10
    assert ledger.balance(session, alice, as_of=day(2)) == 11
    assert ledger.balance(session, alice, as_of=day(9)) == 16 == ledger.balance(session, alice)


def test_statement_orders_by_time_with_running_balance(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    issue(session, "a", alice, 10, occurred_at=day(1), rule_ids=["hour_to_point"], cause_ref="service_record:1")
    spend(session, "c", alice, 4, occurred_at=day(3))
    issue(session, "b", alice, 5, occurred_at=day(2), produced_by="points_plugin")
    lines = ledger.statement(session, alice)
    assert [(line.amount, line.balance) for line in lines] == [(10, 10), (5, 15), (-4, 11)]
    first = lines[0]
    assert (first.cause, first.cause_ref, first.rule_ids, first.produced_by) == (
        "service",
        "service_record:1",
        ("hour_to_point",),
        "core",
    )
    assert first.occurred_at == day(1)
    assert lines[1].produced_by == "points_plugin"
    window = ledger.statement(session, alice, since=day(2), until=day(2))
    assert [(line.amount, line.balance) for line in window] == [(5, 15)]
    assert ledger.statement(session, alice, until=day(2))[-1].balance == ledger.balance(session, alice, as_of=day(2))


def test_retry_returns_the_same_transfer_without_new_postings(database: Database) -> None:
    with database.writing() as session:
        alice = ledger.account(session, "member", "alice", "points")
        first = issue(session, "service_record:1:points", alice, 10, cause_ref="service_record:1")
    with database.writing() as session:  # a retry after the first commit, e.g. a re-run job
        alice = ledger.account(session, "member", "alice", "points")
        before = postings(session)
        again = issue(session, "service_record:1:points", alice, 10, cause_ref="service_record:1", operator_id=7)
        assert again.id == first.id
        assert postings(session) == before
        assert ledger.balance(session, alice) == 10


def test_same_key_with_other_content_is_refused(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    issue(session, "k", alice, 10)
    with pytest.raises(ledger.KeyReused) as caught:
        issue(session, "k", alice, 11)
    assert "k" in caught.value.render("en")
    with pytest.raises(ledger.KeyReused):
        issue(session, "k", alice, 10, memo="other")
    assert ledger.balance(session, alice) == 10


def _bad_requests(alice: Account, bob: Account, clock: Account) -> dict[str, tuple[str, Callable[[], object]]]:
    """Name → (expected message key, a thunk building the bad request)."""

    def legs(*pairs: tuple[Account, Any]) -> tuple[Leg, ...]:
        return tuple(Leg(account, amount) for account, amount in pairs)

    ghost = Account(kind="member", owner="ghost", unit="points")
    naive = dt.datetime(2024, 1, 1)
    return {
        "unbalanced": ("ledger.unbalanced", lambda: TransferRequest("k", "points", legs((alice, -5), (bob, 4)), "x")),
        "one leg": ("ledger.too_few_legs", lambda: TransferRequest("k", "points", legs((alice, 0)), "x")),
        "zero": ("ledger.bad_amount", lambda: TransferRequest("k", "points", legs((alice, 0), (bob, 0)), "x")),
        "bool": ("ledger.bad_amount", lambda: TransferRequest("k", "points", legs((alice, True), (bob, -1)), "x")),
        "float": ("ledger.bad_amount", lambda: TransferRequest("k", "points", legs((alice, 1.0), (bob, -1)), "x")),
        "move zero": ("ledger.bad_amount", lambda: TransferRequest.move("k", alice, bob, 0, cause="x")),
        "move negative": ("ledger.bad_amount", lambda: TransferRequest.move("k", alice, bob, -3, cause="x")),
        "mixed unit": ("ledger.unit_mismatch", lambda: TransferRequest.move("k", alice, clock, 5, cause="x")),
        "same account": ("ledger.duplicate_account", lambda: TransferRequest.move("k", alice, alice, 5, cause="x")),
        "unknown unit": (
            "ledger.unknown_unit",
            lambda: TransferRequest("k", "hours", legs((alice, -1), (bob, 1)), "x"),
        ),
        "naive time": (
            "ledger.naive_time",
            lambda: TransferRequest.move("k", alice, bob, 5, cause="x", occurred_at=naive),
        ),
        "blank key": ("ledger.bad_text", lambda: TransferRequest.move(" ", alice, bob, 5, cause="x")),
        "long key": ("ledger.bad_text", lambda: TransferRequest.move("k" * 201, alice, bob, 5, cause="x")),
        "unsaved": ("ledger.unsaved_account", lambda: TransferRequest.move("k", ghost, bob, 5, cause="x")),
    }


CASES = [
    "unbalanced",
    "one leg",
    "zero",
    "bool",
    "float",
    "move zero",
    "move negative",
    "mixed unit",
    "same account",
    "unknown unit",
    "naive time",
    "blank key",
    "long key",
    "unsaved",
]


@pytest.mark.parametrize("case", CASES)
def test_invalid_transfers_are_refused(session: Session, case: str) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    bob = ledger.account(session, "member", "bob", "points")
    clock = ledger.account(session, "member", "alice", "minutes")
    key, build = _bad_requests(alice, bob, clock)[case]
    with pytest.raises(ledger.LedgerError) as caught:
        build()
    assert caught.value.key == key
    assert caught.value.render("zh-CN") and caught.value.render("en")
    assert postings(session) == 0


def test_overdraft_is_refused_with_nothing_written_and_session_usable(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    issue(session, "in", alice, 10)
    before = postings(session)
    with pytest.raises(ledger.InsufficientBalance) as caught:
        spend(session, "haircut", alice, 30)
    refusal = caught.value
    assert refusal.account_id == alice.id and refusal.shortfall == 20
    assert refusal.render("en") == "account member:alice has too little: 30 points needed, 10 available, 20 short"
    assert "member:alice" in refusal.render("zh-CN") and "积分" in refusal.render("zh-CN")
    assert postings(session) == before
    assert session.scalars(sa.select(ledger.Transfer).where(ledger.Transfer.idempotency_key == "haircut")).all() == []
    assert ledger.balance(session, alice) == 10
    spend(session, "haircut", alice, 10)  # the same session goes on; the refused key is free
    assert ledger.balance(session, alice) == 0
    assert ledger.check_invariants(session) == []


def test_reversal_restores_balances_once(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    original = issue(session, "in", alice, 10, occurred_at=day(1))
    reversal = ledger.reverse(session, original, key="fix:in", memo="wrong member", operator_id=3)
    assert reversal.reverses_id == original.id and reversal.cause == "reversal"
    assert reversal.cause_ref == f"ledger_transfer:{original.id}" and reversal.operator_id == 3
    assert sorted(p.amount for p in reversal.postings) == [-10, 10]
    assert ledger.balance(session, alice) == 0
    assert ledger.balance(session, alice, as_of=day(1)) == 10  # history is kept
    assert ledger.reverse(session, original, key="fix:in", memo="wrong member").id == reversal.id  # a retry
    with pytest.raises(ledger.AlreadyReversed) as caught:
        ledger.reverse(session, original, key="fix:again")
    assert str(original.id) in caught.value.render("en")
    assert ledger.check_invariants(session) == []


def test_reversal_of_spent_points_is_refused(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    original = issue(session, "in", alice, 10)
    spend(session, "out", alice, 8)
    with pytest.raises(ledger.InsufficientBalance) as caught:
        ledger.reverse(session, original, key="fix:in")
    assert caught.value.shortfall == 8
    assert ledger.balance(session, alice) == 2
    issue(session, "top-up", alice, 8)
    ledger.reverse(session, original, key="fix:in")  # the refused key is free for the real attempt
    assert ledger.balance(session, alice) == 0


def test_check_invariants_finds_a_tampered_balance(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    issue(session, "in", alice, 10)
    session.execute(sa.text("UPDATE ledger_account SET balance = balance + 5 WHERE id = :id"), {"id": alice.id})
    problems = ledger.check_invariants(session, locale="en")
    assert problems == ["account member:alice: cached balance 15 differs from its postings' sum 10"]


def test_check_invariants_finds_unbalanced_and_short_transfers(session: Session) -> None:
    alice = ledger.account(session, "member", "alice", "points")
    transfer_id = session.execute(
        sa.insert(transfer_table).returning(transfer_table.c.id),
        {
            "idempotency_key": "raw",
            "unit": "points",
            "cause": "service",
            "produced_by": "test",
            "rule_ids": [],
            "occurred_at": T0,
            "content_hash": "-",
        },
    ).scalar_one()
    session.execute(sa.insert(posting_table), {"transfer_id": transfer_id, "account_id": alice.id, "amount": -3})
    problems = ledger.check_invariants(session, locale="en")
    assert f"transfer #{transfer_id} has 1 postings, at least 2 are needed" in problems
    assert f"the postings of transfer #{transfer_id} sum to -3, not 0" in problems
    assert "account member:alice: cached balance 0 differs from its postings' sum -3" in problems
    assert "account member:alice may not go negative but its balance is -3" in problems
    assert all(ledger.check_invariants(session, locale="zh-CN"))
