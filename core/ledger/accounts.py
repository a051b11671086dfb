"""Getting (or opening) the account for a kind, owner and unit."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.ledger.errors import LedgerError
from linli.core.ledger.models import KIND_MAX, OWNER_MAX, UNITS, Account
from linli.core.ledger.requests import require_text

# Accounts that stand for people or shops hold what they were given, never more (DESIGN: Ledger).
NEVER_NEGATIVE_KINDS = frozenset({"member", "merchant"})
# Accounts that create or absorb value (a community issuing points, a fund backing them) may go negative.
OVERDRAFT_KINDS = frozenset({"issuer", "fund", "system"})
# Owners per lookup and per INSERT … RETURNING: well under both engines' bound-parameter limits.
FIND_CHUNK = 5000
OPEN_CHUNK = 1000
# Two attempts: the second reads the accounts a concurrent writer opened during the first.
OPEN_ATTEMPTS = 2


def account(session: Session, kind: str, owner: str, unit: str, *, allow_negative: bool | None = None) -> Account:
    """The account of *owner* for *unit*, opened on first use.

    *kind* is an open string (plugins add kinds). *allow_negative* applies
    when the account is opened: by default only issuer, fund and system
    accounts may go negative; member and merchant accounts never may.
    Safe when two writers open the same account at once: the loser's
    insert fails on the unique constraint inside a savepoint and it reads
    the winner's row.
    """
    require_text("kind", kind, KIND_MAX)
    require_text("owner", owner, OWNER_MAX)
    if unit not in UNITS:
        raise LedgerError("ledger.unknown_unit", unit=unit, units=", ".join(UNITS))
    if allow_negative and kind in NEVER_NEGATIVE_KINDS:
        raise LedgerError("ledger.overdraft_forbidden", kind=kind)
    found = _find(session, kind, owner, unit)
    if found is not None:
        return found
    opened = Account(
        kind=kind,
        owner=owner,
        unit=unit,
        allow_negative=kind in OVERDRAFT_KINDS if allow_negative is None else allow_negative,
        balance=0,
    )
    try:
        with session.begin_nested():
            session.add(opened)
    except IntegrityError:
        found = _find(session, kind, owner, unit)
        if found is None:
            raise
        return found
    return opened


def open_accounts(session: Session, kind: str, owners: Iterable[str], unit: str, *, allow_negative: bool | None = None) -> dict[str, Account]:
    """The accounts of *owners* (one *kind* and *unit*), by owner, opening the missing ones in batch INSERTs.

    :func:`account` costs a query or two and a savepoint per account; an
    accrual or a time-bank batch touches thousands, so here they are found
    in chunks and the missing ones inserted together, opened as
    :func:`account` would open them. When a concurrent writer opened some
    first, the insert fails on the unique constraint inside a savepoint and
    the rest are retried once.
    """
    require_text("kind", kind, KIND_MAX)
    if unit not in UNITS:
        raise LedgerError("ledger.unknown_unit", unit=unit, units=", ".join(UNITS))
    if allow_negative and kind in NEVER_NEGATIVE_KINDS:
        raise LedgerError("ledger.overdraft_forbidden", kind=kind)
    negative = kind in OVERDRAFT_KINDS if allow_negative is None else allow_negative
    wanted = sorted(set(owners))
    for owner in wanted:
        require_text("owner", owner, OWNER_MAX)
    found = _find_many(session, kind, wanted, unit)
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        missing = [owner for owner in wanted if owner not in found]
        if not missing:
            break
        rows = [{"kind": kind, "owner": owner, "unit": unit, "allow_negative": negative, "balance": 0} for owner in missing]
        try:
            with session.begin_nested():
                for start in range(0, len(rows), OPEN_CHUNK):
                    opened = session.scalars(insert(Account).returning(Account), rows[start : start + OPEN_CHUNK])
                    found.update((account.owner, account) for account in opened)
        except IntegrityError:
            if attempt == OPEN_ATTEMPTS:
                raise
            found = _find_many(session, kind, wanted, unit)
    return found


def _find_many(session: Session, kind: str, owners: list[str], unit: str) -> dict[str, Account]:
    found: dict[str, Account] = {}
    for start in range(0, len(owners), FIND_CHUNK):
        query = select(Account).where(Account.kind == kind, Account.unit == unit, Account.owner.in_(owners[start : start + FIND_CHUNK]))
        found.update((existing.owner, existing) for existing in session.scalars(query))
    return found


def _find(session: Session, kind: str, owner: str, unit: str) -> Account | None:
    query = select(Account).where(Account.kind == kind, Account.owner == owner, Account.unit == unit)
    return session.scalars(query).one_or_none()
