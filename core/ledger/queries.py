"""Reading the ledger: balances (now or at a past time) and statements for passbooks and ``linli explain``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from linli.core.ledger.models import Account, Posting, Transfer


@dataclass(frozen=True)
class StatementLine:
    """One posting on an account, with the transfer's reasons and the balance after it."""

    occurred_at: dt.datetime
    transfer_id: int
    cause: str
    cause_ref: str | None
    produced_by: str
    rule_ids: tuple[str, ...]
    memo: str | None
    reverses_id: int | None
    amount: int
    balance: int


def balance(session: Session, account: Account, *, as_of: dt.datetime | None = None) -> int:
    """The balance now (the cached column), or as of *as_of* (postings of transfers that occurred by then).

    *as_of* is business time: a transfer recorded later but dated earlier counts.
    """
    if as_of is None:
        return session.execute(select(Account.balance).where(Account.id == account.id)).scalar_one()
    return _posted(session, account, Transfer.occurred_at <= as_of)


def statement(
    session: Session, account: Account, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> list[StatementLine]:
    """Every posting on *account* with *since* <= occurred_at <= *until*, ordered by (occurred_at, transfer id).

    The running balance starts from the balance before *since*, so the last
    line's balance equals ``balance(session, account, as_of=until)``.
    """
    query = (
        select(
            Transfer.occurred_at,
            Transfer.id,
            Transfer.cause,
            Transfer.cause_ref,
            Transfer.produced_by,
            Transfer.rule_ids,
            Transfer.memo,
            Transfer.reverses_id,
            Posting.amount,
        )
        .join(Posting, Posting.transfer_id == Transfer.id)
        .where(Posting.account_id == account.id)
        .order_by(Transfer.occurred_at, Transfer.id)
    )
    running = 0
    if since is not None:
        query = query.where(Transfer.occurred_at >= since)
        running = _posted(session, account, Transfer.occurred_at < since)
    if until is not None:
        query = query.where(Transfer.occurred_at <= until)
    lines = []
    for row in session.execute(query):
        running += row.amount
        lines.append(
            StatementLine(
                occurred_at=row.occurred_at,
                transfer_id=row.id,
                cause=row.cause,
                cause_ref=row.cause_ref,
                produced_by=row.produced_by,
                rule_ids=tuple(row.rule_ids),
                memo=row.memo,
                reverses_id=row.reverses_id,
                amount=row.amount,
                balance=running,
            )
        )
    return lines


def _posted(session: Session, account: Account, when: ColumnElement[bool]) -> int:
    query = (
        select(func.coalesce(func.sum(Posting.amount), 0))
        .join(Transfer, Transfer.id == Posting.transfer_id)
        .where(Posting.account_id == account.id, when)
    )
    # PostgreSQL sums BIGINT into NUMERIC.
    return int(session.execute(query).scalar_one())
