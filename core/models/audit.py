"""The append-only audit log, chained by hashes so an edited or deleted row shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.core.db.base import Base, BigId, intpk

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    """Who did what to which thing, with masked before/after summaries.

    ``seq`` numbers the chain (unique, so two writers can never fork it);
    ``hash = sha256(prev_hash + canonical JSON of the entry)``.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target_kind_target_id", "target_kind", "target_id"),)

    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime]
    operator_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("operator.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    target_kind: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def jsonable(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """*summary* as it reads back from a JSON column (dates become ISO strings), so hashes match."""
    if summary is None:
        return None
    readable: dict[str, Any] = json.loads(json.dumps(summary, ensure_ascii=False, default=_json_default))
    return readable


def canonical_json(fields: dict[str, Any]) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(
    prev_hash: str,
    *,
    seq: int,
    at: dt.datetime,
    operator_id: int | None,
    action: str,
    target_kind: str,
    target_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            # PostgreSQL returns timestamps in the session's zone; hash the UTC instant.
            "at": at.astimezone(dt.UTC).isoformat(),
            "operator_id": operator_id,
            "action": action,
            "target_kind": target_kind,
            "target_id": target_id,
            "before": before,
            "after": after,
        }
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-serializable in an audit summary")
