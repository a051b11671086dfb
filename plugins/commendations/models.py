"""Who was commended with which title, for which period, where, and on whose decision; and titles other organizations conferred."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base, utcnow

# Like core's keys: BIGINT on PostgreSQL, INTEGER on SQLite so the id aliases the rowid.
Id = BigInteger().with_variant(Integer(), "sqlite")
STATUSES = ("draft", "confirmed")


class Commendation(Base):
    """One winner of one award for one period, ranked within one node (None: the whole program).

    A selection is recorded as a draft, which re-running the selection
    replaces (late approvals change the ranking); once confirmed, the rows
    are the record and a re-run is refused. The title is kept as it was
    conferred, so renaming an award later does not rewrite history.
    """

    __tablename__ = "commendation"
    # Also the index behind "this award's list for this period".
    __table_args__ = (UniqueConstraint("award", "period", "node_id", "rank"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    award: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), index=True)
    node_id: Mapped[int | None] = mapped_column(Id, ForeignKey("org_node.id"))
    rank: Mapped[int]
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float]
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[dt.datetime]
    decided_by: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    confirmed_at: Mapped[dt.datetime | None]
    confirmed_by: Mapped[int | None] = mapped_column(Id, ForeignKey("operator.id"))


class ReceivedTitle(Base):
    """A title another organization conferred, kept as its records said (``linli records import``).

    Never decided or changed here: it travels on with the member's record.
    The unique key makes importing the same file again keep nothing twice.
    """

    __tablename__ = "received_title"
    __table_args__ = (UniqueConstraint("member_id", "conferred_by", "award", "period", "scope"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), index=True)
    conferred_by: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(100))
    award: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int]
    conferred_on: Mapped[dt.date] = mapped_column(Date)
    received_from: Mapped[str] = mapped_column(String(200))  # the organization whose export carried it
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
