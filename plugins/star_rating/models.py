"""The star-rating tables: each member's current level and the history of every change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base

# Core's id type: BIGINT on PostgreSQL, INTEGER on SQLite so the key aliases the rowid.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


class StarLevel(Base):
    """A member's current level, kept by recompute; a member without a row is unrated (0 stars).

    ``metric_value`` is the metric in the current window (lifetime, or the
    rating year ``period`` so far). ``pending_stars`` is a promotion waiting
    for an operator's review when the program requires one.
    """

    __tablename__ = "star_level"
    __table_args__ = (Index("ix_star_level_stars", "stars"),)

    member_id: Mapped[int] = mapped_column(BIG_ID, ForeignKey("member.id"), primary_key=True, autoincrement=False)
    stars: Mapped[int] = mapped_column(SmallInteger)
    metric_value: Mapped[float]
    period: Mapped[int | None]
    reached_at: Mapped[dt.datetime]
    pending_stars: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    pending_since: Mapped[dt.datetime | None]


class StarHistory(Base):
    """One change of a member's level: when it was reached, on what value, approved by whom (None: by the rules)."""

    __tablename__ = "star_history"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(BIG_ID, ForeignKey("member.id"), index=True)
    stars: Mapped[int] = mapped_column(SmallInteger)
    previous: Mapped[int] = mapped_column(SmallInteger)
    reached_at: Mapped[dt.datetime]
    metric_value: Mapped[float]
    approved_by: Mapped[int | None] = mapped_column(BIG_ID, ForeignKey("operator.id"))
