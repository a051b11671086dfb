"""Keeping the cached ``ledger_account.balance`` in step with postings, safely under concurrency.

Every change is one conditional UPDATE: ``balance = balance + delta`` only
if the account may go negative or stays at or above zero. On PostgreSQL
(READ COMMITTED) the UPDATE waits for a concurrent writer's row lock and
re-checks its condition against the committed row, so two debits can never
both spend the same points; on SQLite ``BEGIN IMMEDIATE`` already admits one
writer at a time. A row count below what was asked means "refused".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import BigInteger, bindparam, or_, select, update
from sqlalchemy.orm import Session

from linli.core.ledger.errors import InsufficientBalance
from linli.core.ledger.models import Account, account_label, account_table

# The ids of accounts read and locked per query.
CHUNK = 1000

_delta = bindparam("delta", type_=BigInteger)
APPLY_DELTA = (
    update(account_table)
    .where(account_table.c.id == bindparam("account_id"))
    .where(or_(account_table.c.allow_negative, account_table.c.balance + _delta >= 0))
    .values(balance=account_table.c.balance + _delta)
)


def apply_one(session: Session, account: Account, delta: int) -> None:
    """Add *delta* to *account*'s balance or raise :class:`InsufficientBalance`."""
    result = session.connection().execute(APPLY_DELTA, {"account_id": account.id, "delta": delta})
    if result.rowcount != 1:
        available = session.scalar(select(Account.balance).where(Account.id == account.id))
        raise InsufficientBalance(account.id, account.label, account.unit, -delta, available or 0)


def apply_many(session: Session, deltas: Mapping[int, int]) -> None:
    """Add each ``{account_id: delta}`` or raise :class:`InsufficientBalance` naming the first refused account.

    The accounts are first read with ``FOR UPDATE`` in id order (PostgreSQL;
    SQLite is already exclusive), so the refusal can name the account and the
    UPDATEs after it cannot be refused by a concurrent writer. The UPDATEs
    keep their condition all the same: it is what makes a negative member
    balance impossible, whatever the check above believes.
    """
    rows = [{"account_id": account_id, "delta": delta} for account_id, delta in sorted(deltas.items()) if delta]
    for chunk in _chunks([row["account_id"] for row in rows]):
        query = (
            select(account_table).where(account_table.c.id.in_(chunk)).order_by(account_table.c.id).with_for_update()
        )
        for found in session.connection().execute(query):
            delta = deltas[found.id]
            if not found.allow_negative and found.balance + delta < 0:
                raise InsufficientBalance(
                    found.id, account_label(found.kind, found.owner), found.unit, -delta, found.balance
                )
    if not rows:
        return
    applied = session.connection().execute(APPLY_DELTA, rows).rowcount
    if applied != len(rows):
        raise RuntimeError(f"ledger: {len(rows) - applied} locked balance updates were refused; nothing is recorded")


def forget_balances(session: Session, account_ids: Iterable[int]) -> None:
    """Expire the cached ``balance`` of loaded accounts so their next read sees the new value."""
    for account_id in account_ids:
        loaded = session.identity_map.get(session.identity_key(Account, account_id))
        if loaded is not None:
            session.expire(loaded, ["balance"])


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
