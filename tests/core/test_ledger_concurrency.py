"""Concurrent writers: every session from ``database.writing()``, several threads at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.db import Database
from linli.core.ledger import TransferRequest

THREADS = 8
T = TypeVar("T")


def in_threads(work: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``work(thread_number)`` in THREADS threads started together; results or raised errors."""
    start = threading.Barrier(THREADS)
    results: list[T | BaseException] = [RuntimeError("not run")] * THREADS

    def run(number: int) -> None:
        start.wait()
        try:
            results[number] = work(number)
        except BaseException as error:  # collected and asserted on by the test
            results[number] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_debits_spend_each_point_once(database: Database) -> None:
    funded = 40
    attempts_per_thread = 10  # 80 attempts for 40 points
    with database.writing() as session:
        issuer = ledger.account(session, "issuer", "community", "points")
        alice = ledger.account(session, "member", "alice", "points")
        shop = ledger.account(session, "merchant", "shop", "points")
        ledger.post(session, TransferRequest.move("fund", issuer, alice, funded, cause="service"))

    def debit(number: int) -> int:
        spent = 0
        for attempt in range(attempts_per_thread):
            request = TransferRequest.move(f"debit:{number}:{attempt}", alice, shop, 1, cause="redemption")
            try:
                database.run(lambda session, request=request: ledger.post(session, request))
                spent += 1
            except ledger.InsufficientBalance:
                pass
        return spent

    results = in_threads(debit)
    assert all(isinstance(result, int) for result in results), results
    assert sum(result for result in results if isinstance(result, int)) == funded
    with database.reading() as session:
        assert ledger.balance(session, alice) == 0
        assert ledger.balance(session, shop) == funded
        assert ledger.check_invariants(session) == []


def test_concurrent_retries_of_one_key_record_it_once(database: Database) -> None:
    with database.writing() as session:
        issuer = ledger.account(session, "issuer", "community", "points")
        alice = ledger.account(session, "member", "alice", "points")
    request = TransferRequest.move("service_record:1:points", issuer, alice, 10, cause="service")

    def post(session: Session) -> int:
        return ledger.post(session, request).id

    results = in_threads(lambda _: database.run(post))
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    with database.reading() as session:
        assert ledger.balance(session, alice) == 10
        assert session.execute(sa.select(sa.func.count()).select_from(ledger.Transfer)).scalar_one() == 1
        assert ledger.check_invariants(session) == []


def test_concurrent_openings_of_one_account_agree(database: Database) -> None:
    def open_account(session: Session) -> int:
        return ledger.account(session, "member", "bob", "minutes").id

    results = in_threads(lambda _: database.run(open_account))
    assert len(set(results)) == 1 and isinstance(results[0], int), results
