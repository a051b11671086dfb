"""Which of a member's points are still unspent, and when each lot of them expires.

Every credit to a member's points account is a *lot*, dated by its
transfer's ``occurred_at`` (for service points: when the service took
place), in China time. Every debit — spending, an earlier expiry, a
correction — consumes the oldest lots first (FIFO), except that reversing a
credit first takes back what is left of that very credit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass
class Lot:
    transfer_id: int
    earned_on: dt.date
    remaining: int


@dataclass(frozen=True)
class Entry:
    """One posting on the account, in the order of the timeline (occurred_at, transfer id)."""

    transfer_id: int
    on: dt.date
    amount: int
    reverses_id: int | None


def unspent(entries: Iterable[Entry]) -> list[Lot]:
    """The lots left after every debit consumed its share, oldest first."""
    lots: list[Lot] = []
    by_transfer: dict[int, Lot] = {}
    for entry in entries:
        if entry.amount > 0:
            lot = Lot(entry.transfer_id, entry.on, entry.amount)
            lots.append(lot)
            by_transfer[lot.transfer_id] = lot
            continue
        owed = -entry.amount
        reversed_lot = by_transfer.get(entry.reverses_id) if entry.reverses_id is not None else None
        for lot in ([reversed_lot] if reversed_lot else []) + lots:
            taken = min(owed, lot.remaining)
            lot.remaining -= taken
            owed -= taken
            if not owed:
                break
        lots = [lot for lot in lots if lot.remaining]
    return lots


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day *months* later, or that month's last day (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_day(earned_on: dt.date, expiry: Mapping[str, Any]) -> dt.date | None:
    """The first day on which points earned on *earned_on* are expired; None when they never expire.

    ``months``: N months after earning (earned 15 March with 12 months →
    expired from 15 March next year). ``year_end``: after 31 December of the
    year earned (expired from 1 January).
    """
    policy = expiry.get("policy", "none")
    if policy == "months":
        return add_months(earned_on, expiry["months"])
    if policy == "year_end":
        return dt.date(earned_on.year + 1, 1, 1)
    return None


def expired_points(entries: Iterable[Entry], expiry: Mapping[str, Any], as_of: dt.date) -> int:
    """What is left of the lots that are expired on *as_of*."""
    total = 0
    for lot in unspent(entries):
        day = expiry_day(lot.earned_on, expiry)
        if day is not None and day <= as_of:
            total += lot.remaining
    return total
