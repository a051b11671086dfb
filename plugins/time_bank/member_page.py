"""The passbook section of a member's page in the terminal UI: the time held and the latest lines."""

from __future__ import annotations

from linli.core import Context, t
from linli.core.models import Member

from linli.plugins.time_bank.passbook import passbook

RECENT = 5


def passbook_section(ctx: Context, member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    locale = ctx.program.locale
    book = passbook(ctx, str(member.id))
    rows = [(t("time_bank.page_balance", locale), t("time_bank.page_hours", locale, hours=f"{book.balance / 60:,.1f}"))]
    for line in reversed(book.lines[-RECENT:]):
        moved = t("time_bank.page_hours", locale, hours=f"{line.amount / 60:+,.1f}")
        rows.append((line.on.isoformat(), f"{moved} {line.summary}"))
    return [(book.title, rows)]
