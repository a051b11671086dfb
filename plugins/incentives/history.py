"""What came before each record of an accrual batch, fetched in bulk and only when a rule asks.

Bonus rules need each member's approved records outside the batch (one
grouped query); caps need those records per window with the points they
earned (one query over the batch's months and activities). Records of the
batch are added in Python, in service order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property

from sqlalchemy import String, and_, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from linli.core import SPANS, Accrual, ServiceFacts, Span, Window
from linli.core.ledger import Posting, Transfer
from linli.core.models import Activity, ServiceRecord
from linli.core.services import chunks

from linli.plugins.incentives.accounts import SERVICE_KEY_PREFIX

Group = tuple[int, Window]  # a member and one of their windows


class BatchHistory:
    """The :class:`linli.core.History` of one batch of accruals, given in service order."""

    def __init__(self, session: Session, accruals: Sequence[Accrual], zone: dt.tzinfo) -> None:
        self.session, self.accruals, self.zone = session, accruals, zone
        self.batch_ids = {accrual.facts.record_id for accrual in accruals}
        self.member_ids = sorted({accrual.facts.member_id for accrual in accruals})
        self.first_in_batch: dict[int, int] = {}
        for accrual in accruals:
            self.first_in_batch.setdefault(accrual.facts.member_id, accrual.facts.record_id)

    def is_first_service(self, facts: ServiceFacts) -> bool:
        return self.first_in_batch[facts.member_id] == facts.record_id and self.prior[facts.member_id][0] == 0

    def minutes_before(self, facts: ServiceFacts, span: Span | None = None) -> int:
        if span is None:
            return self.prior[facts.member_id][1] + self.batch_minutes[None][facts.record_id]
        return self.windows[(facts.member_id, facts.window(span))][0] + self.batch_minutes[span][facts.record_id]

    def points_before(self, facts: ServiceFacts, span: Span) -> Decimal:
        group = (facts.member_id, facts.window(span))
        earlier = Decimal(0)
        for accrual in self.grouped[span][group]:
            if accrual.facts.record_id == facts.record_id:
                break
            earlier += accrual.points
        return self.windows[group][1] + earlier

    @cached_property
    def prior(self) -> defaultdict[int, tuple[int, int]]:
        """Per member: approved records and minutes outside the batch."""
        counts: defaultdict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
        query = (
            select(ServiceRecord.member_id, func.count(), func.coalesce(func.sum(ServiceRecord.approved_minutes), 0))
            .where(ServiceRecord.state == "approved")
            .group_by(ServiceRecord.member_id)
        )
        for chunk in chunks(self.member_ids):
            for member_id, records, minutes in self.session.execute(query.where(ServiceRecord.member_id.in_(chunk))):
                counts[member_id] = (records, int(minutes))
        for accrual in self.accruals:  # the batch is approved already: take it out
            records, minutes = counts[accrual.facts.member_id]
            counts[accrual.facts.member_id] = (records - 1, minutes - accrual.facts.minutes)
        return counts

    @cached_property
    def windows(self) -> defaultdict[Group, tuple[int, Decimal]]:
        """Per member and window: approved minutes and service points of records outside the batch."""
        totals: defaultdict[Group, tuple[int, Decimal]] = defaultdict(lambda: (0, Decimal(0)))
        served = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at)
        lo, hi = self._months()
        activities = {accrual.facts.activity_id for accrual in self.accruals}
        key = literal(SERVICE_KEY_PREFIX) + cast(ServiceRecord.id, String)
        query = (
            select(ServiceRecord.id, ServiceRecord.member_id, ServiceRecord.activity_id, ServiceRecord.approved_minutes, served, Posting.amount)
            .join(Activity, Activity.id == ServiceRecord.activity_id)
            .outerjoin(Transfer, Transfer.idempotency_key == key)
            .outerjoin(Posting, and_(Posting.transfer_id == Transfer.id, Posting.amount > 0))
            .where(ServiceRecord.state == "approved", or_(and_(served >= lo, served < hi), ServiceRecord.activity_id.in_(activities)))
        )
        for chunk in chunks(self.member_ids):
            for record_id, member_id, activity_id, minutes, served_at, points in self.session.execute(query.where(ServiceRecord.member_id.in_(chunk))):
                if record_id in self.batch_ids:
                    continue
                served_on = served_at.astimezone(self.zone).date()
                for span in SPANS:
                    group = (member_id, Window.of(span, activity_id, served_on))
                    before_minutes, before_points = totals[group]
                    totals[group] = (before_minutes + (minutes or 0), before_points + (points or 0))
        return totals

    @cached_property
    def grouped(self) -> dict[Span, dict[Group, list[Accrual]]]:
        """The batch's accruals per member and window, in service order."""
        grouped: dict[Span, dict[Group, list[Accrual]]] = {}
        for span in SPANS:
            by_group: defaultdict[Group, list[Accrual]] = defaultdict(list)
            for accrual in self.accruals:
                by_group[(accrual.facts.member_id, accrual.facts.window(span))].append(accrual)
            grouped[span] = by_group
        return grouped

    @cached_property
    def batch_minutes(self) -> dict[Span | None, dict[int, int]]:
        """Per record: minutes of the member's earlier batch records in the same window (None: in all)."""
        result: dict[Span | None, dict[int, int]] = {}
        for span in (None, *SPANS):
            running: defaultdict[object, int] = defaultdict(int)
            before: dict[int, int] = {}
            for accrual in self.accruals:
                facts = accrual.facts
                group = facts.member_id if span is None else (facts.member_id, facts.window(span))
                before[facts.record_id] = running[group]
                running[group] += facts.minutes
            result[span] = before
        return result

    def _months(self) -> tuple[dt.datetime, dt.datetime]:
        """From the first day of the batch's first month to the first day after its last month (China time)."""
        days = [accrual.facts.served_on for accrual in self.accruals]
        first, last = min(days).replace(day=1), max(days).replace(day=1)
        after = (last + dt.timedelta(days=32)).replace(day=1)
        return (dt.datetime.combine(first, dt.time(), self.zone), dt.datetime.combine(after, dt.time(), self.zone))
