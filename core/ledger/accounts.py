"""Getting (or opening) the account for a kind, owner and unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.ledger.errors import LedgerError
from linli.core.ledger.models import KIND_MAX, OWNER_MAX, UNITS, Account
from linli.core.ledger.requests import require_text

# Accounts that stand for people or shops hold what they were given, never more (DESIGN: Ledger).
NEVER_NEGATIVE_KINDS = frozenset({"member", "merchant"})
# Accounts that create or absorb value (a community issuing points, a fund backing them) may go negative.
OVERDRAFT_KINDS = frozenset({"issuer", "fund", "system"})


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


def _find(session: Session, kind: str, owner: str, unit: str) -> Account | None:
    query = select(Account).where(Account.kind == kind, Account.owner == owner, Account.unit == unit)
    return session.scalars(query).one_or_none()
