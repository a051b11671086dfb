"""The one table: points a fund backed beyond its budget, allowed because the fund flags rather than refuses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base, utcnow

Id = BigInteger().with_variant(Integer(), "sqlite")


class FundFlag(Base):
    """One credit (by its ledger key) that took a fund over its budget for the period, and by how much.

    ``occurred_at`` is the credit's date (when the service took place), so a
    settlement of that period lists it; the key is unique because a credit
    is posted once.
    """

    __tablename__ = "fund_flag"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    fund: Mapped[str] = mapped_column(String(64), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    transfer_key: Mapped[str] = mapped_column(String(200), unique=True)
    points: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[dt.datetime]
    flagged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
