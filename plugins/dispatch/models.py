"""Dispatch tables: the people served, their needs, the orders made from them and each order's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, SmallInteger, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core import Base, utcnow
from linli.core.models import Member, OrgNode

# Core's id type: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


def _created() -> Any:
    return mapped_column(default=utcnow, server_default=func.current_timestamp())


class Requester(Base):
    """A resident or household served (服务对象), often not a registered volunteer.

    ``member_id`` links the person to a member with the same phone, so the
    service record's ``served_member_id`` can be set (time-bank withdrawals
    read it). The phone is kept whole for the station to call back; every
    list and the audit log show it masked.
    """

    __tablename__ = "dispatch_requester"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(11), index=True)
    node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    member_id: Mapped[int | None] = mapped_column(Id, ForeignKey("member.id"), index=True)
    created_at: Mapped[dt.datetime] = _created()

    node: Mapped[OrgNode] = relationship()
    member: Mapped[Member | None] = relationship()


class Need(Base):
    """One need (需求) of a requester, as asked for (点单), taken at the door (开门询单) or surveyed.

    A need is open while it has no live order: an order cancelled for good
    reason leaves the need waiting for another.
    """

    __tablename__ = "dispatch_need"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    requester_id: Mapped[int] = mapped_column(Id, ForeignKey("dispatch_requester.id"), index=True)
    node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(64))
    preferred_time: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(16))
    survey_year: Mapped[int | None] = mapped_column(index=True)
    raised_at: Mapped[dt.datetime]
    taken_by: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    created_at: Mapped[dt.datetime] = _created()

    requester: Mapped[Requester] = relationship()
    node: Mapped[OrgNode] = relationship()


class Order(Base):
    """A service order (工单) made from a need by a station or the centre (制单).

    ``made_by_node_id`` is the node that made it; ``queue_node_id`` the node
    whose queue holds it now (escalation moves it up), whose subtree's
    volunteers may accept it, together with the members of ``team_id`` when
    the order was routed to a service point.
    """

    __tablename__ = "dispatch_order"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    need_id: Mapped[int] = mapped_column(Id, ForeignKey("dispatch_need.id"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    made_by_node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    queue_node_id: Mapped[int] = mapped_column(Id, ForeignKey("org_node.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(Id, ForeignKey("team.id"))
    routed_to: Mapped[str | None] = mapped_column(String(200))
    urgency: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    member_id: Mapped[int | None] = mapped_column(Id, ForeignKey("member.id"), index=True)
    accept_by: Mapped[dt.datetime | None]
    escalations: Mapped[int] = mapped_column(SmallInteger, default=0)
    activity_id: Mapped[int | None] = mapped_column(Id, ForeignKey("activity.id"))
    record_id: Mapped[int | None] = mapped_column(Id, ForeignKey("service_record.id"), unique=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _created()

    need: Mapped[Need] = relationship()
    node: Mapped[OrgNode] = relationship(foreign_keys=[node_id])
    made_by_node: Mapped[OrgNode] = relationship(foreign_keys=[made_by_node_id])
    queue_node: Mapped[OrgNode] = relationship(foreign_keys=[queue_node_id])
    member: Mapped[Member | None] = relationship()

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps about an order's state (no personal data)."""
        return {
            "state": self.state,
            "member_id": self.member_id,
            "queue_node_id": self.queue_node_id,
            "accept_by": self.accept_by.isoformat() if self.accept_by else None,
            "escalations": self.escalations,
        }


class OrderEvent(Base):
    """One transition of an order, with when it happened: the timeline ``show`` prints and the SLA report measures."""

    __tablename__ = "dispatch_order_event"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(Id, ForeignKey("dispatch_order.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime]
    operator_id: Mapped[int] = mapped_column(Id, ForeignKey("operator.id"))
    member_id: Mapped[int | None] = mapped_column(Id, ForeignKey("member.id"))
    node_id: Mapped[int | None] = mapped_column(Id, ForeignKey("org_node.id"))
    note: Mapped[str | None] = mapped_column(Text)
