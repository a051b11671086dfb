"""The titles section of a member's page in the terminal UI: the latest titles, drafts marked as such."""

from __future__ import annotations

from linli.core import Context, t
from linli.core.models import Member

from linli.plugins.commendations.titles import member_titles

RECENT = 5


def titles_section(ctx: Context, member: Member) -> list[tuple[str, list[tuple[str, str]]]]:
    locale = ctx.program.locale
    titles = member_titles(ctx, str(member.id)).titles[:RECENT]
    rows = [(title.period, title.title if title.confirmed else t("commendations.page_draft", locale, title=title.title)) for title in titles]
    return [(t("commendations.page_title", locale), rows or [(t("commendations.page_none", locale), "")])]
