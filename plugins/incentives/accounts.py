"""Where points live and how their transfers are named (conventions shared with other plugins).

A member's points are in ``member:<member id>``; they are issued from
``issuer:<home node code>``. A record's points are the transfer
``points:service:<record id>``; a bonus ``points:bonus:<rule id>:<occasion>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import ledger
from linli.core.ledger import Account, Transfer
from linli.core.services import chunks


PRODUCER = "incentives"
UNIT = "points"


SERVICE_KEY_PREFIX = "points:service:"


def service_key(record_id: int) -> str:
    return f"{SERVICE_KEY_PREFIX}{record_id}"


def bonus_key(rule_id: str, occasion: str) -> str:
    return f"points:bonus:{rule_id}:{occasion}"


def recorded_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of *keys* already name a transfer."""
    found: set[str] = set()
    for chunk in chunks(set(keys)):
        found.update(session.scalars(select(Transfer.idempotency_key).where(Transfer.idempotency_key.in_(chunk))))
    return found


def open_accounts(session: Session, kind: str, owners: Iterable[str]) -> dict[str, Account]:
    """The points accounts of *owners*, the missing ones opened in one batch (issuers may go negative, members never)."""
    return ledger.open_accounts(session, kind, owners, UNIT)


def lock(session: Session, accounts: Iterable[Account]) -> None:
    """Hold *accounts* (PostgreSQL row locks, in id order) until the transaction ends.

    Accruals for the same members then take turns, so the second reads what
    the first credited before its caps and first-service bonuses decide.
    SQLite admits one writer at a time already.
    """
    for chunk in chunks(sorted(account.id for account in accounts)):
        session.execute(select(Account.id).where(Account.id.in_(chunk)).order_by(Account.id).with_for_update())
