"""The points section of a member's page in the terminal UI: balance, how it came about, and the latest postings."""

from __future__ import annotations

from sqlalchemy import select

from linli.core import Context, ledger, t
from linli.core.ledger import Account
from linli.core.models import Member

from linli.plugins.incentives.accounts import UNIT
from linli.plugins.incentives.settings import unit_name
from linli.plugins.incentives.summary import PointsSummary, summaries

RECENT = 5
PARTS = ("balance", "earned", "spent", "expired")
# Causes this catalogue names; another plugin's cause (a redemption desk's own) is shown as written.
CAUSES = frozenset({"service", "bonus", "expiry", "reversal", "redemption", "correction"})


def points_section(ctx: Context, member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    locale = ctx.program.locale
    unit = unit_name(ctx.program)
    summary = summaries(ctx.session, [member.id]).get(member.id, PointsSummary())
    rows = [(t(f"incentives.page_{part}", locale), f"{getattr(summary, part):,} {unit}") for part in PARTS]
    account = ctx.session.scalar(select(Account).where(Account.kind == "member", Account.owner == str(member.id), Account.unit == UNIT))
    lines = ledger.statement(ctx.session, account) if account else []
    for line in reversed(lines[-RECENT:]):
        cause = t(f"incentives.page_cause_{line.cause}", locale) if line.cause in CAUSES else line.cause
        rows.append((line.occurred_at.astimezone(ctx.zone).date().isoformat(), f"{line.amount:+,} {cause}"))
    return [(t("incentives.page_title", locale, unit=unit), rows)]
