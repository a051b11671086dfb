"""Members' time accounts and overdraft lines, opened and locked a batch at a time.

``ledger.account`` opens one account per call inside a savepoint, which
costs a few statements per member; approving 2,000 records from an import
must stay a handful of statements, so the accounts of a whole batch are
found in chunks and the missing ones inserted together.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TypeVar

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.ledger import Account, Leg

T = TypeVar("T")

UNIT = "minutes"
MEMBER = "member"  # the time account every plugin agrees on: account(session, "member", str(id), "minutes")
LINE = "overdraft"  # what a member owes the bank, when the program lets them withdraw below zero
BANK = ("system", "time_bank")  # the bank itself: it issues deposits and absorbs withdrawals
CHUNK = 1000
# Two attempts: the second reads the accounts a concurrent writer opened during the first.
ATTEMPTS = 2


def find_accounts(session: Session, kind: str, members: Collection[int]) -> dict[int, Account]:
    """The existing accounts of *kind* of *members*, by member id."""
    found: dict[int, Account] = {}
    for chunk in chunks(sorted({str(member) for member in members})):
        query = select(Account).where(Account.kind == kind, Account.unit == UNIT, Account.owner.in_(chunk))
        found |= {int(account.owner): account for account in session.scalars(query)}
    return found


def open_accounts(session: Session, kind: str, members: Collection[int]) -> dict[int, Account]:
    """The accounts of *kind* of *members*, opening the missing ones in one INSERT.

    Overdraft lines may go negative (that is what they are for); members' accounts never may.
    """
    for attempt in range(1, ATTEMPTS + 1):
        found = find_accounts(session, kind, members)
        missing = sorted(set(members) - found.keys())
        if not missing:
            return found
        rows = [{"kind": kind, "owner": str(member), "unit": UNIT, "allow_negative": kind == LINE, "balance": 0} for member in missing]
        try:
            with session.begin_nested():
                session.execute(insert(Account), rows)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    return find_accounts(session, kind, members)


def lock(session: Session, accounts: Iterable[Account]) -> None:
    """Re-read *accounts*' balances under ``FOR UPDATE``, in id order so two writers cannot deadlock.

    What the plan then reads stays true until commit (PostgreSQL; SQLite's
    write transactions are exclusive already).
    """
    for chunk in chunks(sorted(account.id for account in accounts)):
        query = select(Account).where(Account.id.in_(chunk)).order_by(Account.id).with_for_update()
        session.scalars(query.execution_options(populate_existing=True)).all()


def chunks(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def member_legs(account: Account, line: Account | None, on_account: int, on_line: int) -> list[Leg]:
    """The legs a member's side of a move takes: the account, the line, or both; never a zero leg."""
    legs = [Leg(account, on_account)] if on_account else []
    if on_line:
        assert line is not None, "a move touches the overdraft line only when one is open"
        legs.append(Leg(line, on_line))
    return legs
