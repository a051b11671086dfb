"""``linli import members``: a volunteer roster (志愿者名册) into ``register_member_ids``.

The roster names each volunteer's org by code or, as administrators often
write it, by the node's name. A volunteer already registered with the same
phone, name and ID number is counted as present and skipped, so importing a
roster twice registers nobody twice; the same phone under another name is a
problem on that row (imports never change a registered member).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linli.core.config.program import Program
from linli.core.models.members import Member
from linli.core.models.orgs import OrgNode
from linli.core.services.context import Context
from linli.core.services.members import MemberRow, register_member_ids
from linli.core.services.rows import chunks
from linli.core.tabular import Column, ParsedRow, RowCheck, UniqueCheck
from linli.core.tabular import parsers as p
from linli.core.importers.common import Outcome, in_rounds, valid_rows
from linli.core.importers.labels import CHANNELS, GENDERS, accepted, vocabulary

#: Where each refusal of ``register_member_ids`` belongs in the sheet.
COLUMN_OF = {
    "orgs.not_found": "org",
    "scope.out_of_scope": "org",
    "members.name_missing": "name",
    "members.bad_phone": "phone",
    "members.phone_taken": "phone",
    "members.phone_repeated": "phone",
    "members.id_length": "id_number",
    "members.id_characters": "id_number",
    "members.id_birth_date": "id_number",
    "members.id_checksum": "id_number",
    "members.id_number_taken": "id_number",
    "members.id_number_repeated": "id_number",
    "members.id_gender_mismatch": "gender",
    "members.id_birth_mismatch": "birth_date",
    "members.bad_gender": "gender",
    "members.unknown_tag": "tags",
    "members.bad_channel": "channel",
}


def member_columns(program: Program) -> list[Column]:
    """The roster's columns; tags are the program's, by key or display name."""
    return [
        Column("姓名", ("name",), key="name"),
        Column("手机号", ("phone", "mobile", "手机"), p.phone, key="phone"),
        Column("身份证号", ("id_number", "id_card"), p.id_card, required=False, key="id_number"),
        Column("性别", ("gender", "sex"), p.choice(accepted(GENDERS)), required=False, key="gender"),
        Column("出生日期", ("birth_date", "birthday"), p.date, required=False, key="birth_date"),
        Column("所属组织", ("org", "org_code", "organization"), key="org"),
        Column("标签", ("tags",), p.items(p.choice(vocabulary(program.member_tags.values()))), required=False, default=(), key="tags"),
        Column("技能", ("skills",), p.items(), required=False, default=(), key="skills"),
        Column("服务意愿", ("willingness",), p.items(), required=False, default=(), key="willingness"),
        Column("注册方式", ("channel",), p.choice(accepted(CHANNELS)), required=False, default="import", key="channel"),
        Column("注册日期", ("registered_on", "registered"), p.date, required=False, key="registered_on"),
    ]


class MemberImporter:
    kind = "members"

    def columns(self, program: Program) -> list[Column]:
        return member_columns(program)

    def checks(self) -> list[RowCheck]:
        return [UniqueCheck("phone"), UniqueCheck("id_number")]

    def write(self, ctx: Context, batches: Iterator[list[ParsedRow]]) -> Outcome:
        outcome = Outcome()
        for batch in batches:
            rows = valid_rows(batch)
            codes = _org_codes(ctx, {row.values["org"] for row in rows})
            present = _registered(ctx, [row.values["phone"] for row in rows])
            todo = []
            for row in rows:
                member = _member_row(row, codes)
                if _same_person(present.get(member.phone), member):
                    outcome.skipped += 1
                else:
                    todo.append((row.row_number, member))
            created, _ = in_rounds(lambda members: register_member_ids(ctx, members), todo, outcome, COLUMN_OF)
            outcome.created += len(created or ())
        return outcome


def _member_row(row: ParsedRow, codes: dict[str, str]) -> MemberRow:
    v = row.values
    return MemberRow(
        name=v["name"],
        phone=v["phone"],
        home_node=codes.get(v["org"], v["org"]),
        id_number=v["id_number"],
        gender=v["gender"],
        birth_date=v["birth_date"],
        tags=v["tags"],
        skills=v["skills"],
        willingness=v["willingness"],
        channel=v["channel"],
        registered_on=v["registered_on"],
    )


def _org_codes(ctx: Context, written: set[str]) -> dict[str, str]:
    """Org cells that are a node's name rather than its code → that code (names must be unique)."""
    known: set[str] = set()
    for chunk in chunks(written):
        known.update(ctx.session.scalars(select(OrgNode.code).where(OrgNode.code.in_(chunk))))
    by_name: dict[str, list[str]] = {}
    for chunk in chunks(written - known):
        for name, code in ctx.session.execute(select(OrgNode.name, OrgNode.code).where(OrgNode.name.in_(chunk))):
            by_name.setdefault(name, []).append(code)
    return {name: codes[0] for name, codes in by_name.items() if len(codes) == 1}


def _registered(ctx: Context, phones: list[str]) -> dict[str, tuple[str, str | None]]:
    """Phone → (name, ID number) of members already registered under those phones."""
    found: dict[str, tuple[str, str | None]] = {}
    for chunk in chunks(phones):
        query = select(Member.phone, Member.name, Member.id_number).where(Member.phone.in_(chunk))
        found |= {phone: (name, id_number) for phone, name, id_number in ctx.session.execute(query)}
    return found


def _same_person(present: tuple[str, str | None] | None, row: MemberRow) -> bool:
    """Same phone, same name, and the same ID number when the row gives one: a re-import, not a clash."""
    if present is None:
        return False
    name, id_number = present
    return name == row.name.strip() and row.id_number in (None, id_number)
