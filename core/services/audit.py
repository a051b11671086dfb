"""Appending to the audit chain and checking it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from linli.core.i18n import t
from linli.core.models.audit import GENESIS_HASH, AuditEntry, entry_hash, jsonable
from linli.core.services.context import Context

# Any fixed bigint: the PostgreSQL advisory lock that makes appends take turns.
AUDIT_LOCK_KEY = 0x6C696E6C69


@dataclass(frozen=True)
class Change:
    """One audited change; summaries must already be masked (no full phone or ID numbers)."""

    action: str
    target_kind: str
    target_id: int | str | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def record(ctx: Context, change: Change) -> None:
    record_many(ctx, [change])


def record_many(ctx: Context, changes: Sequence[Change]) -> None:
    """Append *changes* to the chain in one batch insert, in the caller's transaction."""
    append(ctx.session, ctx.operator.id, ctx.now(), changes)


def append(session: Session, operator_id: int | None, at: dt.datetime, changes: Sequence[Change]) -> None:
    """:func:`record_many` for callers without a :class:`Context` (creating the first operator)."""
    if not changes:
        return
    if session.get_bind().dialect.name == "postgresql":
        # Held to commit, so concurrent writers extend the chain one after another
        # instead of both reading the same head (SQLite's BEGIN IMMEDIATE already serializes).
        session.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
    head = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    rows = []
    for change in changes:
        seq += 1
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "operator_id": operator_id,
            "action": change.action,
            "target_kind": change.target_kind,
            "target_id": None if change.target_id is None else str(change.target_id),
            "before": jsonable(change.before),
            "after": jsonable(change.after),
        }
        digest = entry_hash(prev, **fields)
        rows.append({**fields, "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(insert(AuditEntry), rows)


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored chain is not what was written."""

    seq: int
    entry_id: int
    kind: Literal["gap", "link", "hash"]

    def message(self, locale: str | None = None) -> str:
        return t(f"audit.chain_{self.kind}", locale, seq=self.seq, id=self.entry_id)


def verify_chain(session: Session) -> list[ChainProblem]:
    """Recompute every hash in order; an edited, inserted or deleted row shows as a problem."""
    problems: list[ChainProblem] = []
    expected_seq, prev = 1, GENESIS_HASH
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000))
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, entry.id, "gap"))
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, entry.id, "link"))
        digest = entry_hash(
            entry.prev_hash,
            seq=entry.seq,
            at=entry.at,
            operator_id=entry.operator_id,
            action=entry.action,
            target_kind=entry.target_kind,
            target_id=entry.target_id,
            before=entry.before,
            after=entry.after,
        )
        if digest != entry.hash:
            problems.append(ChainProblem(entry.seq, entry.id, "hash"))
        expected_seq, prev = entry.seq + 1, entry.hash
    return problems
