"""Merchants and their catalogue items; stock is the one column that changes with every redemption.

Money is kept in fen (CNY cents) and hours in minutes, as integers, so
settlement sums are exact on both engines.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, CheckConstraint, Date, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core import Base, utcnow

Id = BigInteger().with_variant(Integer(), "sqlite")
ORIGINS = ("program", "import")


class Merchant(Base):
    """A merchant of the alliance; ``origin`` says whether the program file or an import declares it."""

    __tablename__ = "merchant"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(100))
    nodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    clerks: Mapped[list[str]] = mapped_column(JSON, default=list)
    active_from: Mapped[dt.date | None] = mapped_column(Date)
    active_until: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)
    origin: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    items: Mapped[list[CatalogueItem]] = relationship(back_populates="merchant", order_by="CatalogueItem.code")


class CatalogueItem(Base):
    """Goods, a service or a privilege with its price, stock, limits, validity and eligibility.

    ``stock`` is what is left (NULL: unlimited); ``stock_declared`` the total
    last declared, so declaring more later adds the difference (a restock).
    An item is never deleted (redemptions name it); it is deactivated.
    """

    __tablename__ = "catalogue_item"
    __table_args__ = (CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    merchant_id: Mapped[int] = mapped_column(Id, ForeignKey("merchant.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    price: Mapped[int] = mapped_column(BigInteger)
    cny_fen: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int | None] = mapped_column(BigInteger)
    stock_declared: Mapped[int | None] = mapped_column(BigInteger)
    limit_count: Mapped[int | None] = mapped_column(Integer)
    limit_per: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    min_stars: Mapped[int | None] = mapped_column(SmallInteger)
    min_minutes: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    within: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    origin: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    merchant: Mapped[Merchant] = relationship(back_populates="items")
