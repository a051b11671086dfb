"""Proof that the ledger is consistent, for tests, ``linli doctor`` and after restores.

Each check is one aggregate query that returns only the rows in trouble,
so it stays cheap on a district's millions of postings.
"""

from __future__ import annotations

from sqlalchemy import func, not_, or_, select
from sqlalchemy.orm import Session

from linli.core.i18n import t
from linli.core.ledger.models import Account, Posting, Transfer, account_label


def check_invariants(session: Session, *, locale: str | None = None) -> list[str]:
    """Every inconsistency found, as sentences in *locale*; an empty list means consistent."""
    return [*_transfers(session, locale), *_accounts(session, locale), *_units(session, locale)]


def _transfers(session: Session, locale: str | None) -> list[str]:
    """Transfers with fewer than two postings or whose postings do not sum to zero."""
    legs = func.count(Posting.id)
    total = func.coalesce(func.sum(Posting.amount), 0)
    query = (
        select(Transfer.id, legs, total)
        .outerjoin(Posting, Posting.transfer_id == Transfer.id)
        .group_by(Transfer.id)
        .having(or_(legs < 2, total != 0))
        .order_by(Transfer.id)
    )
    problems = []
    for transfer_id, count, summed in session.execute(query):
        if count < 2:
            problems.append(t("ledger.invariant_few_legs", locale, transfer_id=transfer_id, count=count))
        if summed != 0:
            problems.append(t("ledger.invariant_unbalanced", locale, transfer_id=transfer_id, total=int(summed)))
    return problems


def _accounts(session: Session, locale: str | None) -> list[str]:
    """Accounts whose cached balance differs from their postings, or that are below zero when they may not be."""
    sums = select(Posting.account_id, func.sum(Posting.amount).label("total")).group_by(Posting.account_id).subquery()
    posted = func.coalesce(sums.c.total, 0)
    query = (
        select(Account.id, Account.kind, Account.owner, Account.balance, Account.allow_negative, posted)
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(or_(Account.balance != posted, not_(Account.allow_negative) & ((posted < 0) | (Account.balance < 0))))
        .order_by(Account.id)
    )
    problems = []
    for _, kind, owner, cached, allow_negative, summed in session.execute(query):
        label = account_label(kind, owner)
        if cached != summed:
            problems.append(t("ledger.invariant_cache", locale, account=label, cached=cached, posted=int(summed)))
        if not allow_negative and min(cached, summed) < 0:
            problems.append(t("ledger.invariant_negative", locale, account=label, balance=int(min(cached, summed))))
    return problems


def _units(session: Session, locale: str | None) -> list[str]:
    """Postings on an account of another unit than their transfer's."""
    query = (
        select(Transfer.id, Transfer.unit, Account.kind, Account.owner, Account.unit)
        .join(Posting, Posting.transfer_id == Transfer.id)
        .join(Account, Account.id == Posting.account_id)
        .where(Account.unit != Transfer.unit)
        .order_by(Transfer.id, Account.id)
    )
    return [
        t(
            "ledger.invariant_unit",
            locale,
            transfer_id=transfer_id,
            unit=unit,
            account=account_label(kind, owner),
            account_unit=account_unit,
        )
        for transfer_id, unit, kind, owner, account_unit in session.execute(query)
    ]
