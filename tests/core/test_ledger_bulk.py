"""``post_many``: the accrual path gives the same ledger as posting one by one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.db import Database
from linli.core.ledger import Account, TransferRequest
from linli.core.ledger.models import posting_table, transfer_table

T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.writing() as session:
        yield session


def count(session: Session, table: sa.Table) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def scenario(session: Session, tag: str) -> tuple[list[Account], list[TransferRequest]]:
    """Members earn, spend and pass points on; keys and owners carry *tag* so two copies can coexist."""
    issuer = ledger.account(session, "issuer", f"{tag}:community", "points")
    shop = ledger.account(session, "merchant", f"{tag}:shop", "points")
    members = [ledger.account(session, "member", f"{tag}:m{i}", "points") for i in range(5)]
    requests = []
    for i, member in enumerate(members):
        when = T0 + dt.timedelta(hours=i)
        requests.append(
            TransferRequest.move(
                f"{tag}:earn:{i}", issuer, member, 10 * (i + 1), cause="service", occurred_at=when, rule_ids=["r1"]
            )
        )
        requests.append(TransferRequest.move(f"{tag}:spend:{i}", member, shop, 5 + i, cause="redemption"))
    requests.append(TransferRequest.move(f"{tag}:gift", members[4], members[0], 7, cause="gift", memo="thanks"))
    return [issuer, shop, *members], requests


def test_post_many_equals_post_one_by_one(session: Session) -> None:
    one_by_one, requests = scenario(session, "single")
    for request in requests:
        ledger.post(session, request)
    bulk, bulk_requests = scenario(session, "bulk")
    ids = ledger.post_many(session, bulk_requests)
    assert len(ids) == len(set(ids)) == len(bulk_requests)
    for single_account, bulk_account in zip(one_by_one, bulk, strict=True):
        assert ledger.balance(session, bulk_account) == ledger.balance(session, single_account)
        assert bulk_account.balance == single_account.balance  # loaded objects see the new balance

        def lines(account: Account) -> list[tuple[object, ...]]:
            return [
                (line.amount, line.balance, line.cause, line.rule_ids, line.memo)
                for line in ledger.statement(session, account)
            ]

        assert lines(bulk_account) == lines(single_account)
    transfer = session.get(ledger.Transfer, ids[0])
    assert transfer is not None and transfer.occurred_at == T0 and transfer.rule_ids == ["r1"]
    assert [p.amount for p in transfer.postings] == [-10, 10]
    assert ledger.check_invariants(session) == []


def test_post_many_skips_keys_already_recorded(session: Session) -> None:
    _, requests = scenario(session, "s")
    first = ledger.post(session, requests[0])
    ids = ledger.post_many(session, requests)
    assert ids[0] == first.id
    assert ledger.post_many(session, requests) == ids  # a whole re-run writes nothing
    assert count(session, transfer_table) == len(requests)
    assert count(session, posting_table) == 2 * len(requests)
    assert ledger.check_invariants(session) == []


def test_post_many_folds_repeated_keys_in_one_batch(session: Session) -> None:
    _, requests = scenario(session, "s")
    ids = ledger.post_many(session, [requests[0], requests[0]])
    assert ids[0] == ids[1]
    assert count(session, transfer_table) == 1


def test_post_many_refuses_a_reused_key(session: Session) -> None:
    accounts, requests = scenario(session, "s")
    ledger.post(session, requests[0])
    issuer, _, alice = accounts[:3]
    changed = TransferRequest.move(requests[0].key, issuer, alice, 999, cause="service")
    with pytest.raises(ledger.KeyReused):
        ledger.post_many(session, [changed])
    with pytest.raises(ledger.KeyReused):
        ledger.post_many(session, [requests[1], TransferRequest.move(requests[1].key, issuer, alice, 1, cause="x")])
    assert count(session, transfer_table) == 1


def test_post_many_overdraft_writes_nothing(session: Session) -> None:
    accounts, requests = scenario(session, "s")
    issuer, shop, alice = accounts[:3]
    batch = [*requests[:2], TransferRequest.move("too-much", alice, shop, 6, cause="redemption")]
    with pytest.raises(ledger.InsufficientBalance) as caught:
        ledger.post_many(session, batch)  # alice earns 10, spends 5, then 6 more
    assert caught.value.account_id == alice.id and caught.value.shortfall == 1
    assert count(session, transfer_table) == 0
    assert ledger.balance(session, alice) == 0 and ledger.balance(session, issuer) == 0
    ledger.post_many(session, requests)  # the session is still usable
    assert ledger.check_invariants(session) == []


def test_post_many_handles_batches_over_the_chunk_size(session: Session) -> None:
    issuer = ledger.account(session, "issuer", "community", "points")
    members = [ledger.account(session, "member", f"m{i}", "points") for i in range(50)]
    requests = [
        TransferRequest.move(f"accrual:{n}", issuer, members[n % 50], 1 + n % 3, cause="service") for n in range(2500)
    ]
    ids = ledger.post_many(session, requests)
    assert len(set(ids)) == 2500
    assert ledger.balance(session, issuer) == -sum(1 + n % 3 for n in range(2500))
    assert ledger.check_invariants(session) == []
