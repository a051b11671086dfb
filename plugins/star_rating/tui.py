"""A dashboard panel for ``linli tui``: how many volunteers in the operator's scope hold each star level."""

from __future__ import annotations

import asyncio

from rich.text import Text
from sqlalchemy import func, select
from textual.widgets import Static

from linli.core import Context
from linli.core.i18n import t
from linli.core.models import Member, OrgNode
from linli.core.models.orgs import subtree_clause
from linli.core.runtime import Runtime
from linli.core.services.scope import require_admin, scope_node
from linli.plugins.star_rating.models import StarLevel

BAR = 30


def distribution(ctx: Context) -> dict[int, int]:
    """Members in scope per star level, 0 for the unrated; one grouped query."""
    require_admin(ctx)
    stars = func.coalesce(StarLevel.stars, 0)
    query = select(stars, func.count()).select_from(Member).outerjoin(StarLevel, StarLevel.member_id == Member.id).group_by(stars)
    root = scope_node(ctx)
    if root is not None:
        query = query.where(Member.home_node_id.in_(select(OrgNode.id).where(subtree_clause(root.path))))
    return {int(level): count for level, count in ctx.session.execute(query)}


class StarPanel(Static):
    """Bars of members per level, read once when the dashboard opens."""

    def __init__(self, runtime: Runtime, username: str) -> None:
        super().__init__("…", id="star-panel")
        self.runtime, self.username = runtime, username

    async def on_mount(self) -> None:
        counts = await asyncio.to_thread(self.runtime.view, self.username, distribution)
        locale, widest = self.runtime.program.locale, max(counts.values(), default=0) or 1
        text = Text()
        for level in sorted(counts):
            label = t("tui.stars_level", locale, stars=level) if level else t("tui.stars_none", locale)
            text.append(f"{label:<8}").append("█" * max(1, counts[level] * BAR // widest), style="yellow").append(f" {counts[level]:,}\n")
        self.update(text)
