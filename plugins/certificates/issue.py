"""Issuing a 志愿服务证明 (民发〔2015〕149号): the facts from approved records, a number, the archived copy.

The ID number is masked unless the operator may unmask (as everywhere in
linli); the handler (经办人) is the operator who issues it. A certificate is
never changed once issued: issuing again, in either format, gives a new
number and a new archived copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from linli.core import Context, Refused, services
from linli.core.models import Activity, Member, ServiceRecord

from linli.plugins.certificates.layout import layout
from linli.plugins.certificates.models import Certificate
from linli.plugins.certificates.pdf import render_pdf
from linli.plugins.certificates.render import render_html

ID_TYPE = "居民身份证"  # the only ID linli registers today
FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Issuer:
    """Who issues: the program (the organization), its person in charge and a contact."""

    name: str
    person_in_charge: str
    contact: str


@dataclass(frozen=True)
class CertificateFacts:
    """Every field the certificate shows, in the order of the ministry's model."""

    number: str
    issued_on: dt.date
    period: str | None  # the year, None: all approved service
    member_name: str
    id_type: str | None  # None: no ID registered
    id_number: str
    volunteer_number: str
    minutes: int
    content: tuple[tuple[str, int], ...]  # (service category, minutes), most hours first
    issuer: Issuer
    handler: str


def issue(ctx: Context, reference: str, period: int | None, issuer: Issuer, output_format: str = "html") -> Certificate:
    """Issue and archive a certificate for the member *reference* (id or phone) over *period* (a year, None: all).

    *output_format* is ``html`` or ``pdf``; either is archived as issued.
    """
    if output_format not in FORMATS:
        raise Refused("certificates.unknown_format", format=output_format, known="/".join(FORMATS))
    member = services.lookup_member(ctx.session, reference)
    services.require_scope(ctx, member.home_node)
    minutes_by_category = _served(ctx, member, period)
    issued_on = ctx.today()
    facts = CertificateFacts(
        number=_next_number(ctx, issued_on.year),
        issued_on=issued_on,
        period=str(period) if period else None,
        member_name=member.name,
        id_type=ID_TYPE if member.id_number else None,
        id_number=(member.id_number if ctx.operator.can_unmask else member.masked_id) or "—",
        volunteer_number=f"{member.home_node.code}-{member.id:06d}",
        minutes=sum(minutes_by_category.values()),
        content=tuple(sorted(((_category(ctx, c), m) for c, m in minutes_by_category.items()), key=lambda item: (-item[1], item[0]))),
        issuer=issuer,
        handler=ctx.operator.display_name,
    )
    text = layout(facts, ctx.program.locale)
    row = Certificate(
        number=facts.number,
        member_id=member.id,
        period=facts.period or "all",
        minutes=facts.minutes,
        issued_on=issued_on,
        operator_id=ctx.operator.id,
        format=output_format,
    )
    if output_format == "pdf":
        row.document = render_pdf(text)
    else:
        row.content = render_html(text, ctx.program.locale)
    row.content_hash = hashlib.sha256(row.issued).hexdigest()
    ctx.session.add(row)
    ctx.session.flush()
    return row


def _served(ctx: Context, member: Member, period: int | None) -> dict[str, int]:
    """Approved minutes per activity category, in the year *period* (China time) or ever."""
    query = (
        select(Activity.category, func.sum(ServiceRecord.approved_minutes))
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.member_id == member.id, ServiceRecord.state == "approved")
        .group_by(Activity.category)
    )
    if period:
        start = dt.datetime(period, 1, 1, tzinfo=ctx.zone)
        query = query.where(Activity.starts_at >= start, Activity.starts_at < start.replace(year=period + 1))
    found: dict[str, int] = defaultdict(int)
    for category, minutes in ctx.session.execute(query):
        found[category] += int(minutes or 0)
    return dict(found)


def _category(ctx: Context, key: str) -> str:
    term = ctx.program.activity_categories.get(key)
    return term.name if term else key


def _next_number(ctx: Context, year: int) -> str:
    """ZYFW-<year>-<sequence>: the sequence counts the year's certificates (the unique index guards a race)."""
    issued = ctx.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.number.like(f"ZYFW-{year}-%"))) or 0
    return f"ZYFW-{year}-{issued + 1:06d}"
