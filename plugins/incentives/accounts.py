"""Where points live and how their transfers are named (conventions shared with other plugins).

A member's points are in ``member:<member id>``; they are issued from
``issuer:<home node code>``. A record's points are the transfer
``points:service:<record id>``; a bonus ``points:bonus:<rule id>:<occasion>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.ledger import OVERDRAFT_KINDS, Account, Transfer
from linli.core.services.rows import chunks


PRODUCER = "incentives"
UNIT = "points"
ATTEMPTS = 2


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
    """The points accounts of *owners*, opening the missing ones in one batch.

    :func:`linli.core.ledger.account` costs a query or two per account; an
    accrual batch touches thousands. Accounts open as ``ledger.account``
    would open them (issuers may go negative, members never); when a
    concurrent writer opened some first, they are read back and the rest retried.
    """
    wanted = set(owners)
    found = _find(session, kind, wanted)
    for attempt in range(1, ATTEMPTS + 1):
        missing = sorted(wanted - found.keys())
        if not missing:
            break
        rows = [{"kind": kind, "owner": owner, "unit": UNIT, "allow_negative": kind in OVERDRAFT_KINDS, "balance": 0} for owner in missing]
        try:
            with session.begin_nested():
                for chunk in chunks(rows, 1000):
                    found.update((opened.owner, opened) for opened in session.scalars(insert(Account).returning(Account), chunk))
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            found = _find(session, kind, wanted)
    return found


def lock(session: Session, accounts: Iterable[Account]) -> None:
    """Hold *accounts* (PostgreSQL row locks, in id order) until the transaction ends.

    Accruals for the same members then take turns, so the second reads what
    the first credited before its caps and first-service bonuses decide.
    SQLite admits one writer at a time already.
    """
    for chunk in chunks(sorted(account.id for account in accounts)):
        session.execute(select(Account.id).where(Account.id.in_(chunk)).order_by(Account.id).with_for_update())


def _find(session: Session, kind: str, owners: set[str]) -> dict[str, Account]:
    found: dict[str, Account] = {}
    for chunk in chunks(owners):
        query = select(Account).where(Account.kind == kind, Account.unit == UNIT, Account.owner.in_(chunk))
        found.update((existing.owner, existing) for existing in session.scalars(query))
    return found
