"""Service points and the teams that staff them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core import Base, utcnow
from linli.core.models import OrgNode, Team

# Core's id type: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class ServicePoint(Base):
    """One point of the 15-minute service circle (a barber point, a teacher's home …), anchored to an org node.

    ``opening_hours`` is kept as residents read it on the door (周二、周四 8:30—11:30).
    """

    __tablename__ = "service_point"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(64), index=True)
    node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())

    node: Mapped[OrgNode] = relationship()
    staffing: Mapped[list[ServicePointTeam]] = relationship(order_by="ServicePointTeam.team_id", cascade="all, delete-orphan")

    def label(self) -> str:
        return f"{self.name}（{self.code}）"


class ServicePointTeam(Base):
    """A team that staffs a point; its members may accept the orders routed there."""

    __tablename__ = "service_point_team"

    point_id: Mapped[int] = mapped_column(Id, ForeignKey("service_point.id"), primary_key=True)
    team_id: Mapped[int] = mapped_column(Id, ForeignKey("team.id"), primary_key=True)

    team: Mapped[Team] = relationship()
