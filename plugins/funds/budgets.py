"""Budgets per period: how much a fund has backed so far, and what to do when a batch goes beyond.

A fund's ledger account ``fund:<key>`` is debited by every credit charged to
it, so what it backed in a window is minus its postings dated in the window
(by when the service took place, China time; a reversed credit counts back).
Concurrent approvals charging one fund take turns on its account row
(PostgreSQL ``FOR UPDATE``; SQLite admits one writer), so two batches cannot
both fit under the same remaining budget. Approval reads what a fund backed
through :mod:`.tallies`, which sums only the transfers recorded since the
last batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from linli.core import Context, Refused, ledger
from linli.core.ledger import Account, Posting, Transfer

from linli.plugins.funds.models import FundFlag
from linli.plugins.funds.settings import Fund
from linli.plugins.funds.tallies import Tallies

UNIT = "points"


def window(per: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The budget period holding *day*: [first day, first day of the next period)."""
    if per == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    months = 3 if per == "quarter" else 1
    first = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first, 1)
    following = first - 1 + months
    return start, dt.date(day.year + following // 12, following % 12 + 1, 1)


def label(per: str, start: dt.date) -> str:
    """``2026``, ``2026-Q4`` or ``2026-11``."""
    if per == "year":
        return str(start.year)
    if per == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def backed(ctx: Context, account: Account, start: dt.date, end: dt.date) -> int:
    """Points *account* backed in [start, end) (China days)."""
    since, until = (dt.datetime.combine(day, dt.time(), ctx.zone) for day in (start, end))
    query = (
        select(func.coalesce(func.sum(Posting.amount), 0))
        .join(Transfer, Transfer.id == Posting.transfer_id)
        .where(Posting.account_id == account.id, Transfer.occurred_at >= since, Transfer.occurred_at < until)
    )
    return -int(ctx.session.execute(query).scalar_one())


def enforce(ctx: Context, charged: Sequence[tuple[Any, Fund]]) -> None:
    """Refuse the batch, or flag its credits, where they take a fund beyond its budget.

    *charged* pairs each credit (see ``linli_points_source``) with its fund.
    """
    budgeted = sorted(((c, f) for c, f in charged if f.budget is not None), key=lambda pair: (pair[0].served_at, pair[0].key))
    if not budgeted:
        return
    session = ctx.session
    accounts = {key: ledger.account(session, "fund", key, UNIT) for key in sorted({f.key for _, f in budgeted})}
    ids = sorted(account.id for account in accounts.values())
    locked = select(Account.id, Account.balance).where(Account.id.in_(ids)).order_by(Account.id).with_for_update()
    balances: dict[int, int] = {account_id: balance for account_id, balance in session.execute(locked)}
    tallies = Tallies(session)
    running: dict[tuple[str, dt.date], int] = {}
    for credit, fund in budgeted:
        assert fund.budget is not None and fund.per is not None
        start, end = window(fund.per, credit.served_at.astimezone(ctx.zone).date())
        slot = (fund.key, start)
        if slot not in running:
            since, until = (dt.datetime.combine(day, dt.time(), ctx.zone) for day in (start, end))
            account_id = accounts[fund.key].id
            running[slot] = tallies.backed(account_id, balances[account_id], since, until)
        before = running[slot]
        running[slot] = before + credit.points
        over = min(credit.points, running[slot] - fund.budget)
        if over <= 0:
            continue
        if fund.on_over == "refuse":
            raise Refused(
                "funds.over_budget", fund=fund.name, period=label(fund.per, start), budget=fund.budget, used=before, asked=credit.points
            )
        session.add(FundFlag(fund=fund.key, period_start=start, transfer_key=credit.key, points=over, occurred_at=credit.served_at))
    session.flush()
