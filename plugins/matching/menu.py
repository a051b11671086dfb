"""The supply-demand menu (供需菜单) of a subtree: needs by category and the volunteers who can serve them.

Youxian posts the menu publicly, so it carries no full phone number: each
volunteer appears with a masked phone (138****5678). The demand side comes
from the plugin that owns needs (``linli_open_needs``); without one the
needs column stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from linli.core.models import Member, OrgNode
from linli.core.services import Context

from linli.plugins.matching.ranking import candidates
from linli.plugins.matching.settings import Settings

#: The menu's columns, in the order :func:`cells` gives them (headers come from ``matching.column_*``).
MENU_COLUMNS = ("category", "open_needs", "volunteer", "phone", "node", "serves_by", "stars")
#: Excel's limit on a sheet title.
SHEET_TITLE_CHARS = 31


@dataclass(frozen=True)
class MenuRow:
    category: str
    category_name: str
    open_needs: int | None
    volunteer: str | None
    phone: str | None  # masked
    node: str | None
    serves_by: str | None  # the matching skills and wishes
    stars: int | None


def build_menu(ctx: Context, node: OrgNode) -> list[MenuRow]:
    """One row per volunteer who can serve each category of the vocabulary; a category nobody serves gets one empty row."""
    settings = Settings.of(ctx.program)
    needs = ctx.hooks.linli_open_needs(ctx=ctx, node_id=node.id)
    members = candidates(ctx, node)
    stars = ctx.hooks.linli_star_levels(ctx=ctx, member_ids=[m.id for m in members])
    rows: list[MenuRow] = []
    for category in settings.vocabulary:
        term = ctx.program.activity_categories.get(category)
        name = term.name if term else category
        count = needs.get(category, 0) if needs is not None else None
        serving = [(m, [*settings.skills_for(m, category), *settings.willing_for(m, category)]) for m in members]
        serving = [(m, why) for m, why in serving if why]
        if not serving:
            rows.append(MenuRow(category, name, count, None, None, None, None, None))
        for member, why in sorted(serving, key=lambda pair: (pair[0].home_node.path, pair[0].id)):
            rows.append(MenuRow(category, name, count, member.name, member.masked_phone, member.home_node.name, "、".join(why), _stars(stars, member)))
    return rows


def _stars(stars: dict[int, int] | None, member: Member) -> int | None:
    return None if stars is None else stars.get(member.id, 0)


def write_xlsx(target: Path, title: str, headers: list[str], rows: list[MenuRow]) -> None:
    """A workbook of one sheet: the header row, then one row per menu line."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:SHEET_TITLE_CHARS])
    sheet.append(headers)
    for row in rows:
        sheet.append(cells(row))
    workbook.save(target)


def cells(row: MenuRow) -> list[object]:
    return [row.category_name, row.open_needs, row.volunteer, row.phone, row.node, row.serves_by, row.stars]
