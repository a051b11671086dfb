"""Redemptions (one per pickup code) and the per-member counters behind purchase limits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base

Id = BigInteger().with_variant(Integer(), "sqlite")
STATES = ("issued", "verified", "cancelled", "expired")


class Redemption(Base):
    """A member's redemption of an item: the points moved, the code issued, and what became of it.

    ``state`` goes issued → verified | cancelled | expired, once. ``code`` is
    the pickup code, stored plain (unique): a retried request must be able to
    hand the same code back, and a code alone is worth nothing without the
    merchant's clerk. Item, merchant and nodes are copied as they were, so
    settlements of past periods do not change when the catalogue does.
    """

    __tablename__ = "redemption"
    __table_args__ = (Index("ix_redemption_state_expires_at", "state", "expires_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    request_key: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), index=True)
    member_node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"))
    item: Mapped[str] = mapped_column(String(64), index=True)
    item_name: Mapped[str] = mapped_column(String(200))
    merchant: Mapped[str] = mapped_column(String(64), index=True)
    merchant_name: Mapped[str] = mapped_column(String(200))
    merchant_node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"))
    quantity: Mapped[int]
    points: Mapped[int] = mapped_column(BigInteger)
    cny_fen: Mapped[int] = mapped_column(BigInteger)
    limit_period: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[dt.datetime]
    issued_by: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    expires_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[int | None] = mapped_column(Id, ForeignKey("operator.id"))
    transfer_id: Mapped[int | None] = mapped_column(Id, ForeignKey("ledger_transfer.id"))
    reversal_id: Mapped[int | None] = mapped_column(Id, ForeignKey("ledger_transfer.id"))


class RedemptionTally(Base):
    """Units of one item a member redeemed in one limit period (``2026-11``, ``2026-W45``, ``ever`` …).

    One row per member, item and period, raised by a conditional UPDATE that
    never passes the limit: two concurrent redemptions cannot both take the
    last unit of a member's allowance. Cancelled and expired redemptions give
    their units back.
    """

    __tablename__ = "redemption_tally"

    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger)
