"""Recording one transfer (``post``) and correcting one (``reverse``).

Both work inside a SAVEPOINT: a refusal (insufficient balance, a key taken
by a concurrent writer) rolls back only what this call wrote, and the
caller's transaction stays usable.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.db.base import utcnow
from linli.core.ledger.balances import apply_one, forget_balances
from linli.core.ledger.errors import AlreadyReversed, KeyReused
from linli.core.ledger.models import Account, Posting, Transfer
from linli.core.ledger.requests import Leg, TransferRequest, content_hash


def post(session: Session, request: TransferRequest) -> Transfer:
    """Record *request* and return its transfer.

    A retry with the same key and content returns the first transfer and
    writes nothing; the same key with other content raises
    :class:`~linli.core.ledger.KeyReused`. A debit that would take a
    non-negative account below zero raises
    :class:`~linli.core.ledger.InsufficientBalance` and writes nothing.
    """
    return _record(session, request, reverses_id=None)


def reverse(
    session: Session,
    transfer: Transfer,
    *,
    key: str,
    memo: str | None = None,
    operator_id: int | None = None,
    occurred_at: dt.datetime | None = None,
) -> Transfer:
    """Record the transfer that undoes *transfer*: the same legs, negated, cause ``reversal``.

    The original stays as it was (the ledger is append-only). A transfer is
    reversed at most once (:class:`~linli.core.ledger.AlreadyReversed`);
    retrying with the same *key* returns the reversal. The reversal may be
    refused like any debit, e.g. when the points were already spent.
    """
    prior = _reversal_of(session, transfer.id)
    if prior is not None and prior.idempotency_key != key:
        raise AlreadyReversed(transfer.id, prior.id)
    postings = session.scalars(select(Posting).where(Posting.transfer_id == transfer.id).order_by(Posting.id)).all()
    accounts = {
        found.id: found
        for found in session.scalars(select(Account).where(Account.id.in_([p.account_id for p in postings])))
    }
    request = TransferRequest(
        key=key,
        unit=transfer.unit,
        legs=tuple(Leg(accounts[p.account_id], -p.amount) for p in postings),
        cause="reversal",
        cause_ref=f"ledger_transfer:{transfer.id}",
        memo=memo,
        occurred_at=occurred_at,
        operator_id=operator_id,
    )
    try:
        return _record(session, request, reverses_id=transfer.id)
    except IntegrityError:
        # A concurrent writer reversed it first, under another key.
        prior = _reversal_of(session, transfer.id)
        if prior is None:
            raise
        raise AlreadyReversed(transfer.id, prior.id) from None


def _record(session: Session, request: TransferRequest, *, reverses_id: int | None) -> Transfer:
    digest = content_hash(request, reverses_id)
    existing = _by_key(session, request.key)
    if existing is not None:
        return _same_or_refuse(existing, digest)
    transfer = Transfer(
        idempotency_key=request.key,
        unit=request.unit,
        cause=request.cause,
        cause_ref=request.cause_ref,
        produced_by=request.produced_by,
        rule_ids=list(request.rule_ids),
        memo=request.memo,
        occurred_at=request.occurred_at or utcnow(),
        operator_id=request.operator_id,
        reverses_id=reverses_id,
        content_hash=digest,
        postings=[Posting(account_id=leg.account.id, amount=leg.amount) for leg in request.legs],
    )
    try:
        with session.begin_nested():
            # The key goes in first: a concurrent retry waits on it here, not at the balances.
            session.add(transfer)
            session.flush()
            # Rows are locked in one order (by id) so two transfers cannot deadlock.
            for leg in sorted(request.legs, key=lambda leg: leg.account.id):
                apply_one(session, leg.account, leg.amount)
    except IntegrityError:
        existing = _by_key(session, request.key)
        if existing is None:
            raise
        return _same_or_refuse(existing, digest)
    forget_balances(session, (leg.account.id for leg in request.legs))
    return transfer


def _same_or_refuse(existing: Transfer, digest: str) -> Transfer:
    if existing.content_hash != digest:
        raise KeyReused(existing.idempotency_key)
    return existing


def _by_key(session: Session, key: str) -> Transfer | None:
    return session.scalars(select(Transfer).where(Transfer.idempotency_key == key)).one_or_none()


def _reversal_of(session: Session, transfer_id: int) -> Transfer | None:
    return session.scalars(select(Transfer).where(Transfer.reverses_id == transfer_id)).one_or_none()
