"""The ledger's three tables: accounts, transfers and their postings.

Only postings are the truth; ``ledger_account.balance`` is a cache kept in
step by the posting code, and :func:`linli.core.ledger.check_invariants`
proves it. Rows are appended, never updated or deleted (the cached balance
aside): a correction is a new reversing transfer.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, intpk, timestamp
from linli.core.db.base import created_at as created_at_column

UNITS = ("points", "minutes")
"""Points are the spendable currency; minutes are the time bank's unit."""

KIND_MAX = 32
OWNER_MAX = 200
UNIT_MAX = 16
KEY_MAX = 200
CAUSE_MAX = 64
CAUSE_REF_MAX = 200
PRODUCER_MAX = 100


def account_label(kind: str, owner: str) -> str:
    """How people see an account in messages: ``member:42``."""
    return f"{kind}:{owner}"


class Account(Base):
    """Where an amount of one unit lives: a member's points, a community's issuer, a fund."""

    __tablename__ = "ledger_account"
    __table_args__ = (
        UniqueConstraint("kind", "owner", "unit"),
        # Defence in depth: even a raw UPDATE cannot leave a non-negative account below zero.
        CheckConstraint("allow_negative OR balance >= 0", name="balance_allowed"),
    )

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(KIND_MAX))
    owner: Mapped[str] = mapped_column(String(OWNER_MAX))
    unit: Mapped[str] = mapped_column(String(UNIT_MAX))
    allow_negative: Mapped[bool]
    balance: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    created_at: Mapped[created_at_column]

    @property
    def label(self) -> str:
        return account_label(self.kind, self.owner)


class Transfer(Base):
    """One movement of one unit between accounts, with why it happened and who caused it."""

    __tablename__ = "ledger_transfer"

    id: Mapped[intpk]
    idempotency_key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)
    unit: Mapped[str] = mapped_column(String(UNIT_MAX))
    cause: Mapped[str] = mapped_column(String(CAUSE_MAX))
    cause_ref: Mapped[str | None] = mapped_column(String(CAUSE_REF_MAX))
    produced_by: Mapped[str] = mapped_column(String(PRODUCER_MAX))
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    memo: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[timestamp]
    created_at: Mapped[created_at_column]
    # Who pressed the button; no foreign key so the ledger does not depend on the member tables.
    operator_id: Mapped[int | None] = mapped_column(BigInteger)
    # Unique: a transfer is reversed at most once, even by two racing operators.
    reverses_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("ledger_transfer.id"), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))

    postings: Mapped[list[Posting]] = relationship(back_populates="transfer", order_by="Posting.id")


class Posting(Base):
    """One leg of a transfer: a signed amount on one account. A transfer's postings sum to zero."""

    __tablename__ = "ledger_posting"
    __table_args__ = (
        # An account appears once per transfer; the index also serves "postings of a transfer".
        UniqueConstraint("transfer_id", "account_id"),
        Index("ix_ledger_posting_account_id_transfer_id", "account_id", "transfer_id"),
        CheckConstraint("amount <> 0", name="amount_nonzero"),
    )

    id: Mapped[intpk]
    transfer_id: Mapped[int] = mapped_column(BigId, ForeignKey("ledger_transfer.id"))
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("ledger_account.id"))
    amount: Mapped[int] = mapped_column(BigInteger)

    transfer: Mapped[Transfer] = relationship(back_populates="postings")


# Core (not ORM) handles for the bulk and balance statements.
account_table = cast(Table, Account.__table__)
transfer_table = cast(Table, Transfer.__table__)
posting_table = cast(Table, Posting.__table__)
