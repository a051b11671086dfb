"""What a caller asks the ledger to record, checked before anything touches the database.

A :class:`TransferRequest` cannot exist unless it is a valid double-entry
transfer, so :func:`~linli.core.ledger.post` and
:func:`~linli.core.ledger.post_many` never start writing something they
must then undo for a reason known in advance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from linli.core.ledger.errors import LedgerError
from linli.core.ledger.models import CAUSE_MAX, CAUSE_REF_MAX, KEY_MAX, PRODUCER_MAX, UNITS, Account

# Amounts are stored as BigInteger; larger numbers would fail in the database instead of here.
MAX_AMOUNT = 2**63 - 1
# One encoder for every hash: ``json.dumps`` with options builds a new one per call (accruals hash thousands).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Leg:
    """A signed amount on one account: negative takes from it, positive gives to it."""

    account: Account
    amount: int


@dataclass(frozen=True)
class TransferRequest:
    """A transfer to record under an idempotency *key*; *occurred_at* defaults to the time of posting."""

    key: str
    unit: str
    legs: tuple[Leg, ...]
    cause: str
    produced_by: str = "core"
    cause_ref: str | None = None
    rule_ids: tuple[str, ...] = ()
    memo: str | None = None
    occurred_at: dt.datetime | None = None
    operator_id: int | None = None

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the request immutable and hashable.
        object.__setattr__(self, "legs", tuple(self.legs))
        object.__setattr__(self, "rule_ids", tuple(self.rule_ids))
        _validate(self)

    @classmethod
    def move(
        cls,
        key: str,
        source: Account,
        destination: Account,
        amount: int,
        *,
        cause: str,
        produced_by: str = "core",
        cause_ref: str | None = None,
        rule_ids: Iterable[str] = (),
        memo: str | None = None,
        occurred_at: dt.datetime | None = None,
        operator_id: int | None = None,
    ) -> TransferRequest:
        """The common two-leg transfer: *amount* (positive) from *source* to *destination*."""
        if not _is_amount(amount) or amount <= 0:
            raise LedgerError("ledger.bad_amount", amount=amount)
        return cls(
            key=key,
            unit=source.unit,
            legs=(Leg(source, -amount), Leg(destination, amount)),
            cause=cause,
            produced_by=produced_by,
            cause_ref=cause_ref,
            rule_ids=tuple(rule_ids),
            memo=memo,
            occurred_at=occurred_at,
            operator_id=operator_id,
        )


def content_hash(request: TransferRequest, reverses_id: int | None = None) -> str:
    """SHA-256 of what the transfer means, to tell a retry from a reused key.

    Leg order does not matter. *occurred_at* counts only when the caller gave
    it, so a retry that leaves it to default matches. The operator is left
    out: whoever retries, the same amounts move for the same cause.
    """
    content = {
        "unit": request.unit,
        "legs": sorted([leg.account.id, leg.amount] for leg in request.legs),
        "cause": request.cause,
        "cause_ref": request.cause_ref,
        "produced_by": request.produced_by,
        "rule_ids": list(request.rule_ids),
        "memo": request.memo,
        "occurred_at": request.occurred_at.astimezone(dt.UTC).isoformat() if request.occurred_at else None,
        "reverses_id": reverses_id,
    }
    canonical = _CANONICAL.encode(content)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def require_text(field: str, value: object, limit: int) -> None:
    """Refuse a blank or over-long name here, so SQLite and PostgreSQL refuse it alike."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise LedgerError("ledger.bad_text", field=field, limit=limit)


def _is_amount(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_AMOUNT


def _validate(request: TransferRequest) -> None:
    require_text("key", request.key, KEY_MAX)
    require_text("cause", request.cause, CAUSE_MAX)
    require_text("produced_by", request.produced_by, PRODUCER_MAX)
    if request.cause_ref is not None:
        require_text("cause_ref", request.cause_ref, CAUSE_REF_MAX)
    for rule_id in request.rule_ids:
        if not isinstance(rule_id, str) or not rule_id:
            raise LedgerError("ledger.bad_rule_id", rule_id=rule_id)
    if request.unit not in UNITS:
        raise LedgerError("ledger.unknown_unit", unit=request.unit, units=", ".join(UNITS))
    if request.occurred_at is not None and request.occurred_at.tzinfo is None:
        raise LedgerError("ledger.naive_time", value=request.occurred_at.isoformat())
    if len(request.legs) < 2:
        raise LedgerError("ledger.too_few_legs", count=len(request.legs))
    seen: set[int] = set()
    for leg in request.legs:
        if not _is_amount(leg.amount) or leg.amount == 0:
            raise LedgerError("ledger.bad_amount", amount=leg.amount)
        if leg.account.id is None:
            raise LedgerError("ledger.unsaved_account", account=leg.account.label)
        if leg.account.unit != request.unit:
            raise LedgerError(
                "ledger.unit_mismatch", account=leg.account.label, account_unit=leg.account.unit, unit=request.unit
            )
        if leg.account.id in seen:
            raise LedgerError("ledger.duplicate_account", account=leg.account.label)
        seen.add(leg.account.id)
    total = sum(leg.amount for leg in request.legs)
    if total != 0:
        raise LedgerError("ledger.unbalanced", total=total)
