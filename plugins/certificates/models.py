"""The archive of issued certificates: every 志愿服务证明, its number and the hash of what was issued."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from linli.core import Base, utcnow

# Core's id type: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Certificate(Base):
    """One issued certificate, kept whole so a copy shown later can be checked against ``content_hash``.

    An HTML certificate is kept as text in ``content``, a PDF one as bytes in
    ``document``; ``content_hash`` is the SHA-256 of the bytes issued.
    ``period`` is the year certified, or ``all``.
    """

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("member.id"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    operator_id: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(8), server_default="html")
    content: Mapped[str | None] = mapped_column(Text)
    document: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())

    @property
    def issued(self) -> bytes:
        """The bytes handed out, whatever the format."""
        return self.document if self.document is not None else (self.content or "").encode("utf-8")
