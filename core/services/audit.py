"""Appending to the audit chain and checking it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from linli.core.i18n import t
from linli.core.models.audit import GENESIS_HASH, AuditEntry, entry_hash, jsonable, personal_digests, seal
from linli.core.services.context import Context

# Any fixed bigint: the PostgreSQL advisory lock that makes appends take turns.
AUDIT_LOCK_KEY = 0x6C696E6C69
# The entry an erasure writes; its ``redacted`` ({seq: [paths]}) vouches for the values it erased.
ERASE_ACTION = "member.erase"


@dataclass(frozen=True)
class Change:
    """One audited change; summaries must already be masked (no full phone or ID numbers).

    *personal* names the summary keys that hold a person's data (a name, a
    masked phone): their values are sealed with a salt so that erasing the
    person later can remove them without breaking the chain.
    """

    action: str
    target_kind: str
    target_id: int | str | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    personal: frozenset[str] = frozenset()


def batch_change(action: str, target_kind: str, ids: Sequence[int]) -> Change:
    """One entry standing for a bulk write: how many targets and their ids, with no target of its own.

    A district imports a million records a year; one entry per batch keeps
    that a few hundred links of the chain instead of a million hashes, and
    still names every record written. Single-row paths keep one entry per target.
    """
    return Change(action, target_kind, None, after={"count": len(ids), "ids": list(ids)})


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
        before, after = jsonable(change.before), jsonable(change.after)
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "operator_id": operator_id,
            "action": change.action,
            "target_kind": change.target_kind,
            "target_id": None if change.target_id is None else str(change.target_id),
            "before": before,
            "after": after,
        }
        salts = seal(before, after, change.personal)
        digests = personal_digests(before, after, sorted(salts), salts, None)
        digest = entry_hash(prev, **fields, digests=digests)
        rows.append({**fields, "personal": sorted(salts), "salts": salts or None, "redacted": None, "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(insert(AuditEntry), rows)


ChainProblemKind = Literal["gap", "link", "hash", "redacted"]


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored chain is not what was written."""

    seq: int
    entry_id: int
    kind: ChainProblemKind

    def message(self, locale: str | None = None) -> str:
        return t(f"audit.chain_{self.kind}", locale, seq=self.seq, id=self.entry_id)


def verify_chain(session: Session) -> list[ChainProblem]:
    """Recompute every hash in order; an edited, inserted or deleted row shows as a problem.

    A personal value is checked through its salted digest, or the digest kept
    when it was erased; an erased value must be named by a later
    ``member.erase`` entry, so redacting outside an erasure shows too.
    """
    problems: list[ChainProblem] = []
    expected_seq, prev = 1, GENESIS_HASH
    unaccounted: dict[int, tuple[int, set[str]]] = {}  # seq -> (entry id, redacted paths no erasure names yet)
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000))
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, entry.id, "gap"))
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, entry.id, "link"))
        digests = entry.digests()
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
            digests=digests,
        )
        if digests is None or digest != entry.hash:
            problems.append(ChainProblem(entry.seq, entry.id, "hash"))
        if entry.redacted:
            unaccounted[entry.seq] = (entry.id, set(entry.redacted))
        if entry.action == ERASE_ACTION:
            _account_for(unaccounted, entry.after)
        expected_seq, prev = entry.seq + 1, entry.hash
    problems += [ChainProblem(seq, entry_id, "redacted") for seq, (entry_id, _) in unaccounted.items()]
    return sorted(problems, key=lambda problem: problem.seq)


def _account_for(unaccounted: dict[int, tuple[int, set[str]]], erase_summary: dict[str, Any] | None) -> None:
    """Strike the paths a ``member.erase`` entry says it redacted from the earlier entries still waiting for one."""
    named = (erase_summary or {}).get("redacted")
    if not isinstance(named, dict):
        return
    for seq, paths in named.items():
        waiting = unaccounted.get(int(seq)) if str(seq).isdigit() else None
        if waiting is not None and isinstance(paths, list):
            waiting[1].difference_update(map(str, paths))
            if not waiting[1]:
                del unaccounted[int(seq)]


def unsealed_count(session: Session) -> int:
    """Entries written before personal values were sealed (migration 0003): erasure cannot remove what they hold."""
    return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.personal.is_(None))) or 0
