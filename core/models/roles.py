"""Roles held by members at org nodes (站长, 楼栋长, 卫生员 …)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, code_str, created_at, intpk
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode


class RoleAssignment(Base):
    """A member holding a role (a key of ``program.roles``) at a node.

    Ending a role sets ``ended_on``; the row stays, so who held what when is history.
    """

    __tablename__ = "role_assignment"
    __table_args__ = (Index("ix_role_assignment_node_id_role", "node_id", "role"),)

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("member.id"), index=True)
    node_id: Mapped[int] = mapped_column(BigId, ForeignKey("org_node.id"))
    role: Mapped[code_str]
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[created_at]

    member: Mapped[Member] = relationship()
    node: Mapped[OrgNode] = relationship()

    @property
    def active(self) -> bool:
        return self.ended_on is None

    def summary(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "node_id": self.node_id,
            "role": self.role,
            "started_on": self.started_on.isoformat(),
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
        }
