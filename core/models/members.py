"""Registered volunteers and their tags."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import JSON, Date, ForeignKey, Index, String, text
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, code_str, created_at, intpk
from linli.core.idcard import mask_id_number
from linli.core.models.orgs import OrgNode
from linli.core.phone import mask_mobile

Gender = Literal["male", "female"]
Channel = Literal["door", "online", "import"]
MemberStatus = Literal["active", "suspended", "left"]

GENDERS: tuple[Gender, ...] = ("male", "female")
# The keys of Member.summary() that describe the person, sealed in the audit log so erasure can remove them.
PERSONAL_KEYS = frozenset({"name", "phone", "id_number", "gender", "birth_date", "tags", "skills", "willingness"})
CHANNELS: tuple[Channel, ...] = ("door", "online", "import")
MEMBER_STATUSES: tuple[MemberStatus, ...] = ("active", "suspended", "left")


class Member(Base):
    """A registered volunteer.

    The full ID number is kept for certificates (民发〔2015〕149号) but lists show
    :attr:`masked_id`; ``id_tail`` (its last four characters) lets a clerk find
    a person without seeing or typing the whole number.
    """

    __tablename__ = "member"
    # Search as you type at district scale (core/services/member_search.py): a name prefix
    # is a range on ix_member_name, whose id column serves a page of namesakes without a
    # sort; a phone's last four digits (what lists show unmasked) are an equality on this
    # expression, the same on SQLite and PostgreSQL because every stored phone has 11 characters.
    __table_args__ = (Index("ix_member_name", "name", "id"), Index("ix_member_phone_tail", text("substr(phone, 8)")))

    id: Mapped[intpk]
    # Code-point order on PostgreSQL whatever the database's collation: search's prefix ranges
    # (core/services/member_search.py) are exact only in that order. SQLite always sorts so.
    name: Mapped[str] = mapped_column(String(200).with_variant(String(200, collation="C"), "postgresql"))
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    id_tail: Mapped[str | None] = mapped_column(String(4), index=True)
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    home_node_id: Mapped[int] = mapped_column(BigId, ForeignKey("org_node.id"), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    willingness: Mapped[list[str]] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(16))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Who brought this volunteer in: referral bonuses (e.g. Hailin's) read it.
    referred_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("member.id"))
    created_at: Mapped[created_at]

    home_node: Mapped[OrgNode] = relationship()
    tag_rows: Mapped[list[MemberTag]] = relationship(cascade="all, delete-orphan", order_by="MemberTag.tag")
    tags: AssociationProxy[list[str]] = association_proxy("tag_rows", "tag", creator=lambda tag: MemberTag(tag=tag))

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    @property
    def masked_id(self) -> str | None:
        return mask_id_number(self.id_number) if self.id_number else None

    def label(self) -> str:
        """How messages name a member: name and masked phone, never the full number."""
        return f"{self.name}（{self.masked_phone}）"

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps about a member: masked, JSON-ready; :data:`PERSONAL_KEYS` are erasable."""
        return {
            "name": self.name,
            "phone": self.masked_phone,
            "id_number": self.masked_id,
            "gender": self.gender,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "home_node_id": self.home_node_id,
            "tags": sorted(self.tags),
            "skills": list(self.skills),
            "willingness": list(self.willingness),
            "channel": self.channel,
            "status": self.status,
        }


class MemberTag(Base):
    """One tag (a key of ``program.member_tags``) on a member, e.g. party_member."""

    __tablename__ = "member_tag"
    # Lookups go from a tag to its members ("party members under this station").
    __table_args__ = (Index("ix_member_tag_tag_member_id", "tag", "member_id"),)

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[code_str] = mapped_column(primary_key=True)
