"""The star section of a member's page in the terminal UI: the level, what it rests on, and its latest changes."""

from __future__ import annotations

from linli.core import Context, t
from linli.core.models import Member

from linli.plugins.star_rating.explain import NAMED_METRICS
from linli.plugins.star_rating.service import member_stars

HISTORY = 5


def stars_section(ctx: Context, member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    locale = ctx.program.locale
    found = member_stars(ctx, member.id)
    metric = t(f"star_rating.metric_{found.metric}", locale) if found.metric in NAMED_METRICS else found.metric
    level = t("star_rating.page_stars", locale, stars=found.stars) if found.stars else t("star_rating.page_unrated", locale)
    rows = [(t("star_rating.page_level", locale), level), (metric, f"{found.metric_value:,.2f}")]
    if found.pending:
        rows.append((t("star_rating.page_pending", locale), t("star_rating.page_stars", locale, stars=found.pending)))
    if found.medal:
        rows.append((t("star_rating.page_medal", locale), found.medal))
    for change in reversed(found.history[-HISTORY:]):
        moved = t("star_rating.page_change", locale, previous=change.previous, stars=change.stars)
        rows.append((change.reached_at.astimezone(ctx.zone).date().isoformat(), moved))
    return [(t("star_rating.page_title", locale), rows)]
