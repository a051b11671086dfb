"""Members' time accounts and overdraft lines, opened and locked a batch at a time.

Approving 2,000 records from an import must stay a handful of statements,
so the accounts of a whole batch are found in chunks and the missing ones
opened together (``ledger.open_accounts``), never one ``ledger.account`` each.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.ledger import Account, Leg

T = TypeVar("T")

UNIT = "minutes"
MEMBER = "member"  # the time account every plugin agrees on: account(session, "member", str(id), "minutes")
LINE = "overdraft"  # what a member owes the bank, when the program lets them withdraw below zero
BANK = ("system", "time_bank")  # the bank itself: it issues deposits and absorbs withdrawals
CHUNK = 1000


def find_accounts(session: Session, kind: str, members: Collection[int]) -> dict[int, Account]:
    """The existing accounts of *kind* of *members*, by member id."""
    found: dict[int, Account] = {}
    for chunk in chunks(sorted({str(member) for member in members})):
        query = select(Account).where(Account.kind == kind, Account.unit == UNIT, Account.owner.in_(chunk))
        found |= {int(account.owner): account for account in session.scalars(query)}
    return found


def open_accounts(session: Session, kind: str, members: Collection[int]) -> dict[int, Account]:
    """The accounts of *kind* of *members*, the missing ones opened in one batch.

    Overdraft lines may go negative (that is what they are for); members' accounts never may.
    """
    opened = ledger.open_accounts(session, kind, (str(member) for member in members), UNIT, allow_negative=kind == LINE)
    return {int(owner): account for owner, account in opened.items()}


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
