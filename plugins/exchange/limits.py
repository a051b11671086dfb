"""Per-member purchase limits (每人每月限兑 1 次 …), safe under concurrent redemptions.

Each member, item and period has one counter row. Taking units is one
conditional UPDATE (``units + q <= limit``) whose row count says yes or no:
on PostgreSQL a concurrent taker waits for the row lock and re-checks
against the committed count, on SQLite writers take turns. The row is
created by the first redemption of the period; two first redemptions racing
to create it meet at the primary key, and the loser takes the UPDATE path.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from linli.core import Refused

from linli.plugins.exchange.models import RedemptionTally

EVER = "ever"


def period_key(per: str, day: dt.date) -> str:
    """The limit period holding *day*: ``2026-11-03``, ``2026-W45``, ``2026-11``, ``2026`` or ``ever``."""
    if per == "day":
        return day.isoformat()
    if per == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if per == "month":
        return f"{day.year}-{day.month:02d}"
    if per == "year":
        return str(day.year)
    return EVER


def take_allowance(session: Session, member_id: int, item: str, period: str, quantity: int, limit: int, *, label: str, name: str) -> None:
    """Count *quantity* units against the member's limit, or refuse naming how many are left."""
    for _ in range(2):
        if _bump(session, member_id, item, period, quantity, limit):
            return
        used = session.scalar(_units(member_id, item, period))
        if used is not None or quantity > limit:
            raise Refused("exchange.limit_reached", member=label, item=name, limit=limit, period=period, used=used or 0, quantity=quantity)
        try:
            with session.begin_nested():
                session.add(RedemptionTally(member_id=member_id, item=item, period=period, units=quantity))
            return
        except IntegrityError:
            continue  # a concurrent first redemption of the period created the row: count on it
    raise AssertionError("unreachable: the counter row exists after a failed insert")


def give_back(session: Session, member_id: int, item: str, period: str, quantity: int) -> None:
    """Return the units of a cancelled or expired redemption to the member's allowance."""
    statement = (
        update(RedemptionTally)
        .where(RedemptionTally.member_id == member_id, RedemptionTally.item == item, RedemptionTally.period == period)
        .values(units=RedemptionTally.units - quantity)
        .execution_options(synchronize_session=False)
    )
    session.execute(statement)


def _bump(session: Session, member_id: int, item: str, period: str, quantity: int, limit: int) -> bool:
    statement = (
        update(RedemptionTally)
        .where(
            RedemptionTally.member_id == member_id,
            RedemptionTally.item == item,
            RedemptionTally.period == period,
            RedemptionTally.units + quantity <= limit,
        )
        .values(units=RedemptionTally.units + quantity)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def _units(member_id: int, item: str, period: str) -> Select[tuple[int]]:
    return select(RedemptionTally.units).where(
        RedemptionTally.member_id == member_id, RedemptionTally.item == item, RedemptionTally.period == period
    )
