"""The ``blood_donation_bonus`` points rule kind, and the donations it pays.

A rule kind sees only the accruals of the batch being approved, not the
database. So this plugin wraps ``linli_service_approved``: before the
incentives plugin runs its rules it loads the approving members' unsettled
donations into a context variable, and after them it writes down what each
donation was paid. Everything happens inside the approving transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update

from linli.core import Accrual, Context, History, PointsRule, PointsRuleKind

from linli_blood_donation.models import BloodDonation

SECTION = "blood_donation"
DEFAULT_MIN_ML = 200


@dataclass
class Batch:
    """The unsettled donations of one approval's members, and what the rule decides for them."""

    points: int
    cap: int | None
    min_ml: int
    waiting: dict[int, list[BloodDonation]]  # member id → unsettled donations, oldest first
    paid_in_year: dict[tuple[int, int], int]  # (member id, year) → bonus points already paid
    settled: dict[int, int] = field(default_factory=dict)  # donation id → points paid

    def award(self, donation: BloodDonation) -> int:
        """The bonus for *donation*, within its year's cap; noted as settled."""
        year = (donation.member_id, donation.donated_on.year)
        paid = self.paid_in_year.get(year, 0)
        room = self.points if self.cap is None else max(0, min(self.points, self.cap - paid))
        points = room if donation.ml >= self.min_ml else 0
        self.paid_in_year[year] = paid + points
        self.settled[donation.id] = points
        return points


PENDING: ContextVar[Batch | None] = ContextVar("linli_blood_donation_pending", default=None)


def load_batch(ctx: Context, member_ids: set[int]) -> Batch:
    section: Mapping[str, Any] = ctx.program.section(SECTION) or {}
    session = ctx.session
    waiting: dict[int, list[BloodDonation]] = {}
    query = (
        select(BloodDonation)
        .where(BloodDonation.member_id.in_(member_ids), BloodDonation.bonus_points.is_(None))
        .order_by(BloodDonation.donated_on, BloodDonation.id)
    )
    for donation in session.scalars(query):
        waiting.setdefault(donation.member_id, []).append(donation)
    years = {d.donated_on.year for found in waiting.values() for d in found}
    paid: dict[tuple[int, int], int] = {}
    if years:
        year = func.extract("year", BloodDonation.donated_on)
        rows = session.execute(
            select(BloodDonation.member_id, year, func.sum(BloodDonation.bonus_points))
            .where(BloodDonation.member_id.in_(waiting), BloodDonation.bonus_points.is_not(None))
            .group_by(BloodDonation.member_id, year)
        )
        paid = {(member_id, int(y)): int(total) for member_id, y, total in rows}
    return Batch(section["points_per_donation"], section.get("yearly_cap"), section.get("min_ml", DEFAULT_MIN_ML), waiting, paid)


@contextmanager
def pending(ctx: Context, records: Sequence[Any]) -> Iterator[None]:
    """Make the members' unsettled donations visible to the rule while the block runs, then record the outcome."""
    batch = load_batch(ctx, {record.member_id for record in records})
    token = PENDING.set(batch)
    try:
        yield
    finally:
        PENDING.reset(token)
    for donation_id, points in batch.settled.items():
        ctx.session.execute(update(BloodDonation).where(BloodDonation.id == donation_id).values(bonus_points=points))


class BloodDonationBonus(PointsRuleKind):
    """Each unsettled donation of the member pays ``points_per_donation`` (from the section), once, capped per year.

    It is a bonus: a transfer of its own, keyed by the donation, so replaying
    an approval never pays a donation twice.
    """

    phase = "bonus"
    schema = {"type": "object", "properties": {}, "additionalProperties": False}

    def apply(self, rule: PointsRule, accruals: Sequence[Accrual], history: History) -> None:
        batch = PENDING.get()
        if batch is None:  # an approval this plugin did not see (it is disabled): nothing loaded, nothing paid
            return
        for accrual in accruals:
            for donation in batch.waiting.pop(accrual.facts.member_id, []):
                if points := batch.award(donation):
                    accrual.grant(rule.id, Decimal(points), occasion=f"donation:{donation.id}")
