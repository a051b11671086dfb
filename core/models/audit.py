"""The append-only audit log, chained by hashes so an edited or deleted row shows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.core.db.base import Base, BigId, intpk

GENESIS_HASH = "0" * 64
# What an erased personal value reads as; its digest stays in ``redacted``.
REDACTED = "已注销"


class AuditEntry(Base):
    """Who did what to which thing, with masked before/after summaries.

    ``seq`` numbers the chain (unique, so two writers can never fork it);
    ``hash = sha256(prev_hash + canonical JSON of the entry)``, where each
    personal value (a path of ``personal``) is hashed as its salted digest,
    so erasing the value later (:meth:`redact`) keeps the chain verifiable.
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
    # Paths ("after.name") of the personal values in before/after; NULL on entries written before 0003, which stay as written.
    personal: Mapped[list[str] | None] = mapped_column(JSON)
    # One salt per value, not per entry: erasing one person's value from an entry shared
    # with another must leave no salt with which a guess of the erased value could be confirmed.
    salts: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))
    # path -> digest of each erased value, standing in for it in the hash.
    redacted: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))

    def digests(self) -> dict[str, str] | None:
        """:func:`personal_digests` of this entry."""
        return personal_digests(self.before, self.after, self.personal, self.salts, self.redacted)

    def redact(self, keys: Collection[str] | None = None) -> list[str]:
        """Erase the personal values still held (only those under summary *keys*, if given); returns their paths.

        Each value's digest moves to ``redacted`` and its salt is deleted, so
        the chain still verifies and nothing left can confirm a guessed value.
        """
        digests = self.digests() or {}
        salts = dict(self.salts or {})
        paths = [path for path in salts if path in digests and (keys is None or path.partition(".")[2] in keys)]
        if not paths:
            return []
        # JSON columns track assignment, not mutation: build new values.
        summaries = {"before": dict(self.before or {}), "after": dict(self.after or {})}
        for path in paths:
            side, _, key = path.partition(".")
            summaries[side][key] = REDACTED
            del salts[path]
        self.before = summaries["before"] if self.before is not None else None
        self.after = summaries["after"] if self.after is not None else None
        self.salts = salts or None
        self.redacted = (self.redacted or {}) | {path: digests[path] for path in paths}
        return paths


def jsonable(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """*summary* as it reads back from a JSON column (dates become ISO strings), so hashes match."""
    if summary is None:
        return None
    readable: dict[str, Any] = json.loads(json.dumps(summary, ensure_ascii=False, default=_json_default))
    return readable


def canonical_json(fields: Any) -> str:
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
    digests: Mapping[str, str] | None = None,
) -> str:
    """The entry's hash, each personal value replaced by its digest (*digests*: path -> digest).

    An entry without personal values hashes as before 0003, so older entries verify unchanged.
    """
    fields: dict[str, Any] = {
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
    if digests:
        for path, digest in digests.items():
            side, _, key = path.partition(".")
            fields[side] = {**fields[side], key: digest}
        fields["personal"] = sorted(digests)
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode()).hexdigest()


def value_digest(salt: str, path: str, value: Any) -> str:
    """What the chain hashes in place of a personal value (salted: names are few enough to try them all)."""
    return hashlib.sha256(canonical_json([salt, path, value]).encode()).hexdigest()


def seal(before: dict[str, Any] | None, after: dict[str, Any] | None, keys: Collection[str]) -> dict[str, str]:
    """A fresh salt for each value under a personal summary key (path -> salt); None values hold nothing and are left out."""
    summaries = {"before": before, "after": after}
    return {
        f"{side}.{key}": secrets.token_hex(16)
        for side, summary in summaries.items()
        if summary
        for key in sorted(keys)
        if summary.get(key) is not None
    }


def personal_digests(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    personal: list[str] | None,
    salts: dict[str, str] | None,
    redacted: dict[str, str] | None,
) -> dict[str, str] | None:
    """Each personal path's digest, from its salt and value or as stored once redacted.

    None when the columns do not fit together (a path with neither a salt nor
    a digest, or both; a stray salt or digest; a redacted value that is not
    :data:`REDACTED`): the entry was altered and cannot be verified.
    """
    summaries = {"before": before, "after": after}
    salts, redacted = salts or {}, redacted or {}
    digests: dict[str, str] = {}
    for path in personal or []:
        side, _, key = path.partition(".")
        summary = summaries.get(side)
        if not isinstance(summary, dict) or key not in summary or (path in salts) == (path in redacted):
            return None
        if path in redacted:
            if summary[key] != REDACTED:
                return None
            digests[path] = redacted[path]
        else:
            digests[path] = value_digest(salts[path], path, summary[key])
    if set(salts) | set(redacted) != set(digests):
        return None
    return digests


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-serializable in an audit summary")
