"""What ``linli explain`` says about a member's stars: the level, the threshold reached, the next one."""

from __future__ import annotations

from linli.core import Context, t
from linli.core.models import Member

from linli.plugins.star_rating.ladder import Ladder
from linli.plugins.star_rating.service import member_stars

NAMED_METRICS = ("service_hours", "points_earned")


def explain_stars(ctx: Context, member: Member) -> list[str]:
    locale = ctx.program.locale
    ladder = Ladder.of(ctx.program)
    found = member_stars(ctx, member.id)
    metric = t(f"star_rating.metric_{found.metric}", locale) if found.metric in NAMED_METRICS else found.metric
    reached = ladder.step(found.stars)
    lines = [
        t("star_rating.explain_level", locale, stars=found.stars, metric=metric, value=f"{found.metric_value:,.2f}", at=f"{reached.at:,.0f}")
        if reached
        else t("star_rating.explain_unrated", locale, metric=metric, value=f"{found.metric_value:,.2f}")
    ]
    following = ladder.step(found.stars + 1)
    if following is not None:
        lines.append(t("star_rating.explain_next", locale, stars=following.stars, at=f"{following.at:,.0f}", missing=f"{max(following.at - found.metric_value, 0):,.2f}"))
    return lines
