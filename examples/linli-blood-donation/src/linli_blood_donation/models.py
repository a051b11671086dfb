"""The plugin's own table: one row per blood donation a member made."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, func
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base, utcnow

# Core's id type: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class BloodDonation(Base):
    """A donation, as the blood station's certificate (献血证) shows it.

    ``bonus_points`` stays NULL until the bonus rule has settled the donation
    (paid it, or paid less or nothing because of the yearly cap), so each
    donation is considered exactly once.
    """

    __tablename__ = "blood_donation"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), index=True)
    donated_on: Mapped[dt.date] = mapped_column(Date)
    ml: Mapped[int] = mapped_column(Integer)
    operator_id: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    bonus_points: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
