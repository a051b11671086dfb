"""A dashboard panel for ``linli tui``: how many volunteers in the operator's scope hold each star level."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text
from sqlalchemy import func, select
from textual import work
from textual.widgets import Static

from linli.core import Context, LinliError, Runtime, t
from linli.core.models import Member
from linli.core.services import require_admin, scope_node, subtree_ids
from linli.plugins.star_rating.models import StarLevel

BAR = 30
LABEL_CELLS = 10  # wide enough for 未评星 and Unrated; CJK characters take two cells


def distribution(ctx: Context) -> dict[int, int]:
    """Members in scope per star level, 0 for the unrated; one grouped query."""
    require_admin(ctx)
    stars = func.coalesce(StarLevel.stars, 0)
    query = select(stars, func.count()).select_from(Member).outerjoin(StarLevel, StarLevel.member_id == Member.id).group_by(stars)
    root = scope_node(ctx)
    if root is not None:
        query = query.where(Member.home_node_id.in_(subtree_ids(root)))
    return {int(level): count for level, count in ctx.session.execute(query)}


class StarPanel(Static):
    """Bars of members per level, read once when the dashboard opens."""

    def __init__(self, runtime: Runtime, username: str) -> None:
        super().__init__("…", id="star-panel")
        self.runtime, self.username = runtime, username

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        """Read in a worker, so the dashboard paints at once (and tests can wait for the app's workers)."""
        locale = self.runtime.program.locale
        try:
            counts = await asyncio.to_thread(self.runtime.view, self.username, distribution)
        except LinliError as error:  # e.g. the operator was disabled meanwhile: say so in the panel
            self.update(error.render(locale))
            return
        widest = max(counts.values(), default=0) or 1
        text = Text()
        for level in sorted(counts):
            label = t("star_rating.panel_level", locale, stars=level) if level else t("star_rating.panel_unrated", locale)
            text.append(label + " " * max(1, LABEL_CELLS - cell_len(label)))
            text.append("█" * max(1, counts[level] * BAR // widest), style="yellow").append(f" {counts[level]:,}\n")
        self.update(text)
