"""Recording thousands of transfers at once (points accrual for a whole district).

The per-transfer path costs a savepoint, an ORM flush and a few statements
each; here a batch is a handful of statements: lookups of the keys already
used, batched multi-row INSERTs of transfers (RETURNING their ids) and of
postings, and one executemany UPDATE of balances aggregated per account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core.db.base import utcnow
from linli.core.ledger.balances import CHUNK, apply_many, forget_balances
from linli.core.ledger.errors import KeyReused
from linli.core.ledger.models import posting_table, transfer_table
from linli.core.ledger.requests import TransferRequest, content_hash

# Two attempts: the second sees the keys a concurrent writer committed during the first.
ATTEMPTS = 2


def post_many(session: Session, requests: Sequence[TransferRequest]) -> list[int]:
    """Record *requests* as one unit and return their transfer ids, in order.

    Keys already recorded with the same content are skipped and return the
    existing id (a re-run of an interrupted accrual is harmless); the same
    key with other content raises :class:`~linli.core.ledger.KeyReused`. If
    any non-negative account would go below zero, nothing of the batch is
    written and :class:`~linli.core.ledger.InsufficientBalance` names it.
    The check is on each account's net change over the batch: a debit
    covered by a credit in the same batch passes, whatever their order.
    Memory grows with the batch: call it with a few thousand to tens of
    thousands of requests at a time.
    """
    unique: dict[str, tuple[TransferRequest, str]] = {}
    for request in requests:
        digest = content_hash(request)
        first = unique.setdefault(request.key, (request, digest))
        if first[1] != digest:
            raise KeyReused(request.key)
    for attempt in range(1, ATTEMPTS + 1):
        ids = _recorded(session, unique)
        fresh = [pair for key, pair in unique.items() if key not in ids]
        try:
            with session.begin_nested():
                ids.update(_insert(session, fresh))
            break
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    return [ids[request.key] for request in requests]


def _recorded(session: Session, unique: dict[str, tuple[TransferRequest, str]]) -> dict[str, int]:
    """The ids of keys already in the ledger; a key recorded with other content is refused."""
    keys = list(unique)
    ids: dict[str, int] = {}
    columns = (transfer_table.c.idempotency_key, transfer_table.c.id, transfer_table.c.content_hash)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for key, transfer_id, digest in session.connection().execute(
            select(*columns).where(transfer_table.c.idempotency_key.in_(chunk))
        ):
            if unique[key][1] != digest:
                raise KeyReused(key)
            ids[key] = transfer_id
    return ids


def _insert(session: Session, fresh: Sequence[tuple[TransferRequest, str]]) -> dict[str, int]:
    now = utcnow()
    rows = [
        {
            "idempotency_key": request.key,
            "unit": request.unit,
            "cause": request.cause,
            "cause_ref": request.cause_ref,
            "produced_by": request.produced_by,
            "rule_ids": list(request.rule_ids),
            "memo": request.memo,
            "occurred_at": request.occurred_at or now,
            "created_at": now,
            "operator_id": request.operator_id,
            "reverses_id": None,
            "content_hash": digest,
        }
        for request, digest in fresh
    ]
    if not rows:
        return {}
    deltas: defaultdict[int, int] = defaultdict(int)
    for request, _ in fresh:
        for leg in request.legs:
            deltas[leg.account.id] += leg.amount
    # Balances first: a refused batch fails before its big inserts.
    apply_many(session, deltas)
    connection = session.connection()
    returning = insert(transfer_table).returning(transfer_table.c.idempotency_key, transfer_table.c.id)
    ids: dict[str, int] = {key: transfer_id for key, transfer_id in connection.execute(returning, rows)}
    postings = [
        {"transfer_id": ids[request.key], "account_id": leg.account.id, "amount": leg.amount}
        for request, _ in fresh
        for leg in request.legs
    ]
    connection.execute(insert(posting_table), postings)
    forget_balances(session, deltas)
    return ids
