"""A dashboard panel for ``linli tui``: this year's donations in the operator's scope, and the bonus paid."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select
from textual.widgets import Static

from linli.core import Context, models, services, t

from linli_blood_donation.models import BloodDonation


def this_year(ctx: Context) -> tuple[int, int, int]:
    """Donations, ml and bonus points of the current year, for members the operator may see."""
    services.require_admin(ctx)
    year = ctx.now().year
    query = select(BloodDonation, models.Member).join(models.Member, models.Member.id == BloodDonation.member_id)
    rows = [d for d, member in ctx.session.execute(query) if d.donated_on.year == year and services.in_scope(ctx, member.home_node)]
    return len(rows), sum(d.ml for d in rows), sum(d.bonus_points or 0 for d in rows)


class DonationPanel(Static):
    """One line, read once when the dashboard opens (off the UI thread)."""

    def __init__(self, runtime: Any, username: str) -> None:
        super().__init__("…", id="blood-donation-panel")
        self.runtime, self.username = runtime, username

    async def on_mount(self) -> None:
        donations, ml, points = await asyncio.to_thread(self.runtime.view, self.username, this_year)
        self.update(t("blood_donation.panel", self.runtime.program.locale, donations=donations, ml=ml, points=points))
