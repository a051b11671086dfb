"""The organization tree (中心 → 站 → 楼栋小组 …) and the teams that cut across it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, code_str, created_at, intpk, name_str

if TYPE_CHECKING:
    from linli.core.models.members import Member

# Paths hold ids and "/" only; PostgreSQL must compare them bytewise (collation "C")
# so the btree index serves the range that selects a subtree, whatever the database locale.
PathType = String(1024).with_variant(String(1024, collation="C"), "postgresql")


class OrgNode(Base):
    """One node of the organization tree, at a level the program names.

    ``path`` is the materialized path of ids from the root, e.g. ``/1/5/23/``:
    a whole subtree is one indexed range query, whatever its depth.
    """

    __tablename__ = "org_node"

    id: Mapped[intpk]
    code: Mapped[code_str] = mapped_column(unique=True)
    name: Mapped[name_str]
    level: Mapped[code_str]
    residents: Mapped[int | None]
    parent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    path: Mapped[str] = mapped_column(PathType, index=True)
    created_at: Mapped[created_at]

    parent: Mapped[OrgNode | None] = relationship(remote_side="OrgNode.id", back_populates="children")
    children: Mapped[list[OrgNode]] = relationship(back_populates="parent", order_by="OrgNode.id")

    @property
    def depth(self) -> int:
        """0 for a root node."""
        return self.path.count("/") - 2

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]

    def label(self) -> str:
        """How messages name a node: its name and its code."""
        return f"{self.name}（{self.code}）"

    def contains(self, other: OrgNode) -> bool:
        """True when *other* is this node or below it."""
        return other.path.startswith(self.path)

    def subtree_clause(self) -> ColumnElement[bool]:
        """A WHERE clause on ``org_node`` selecting this node and its descendants."""
        return subtree_clause(self.path)

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level, "residents": self.residents, "parent_id": self.parent_id}


def subtree_clause(path: str) -> ColumnElement[bool]:
    # "/1/5/" <= p < "/1/50" holds exactly for paths starting with "/1/5/", because
    # "0" is the character right after "/"; a range, unlike LIKE, uses a plain index on both engines.
    upper = path[:-1] + chr(ord("/") + 1)
    return (OrgNode.path >= path) & (OrgNode.path < upper)


class Team(Base):
    """A special team (特色队伍): anchored to a node, members from anywhere.

    ``paired_node_id`` pairs a station with the team of a partner unit (一站一队);
    a node is paired with at most one team.
    """

    __tablename__ = "team"

    id: Mapped[intpk]
    name: Mapped[name_str]
    anchor_node_id: Mapped[int] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    partner_unit: Mapped[str | None] = mapped_column(String(200))
    paired_node_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("org_node.id"), unique=True)
    created_at: Mapped[created_at]

    anchor_node: Mapped[OrgNode] = relationship(foreign_keys=[anchor_node_id])
    paired_node: Mapped[OrgNode | None] = relationship(foreign_keys=[paired_node_id])
    memberships: Mapped[list[TeamMember]] = relationship(back_populates="team", cascade="all, delete-orphan")

    def label(self) -> str:
        return f"{self.name}（#{self.id}）"

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "anchor_node_id": self.anchor_node_id,
            "partner_unit": self.partner_unit,
            "paired_node_id": self.paired_node_id,
        }


class TeamMember(Base):
    __tablename__ = "team_member"
    __table_args__ = (Index("ix_team_member_member_id", "member_id"),)

    team_id: Mapped[int] = mapped_column(BigId, ForeignKey("team.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("member.id"), primary_key=True)
    joined_on: Mapped[dt.date] = mapped_column(Date)

    team: Mapped[Team] = relationship(back_populates="memberships")
    member: Mapped[Member] = relationship()
