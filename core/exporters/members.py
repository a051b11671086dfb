"""``linli export members``: the volunteer roster of the operator's subtree, in the import's own columns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import joinedload, selectinload

from linli.core.i18n import t
from linli.core.models.members import Member
from linli.core.services.context import Context
from linli.core.services.members import select_members
from linli.core.services.scope import scope_node
from linli.core.importers.labels import CHANNELS, GENDERS, label
from linli.core.importers.members import member_columns
from linli.core.exporters.common import Exported, header, write_personal

#: Rows fetched per round trip while streaming.
FETCH = 2000


def export_members(ctx: Context, target: Path, fmt: str, *, unmask: bool = False) -> Exported:
    """Write every member living in the operator's subtree; full numbers only with *unmask*."""
    locale = ctx.program.locale
    headers = [header(column, locale) for column in member_columns(ctx.program)]
    headers += [t("exporters.col_org_name", locale), t("exporters.col_status", locale)]
    title = t("exporters.title_members", locale)
    return write_personal(ctx, target, fmt, unmask=unmask, title=title, headers=headers, rows=_rows(ctx, unmask), kind="member")


def _rows(ctx: Context, unmask: bool) -> Iterator[list[object]]:
    locale, tags = ctx.program.locale, ctx.program.member_tags
    query = select_members(under=scope_node(ctx)).options(joinedload(Member.home_node), selectinload(Member.tag_rows))
    for member in ctx.session.scalars(query.execution_options(yield_per=FETCH)):
        yield [
            member.name,
            member.phone if unmask else member.masked_phone,
            member.id_number if unmask else member.masked_id,
            label(GENDERS, member.gender, locale),
            member.birth_date,
            member.home_node.code,
            "、".join(tags[tag].name if tag in tags else tag for tag in member.tags),
            "、".join(member.skills),
            "、".join(member.willingness),
            label(CHANNELS, member.channel, locale),
            member.registered_on,
            member.home_node.name,
            t(f"exporters.status_{member.status}", locale),
        ]
