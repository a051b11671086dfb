"""``linli export service``: service records of the volunteers in the operator's subtree.

Records are scoped by where the volunteer is registered, as the report
counts them. The columns are the service import's, so an unmasked export
imports again (the 活动 cell names the activity by number); claimed and
approved hours, state and name follow for reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from linli.core.i18n import t
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode
from linli.core.models.service import ServiceRecord
from linli.core.services.context import Context
from linli.core.services.reports import hours
from linli.core.services.scope import scope_node
from linli.core.importers.labels import SOURCES, label
from linli.core.importers.service import service_columns
from linli.core.exporters.common import Exported, header, write_personal
from linli.core.exporters.files import local
from linli.core.exporters.members import FETCH


def export_service(ctx: Context, target: Path, fmt: str, *, unmask: bool = False) -> Exported:
    """Write the service records of every member living in the operator's subtree."""
    locale = ctx.program.locale
    headers = [header(column, locale) for column in service_columns(ctx.program)]
    headers += [t(f"exporters.col_{name}", locale) for name in ("member_name", "approved_hours", "state")]
    title = t("exporters.title_service", locale)
    return write_personal(ctx, target, fmt, unmask=unmask, title=title, headers=headers, rows=_rows(ctx, unmask), kind="service_record")


def _rows(ctx: Context, unmask: bool) -> Iterator[list[object]]:
    locale = ctx.program.locale
    query = (
        select(ServiceRecord)
        .join(Member, Member.id == ServiceRecord.member_id)
        .options(contains_eager(ServiceRecord.member), joinedload(ServiceRecord.activity))
        .order_by(ServiceRecord.id)
    )
    root = scope_node(ctx)
    if root is not None:
        query = query.join(OrgNode, OrgNode.id == Member.home_node_id).where(root.subtree_clause())
    for record in ctx.session.scalars(query.execution_options(yield_per=FETCH)):
        member, activity = record.member, record.activity
        yield [
            member.phone if unmask else member.masked_phone,
            activity.label(),
            local(record.check_in_at or activity.starts_at, ctx.zone),
            local(record.check_out_at or activity.ends_at, ctx.zone),
            _hours(record.minutes),
            record.score,
            label(SOURCES, record.source, locale),
            member.name,
            _hours(record.approved_minutes),
            t(f"exporters.state_{record.state}", locale),
        ]


def _hours(minutes: int | None) -> float | None:
    """Minutes as hours to two places, the unit the sheets use; blank while not yet known."""
    return None if minutes is None else hours(minutes)
