"""The project library (项目库) and the activities held, often from a project."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, code_str, created_at, intpk
from linli.core.models.orgs import OrgNode, Team

ActivityKind = Literal["service", "training"]
ACTIVITY_KINDS: tuple[ActivityKind, ...] = ("service", "training")


class Project(Base):
    """A library entry: a kind of service a node or team offers again and again."""

    __tablename__ = "project"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[code_str]
    host_node_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    host_team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("team.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]

    host_node: Mapped[OrgNode | None] = relationship()
    host_team: Mapped[Team | None] = relationship()


class Activity(Base):
    """One occurrence of service or training, with its time, place and seats.

    ``max_minutes_per_person`` caps the minutes credited to each participant
    (e.g. Hailin's two hours per activity); training attendance is recorded
    like service so it appears in the member's record.
    """

    __tablename__ = "activity"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[code_str]
    kind: Mapped[str] = mapped_column(String(16), default="service")
    project_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("project.id"), index=True)
    host_node_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    host_team_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("team.id"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    place: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="planned")
    max_minutes_per_person: Mapped[int | None]
    people_served: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[created_at]

    project: Mapped[Project | None] = relationship()
    host_node: Mapped[OrgNode | None] = relationship()
    host_team: Mapped[Team | None] = relationship()

    @property
    def organizer_node(self) -> OrgNode:
        """The node whose admins run this activity: the host node, else the team's anchor."""
        if self.host_node is not None:
            return self.host_node
        assert self.host_team is not None, "an activity has a host node or a host team"
        return self.host_team.anchor_node

    def label(self) -> str:
        return f"{self.title}（#{self.id}）"

    def summary(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "category": self.category,
            "kind": self.kind,
            "project_id": self.project_id,
            "host_node_id": self.host_node_id,
            "host_team_id": self.host_team_id,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "capacity": self.capacity,
            "status": self.status,
            "max_minutes_per_person": self.max_minutes_per_person,
            "people_served": self.people_served,
        }
