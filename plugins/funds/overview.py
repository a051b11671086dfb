"""What each fund backed: for a settlement window (``linli_funds``) and for its own budget period (``linli funds``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from linli.core import Context, ledger
from linli.core.ledger import Account
from linli.core.services import require_admin

from linli.plugins.funds.budgets import UNIT, backed, label, window
from linli.plugins.funds.models import FundFlag
from linli.plugins.funds.settings import Settings


@dataclass(frozen=True)
class FundUse:
    """One fund in the budget period holding a day."""

    key: str
    name: str
    source: str
    period: str | None
    budget: int | None
    used: int
    flagged: int

    @property
    def left(self) -> int | None:
        return None if self.budget is None else self.budget - self.used


def describe(ctx: Context, since: dt.datetime, until: dt.datetime) -> dict[str, dict[str, Any]]:
    """``linli_funds``: each fund's name, source, budget and the points flagged over budget in [since, until)."""
    settings = Settings.of(ctx.program)
    query = (
        select(FundFlag.fund, func.sum(FundFlag.points))
        .where(FundFlag.occurred_at >= since, FundFlag.occurred_at < until)
        .group_by(FundFlag.fund)
    )
    flagged = {fund: int(points) for fund, points in ctx.session.execute(query)}
    return {
        fund.key: {"name": fund.name, "source": fund.source, "budget": fund.budget, "flagged": flagged.get(fund.key, 0)}
        for fund in settings.funds.values()
    }


def budget_use(ctx: Context, day: dt.date) -> list[FundUse]:
    """Every fund in the budget period holding *day*; a fund without a budget over its whole life."""
    require_admin(ctx)
    settings = Settings.of(ctx.program)
    uses = []
    for fund in settings.funds.values():
        account = ctx.session.scalar(select(Account).where(Account.kind == "fund", Account.owner == fund.key, Account.unit == UNIT))
        flags = select(func.coalesce(func.sum(FundFlag.points), 0)).where(FundFlag.fund == fund.key)
        if fund.per is None:
            period, used = None, -ledger.balance(ctx.session, account) if account else 0
        else:
            start, end = window(fund.per, day)
            period, used = label(fund.per, start), backed(ctx, account, start, end) if account else 0
            flags = flags.where(FundFlag.period_start == start)
        flagged = int(ctx.session.execute(flags).scalar_one())
        uses.append(FundUse(fund.key, fund.name, fund.source, period, fund.budget, used, flagged))
    return uses
