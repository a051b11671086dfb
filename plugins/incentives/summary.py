"""A member's points explained: earned, spent, expired and the balance they leave.

*Earned* is what incentives credited (service and bonuses) less reversals of
those credits: the figure star levels may read, never the balance. A
reversal counts under the transfer it reverses, and in that transfer's window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from linli.core.ledger import Account, Posting, Transfer
from linli.core.services import chunks

from linli.plugins.incentives.accounts import PRODUCER, UNIT

EARNING_CAUSES = frozenset({"service", "bonus"})


@dataclass(frozen=True)
class PointsSummary:
    earned: int = 0
    spent: int = 0  # everything else taken out, net of what came back (refunds)
    expired: int = 0

    @property
    def balance(self) -> int:
        return self.earned - self.spent - self.expired


def summaries(
    session: Session, member_ids: Iterable[int], *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> dict[int, PointsSummary]:
    """Per member (those with a points account), over transfers in [since, until) when given."""
    origin = aliased(Transfer)
    producer = func.coalesce(origin.produced_by, Transfer.produced_by)
    cause = func.coalesce(origin.cause, Transfer.cause)
    when = func.coalesce(origin.occurred_at, Transfer.occurred_at)
    query = (
        select(Account.owner, producer, cause, func.sum(Posting.amount))
        .join(Posting, Posting.account_id == Account.id)
        .join(Transfer, Transfer.id == Posting.transfer_id)
        .outerjoin(origin, origin.id == Transfer.reverses_id)
        .where(Account.kind == "member", Account.unit == UNIT)
        .group_by(Account.owner, producer, cause)
    )
    if since is not None:
        query = query.where(when >= since)
    if until is not None:
        query = query.where(when < until)
    sums: defaultdict[int, dict[str, int]] = defaultdict(lambda: {"earned": 0, "expired": 0, "other": 0})
    for chunk in chunks(str(member_id) for member_id in member_ids):
        for owner, made_by, why, amount in session.execute(query.where(Account.owner.in_(chunk))):
            mine = made_by == PRODUCER
            part = "earned" if mine and why in EARNING_CAUSES else "expired" if mine and why == "expiry" else "other"
            sums[int(owner)][part] += int(amount)
    return {member: PointsSummary(s["earned"], -s["other"], -s["expired"]) for member, s in sums.items()}
