"""Service records in and out of linli as versioned JSON (``linli-records`` 1.1), after MCA Order No. 67.

The format is documented in ``docs/records-format.md``. Only approved
records travel: an Order 67 record is of service the organization verified.
A volunteer's personal data leave unmasked only when they consented to the
transfer (``consent.transfer``); without it ID number and phone are masked
and the importing side cannot register the volunteer, so it skips them.
What plugins keep about a member (awards) travels with the record: plugins
add it on export (``linli_member_records``) and keep it on import
(``linli_member_records_imported``); core knows no plugin's section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core.errors import PermissionDenied, PluginError, Refused
from linli.core.models import Member, ServiceRecord
from linli.core.phone import mask_mobile
from linli.core.services import (
    MemberRow,
    ServiceRow,
    create_activity,
    open_activity,
    record_imported_service,
    register_members,
    require_admin,
)
from linli.core.services.context import Context

FORMAT, VERSION = "linli-records", "1.1"  # major.minor: a minor version only adds fields
ID_TYPE = "居民身份证"
# Volunteer fields core writes itself; a plugin's section may not take their names.
CORE_FIELDS = frozenset(
    {"ref", "consent", "name", "id_type", "id_number", "phone", "gender", "birth_date", "registered_on", "home_node", "records"}
)


def export_records(ctx: Context, consented: Collection[int]) -> dict[str, Any]:
    """Every member with approved service, with those records; *consented*: ids of members who agreed to the transfer."""
    require_admin(ctx)
    if consented and not ctx.operator.can_unmask:  # unmasked personal data leave only through an operator allowed to see them
        raise PermissionDenied("records_io.unmask_needed", operator=ctx.operator.username)
    records = ctx.session.scalars(
        select(ServiceRecord)
        .where(ServiceRecord.state == "approved")
        .options(selectinload(ServiceRecord.member).selectinload(Member.home_node), selectinload(ServiceRecord.activity))
        .order_by(ServiceRecord.member_id, ServiceRecord.check_in_at, ServiceRecord.id)
    )
    volunteers: dict[int, dict[str, Any]] = {}
    for record in records:
        member = record.member
        if member.id not in volunteers:
            volunteers[member.id] = _volunteer(member, member.id in consented)
        volunteers[member.id]["records"].append(_record(ctx, record))
    _add_plugin_sections(ctx, volunteers)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": ctx.now().isoformat(),
        "recording_organization": {"name": ctx.program.name, "district": ctx.program.info.get("district"), "handler": ctx.operator.display_name},
        "volunteers": list(volunteers.values()),
    }


def _volunteer(member: Member, consent: bool) -> dict[str, Any]:
    return {
        "ref": f"member:{member.id}",
        "consent": {"transfer": consent},
        "name": member.name,
        "id_type": ID_TYPE if member.id_number else None,
        "id_number": member.id_number if consent else member.masked_id,
        "phone": member.phone if consent else mask_mobile(member.phone),
        "gender": member.gender,
        "birth_date": member.birth_date.isoformat() if member.birth_date else None,
        "registered_on": member.registered_on.isoformat(),
        "home_node": member.home_node.code,
        "awards": [],  # filled by plugins that keep commendations (linli_member_records)
        "records": [],
    }


def _add_plugin_sections(ctx: Context, volunteers: Mapping[int, dict[str, Any]]) -> None:
    """What plugins keep about the members (awards …), concatenated per section in plugin order."""
    if not volunteers:
        return
    for plugin, sections in ctx.hooks.by_plugin("linli_member_records", ctx=ctx, member_ids=list(volunteers)):
        for section, by_member in sections.items():
            if section in CORE_FIELDS:
                raise PluginError(plugin, "linli_member_records", f"section {section!r} is a field core writes")
            for member_id, items in by_member.items():
                if member_id in volunteers:
                    volunteers[member_id].setdefault(section, []).extend(items)


def _record(ctx: Context, record: ServiceRecord) -> dict[str, Any]:
    activity = record.activity
    term = ctx.program.activity_categories.get(activity.category)
    return {
        "key": f"service_record:{record.id}",
        "kind": activity.kind,  # "training" records are the volunteer's training (培训)
        "content": activity.title,
        "category": activity.category,
        "category_name": term.name if term else activity.category,
        "place": activity.place,
        "activity_starts_at": activity.starts_at.isoformat(),
        "activity_ends_at": activity.ends_at.isoformat(),
        "check_in_at": record.check_in_at.isoformat() if record.check_in_at else None,
        "check_out_at": record.check_out_at.isoformat() if record.check_out_at else None,
        "minutes": record.approved_minutes,
        "evaluation": {"score": record.score, "comment": record.comment},
    }


@dataclass(frozen=True)
class ImportSummary:
    members: int  # newly registered
    records: int  # newly recorded
    skipped_records: int  # already imported (same source and key)
    skipped_volunteers: list[str]  # refs of volunteers without consent
    awards: int  # awards of consenting volunteers in the file
    kept: int  # items plugins kept (awards and other sections), new ones only


def import_records(ctx: Context, document: Mapping[str, Any], home_node: str) -> ImportSummary:
    """Register consenting volunteers not yet known (by phone), recreate activities and record approved service.

    Keys are prefixed with the exporting organization, so importing the same
    file again records nothing twice. Unknown volunteers join *home_node*.
    """
    require_admin(ctx)
    if document.get("format") != FORMAT or _major(document.get("version")) != _major(VERSION):
        raise Refused("records_io.bad_format", format=document.get("format"), version=document.get("version"), expected=f"{FORMAT} {VERSION}")
    source = document["recording_organization"]["name"]
    if source == ctx.program.name:  # its own records would come back as copies under new keys
        raise Refused("records_io.own_export", organization=source)
    consenting = [v for v in document["volunteers"] if v["consent"]["transfer"]]
    known = set(ctx.session.scalars(select(Member.phone).where(Member.phone.in_([v["phone"] for v in consenting]))))
    new = [_member_row(v, home_node) for v in consenting if v["phone"] not in known]
    registered = register_members(ctx, new) if new else []
    phones = select(Member.phone, Member.id).where(Member.phone.in_([v["phone"] for v in consenting]))
    members = {phone: member_id for phone, member_id in ctx.session.execute(phones)}
    rows = [_service_row(ctx, source, members[v["phone"]], record, home_node) for v in consenting for record in v["records"]]
    result = record_imported_service(ctx, rows, approve=True) if rows else None
    by_member = {members[v["phone"]]: v for v in consenting}
    kept = ctx.hooks.linli_member_records_imported(ctx=ctx, source=source, volunteers=by_member) if by_member else []
    return ImportSummary(
        members=len(registered),
        records=len(result.created) if result else 0,
        skipped_records=len(result.skipped) if result else 0,
        skipped_volunteers=[v["ref"] for v in document["volunteers"] if not v["consent"]["transfer"]],
        awards=sum(len(v.get("awards") or ()) for v in consenting),
        kept=sum(kept),
    )


def _major(version: object) -> str | None:
    """The major version of ``1`` (version 1 files) or ``"1.1"``; None for anything else."""
    if isinstance(version, int) and not isinstance(version, bool):
        return str(version)
    if isinstance(version, str) and version.partition(".")[0].isdigit():
        return version.partition(".")[0]
    return None


def _member_row(volunteer: Mapping[str, Any], home_node: str) -> MemberRow:
    birth = volunteer.get("birth_date")
    return MemberRow(
        name=volunteer["name"],
        phone=volunteer["phone"],
        home_node=home_node,
        id_number=volunteer.get("id_number"),
        gender=volunteer.get("gender"),
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        registered_on=dt.date.fromisoformat(volunteer["registered_on"]),
    )


def _service_row(ctx: Context, source: str, member_id: int, record: Mapping[str, Any], home_node: str) -> ServiceRow:
    """The record as a row of the import, on an activity recreated for it (an activity per exported record)."""
    key = f"{source}:{record['key']}"
    existing = ctx.session.scalar(select(ServiceRecord.activity_id).where(ServiceRecord.external_key == key))
    if existing is None:
        activity = create_activity(
            ctx,
            title=record["content"],
            category=record["category"],
            kind=record["kind"],
            host_node=home_node,
            place=record.get("place"),
            starts_at=dt.datetime.fromisoformat(record["activity_starts_at"]),
            ends_at=dt.datetime.fromisoformat(record["activity_ends_at"]),
        )
        existing = open_activity(ctx, activity.id).id
    return ServiceRow(
        existing,
        record["minutes"],
        member_id=member_id,
        check_in_at=_time(record["check_in_at"]),
        check_out_at=_time(record["check_out_at"]),
        external_key=key,
        score=record["evaluation"]["score"],
    )


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


__all__ = ["FORMAT", "VERSION", "ImportSummary", "export_records", "import_records"]
