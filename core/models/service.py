"""Service records: a member's participation in an activity, from sign-up to approved hours."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.core.db.base import Base, BigId, created_at, intpk
from linli.core.errors import Refused
from linli.core.i18n import state_label
from linli.core.models.activities import Activity
from linli.core.models.members import Member

RecordState = Literal["signed_up", "checked_in", "checked_out", "approved", "rejected"]
RecordSource = Literal["self", "operator", "import", "paper_ledger"]
RECORD_SOURCES: tuple[RecordSource, ...] = ("self", "operator", "import", "paper_ledger")

# The only moves a record may make; approved and rejected are final, because
# approved hours are a permanent record (MCA Order No. 67) and a correction is a new record.
TRANSITIONS: dict[str, frozenset[str]] = {
    "signed_up": frozenset({"checked_in"}),
    "checked_in": frozenset({"checked_out"}),
    "checked_out": frozenset({"approved", "rejected"}),
    "approved": frozenset(),
    "rejected": frozenset(),
}


class ServiceRecord(Base):
    """One member at one activity.

    ``minutes`` is what was claimed (never more than the check-in/check-out
    span); ``approved_minutes`` is what review credited, after the activity's
    per-person cap. ``external_key`` identifies a record imported from elsewhere
    (a platform export, a paper ledger line) so a re-import adds nothing twice.
    """

    __tablename__ = "service_record"
    # One index for "a member's approved service": star levels seek a member's
    # hours since a date, and the district report reads every column it sums
    # from it in member order, never the table (migration 0004).
    __table_args__ = (Index("ix_service_record_member_service", "member_id", "state", "check_in_at", "approved_minutes", "activity_id"),)

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("member.id"))
    activity_id: Mapped[int] = mapped_column(BigId, ForeignKey("activity.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    check_in_at: Mapped[dt.datetime | None]
    check_out_at: Mapped[dt.datetime | None]
    minutes: Mapped[int | None]
    approved_minutes: Mapped[int | None]
    score: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("operator.id"))
    reviewed_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("operator.id"))
    reviewed_at: Mapped[dt.datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(Text)
    external_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # The registered person served, when there is one: service archives and
    # time-bank withdrawals (the served member's banked time pays) read it.
    served_member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("member.id"), index=True)
    created_at: Mapped[created_at]

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    activity: Mapped[Activity] = relationship()

    def check_move(self, state: RecordState) -> None:
        """Refuse a move the lifecycle does not allow, changing nothing."""
        if state not in TRANSITIONS[self.state]:
            raise Refused("service.illegal_transition", record=self.id, current=state_label("record", self.state), target=state_label("record", state))

    def move_to(self, state: RecordState) -> None:
        self.check_move(state)
        self.state = state

    def credited_minutes(self) -> int:
        """What approval credits: the claimed minutes, cut to the activity's per-person cap."""
        assert self.minutes is not None, "only checked-out records are credited"
        cap = self.activity.max_minutes_per_person
        return self.minutes if cap is None else min(self.minutes, cap)

    @property
    def span_minutes(self) -> int | None:
        """Whole minutes between check-in and check-out, the most that may be claimed."""
        if self.check_in_at is None or self.check_out_at is None:
            return None
        return int((self.check_out_at - self.check_in_at).total_seconds() // 60)

    def summary(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "activity_id": self.activity_id,
            "state": self.state,
            "source": self.source,
            "minutes": self.minutes,
            "approved_minutes": self.approved_minutes,
            "score": self.score,
            "reject_reason": self.reject_reason,
            "external_key": self.external_key,
        }
