"""Registering members (one at a door, thousands from a spreadsheet) and keeping them current."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from linli.core.errors import LinliError, NotFound, PermissionDenied, Refused
from linli.core.idcard import IdNumberError, parse_id_number
from linli.core.models.members import CHANNELS, GENDERS, PERSONAL_KEYS, Member, MemberTag
from linli.core.models.orgs import OrgNode
from linli.core.phone import mask_mobile, normalize_mobile
from linli.core.services.audit import Change, batch_change, record_many
from linli.core.services.context import Context
from linli.core.services.member_search import member_search
from linli.core.services.rows import RowProblem, chunks, insert_ids, insert_rows, raise_problems
from linli.core.services.scope import require_admin, require_scope


@dataclass(frozen=True)
class MemberRow:
    """One member to register; ``home_node`` is a node code."""

    name: str
    phone: str
    home_node: str
    id_number: str | None = None
    gender: str | None = None
    birth_date: dt.date | None = None
    tags: Sequence[str] = ()
    skills: Sequence[str] = ()
    willingness: Sequence[str] = ()
    channel: str = "import"
    registered_on: dt.date | None = None


def get_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound("members.not_found", id=member_id)
    return member


def lookup_member(session: Session, reference: str | int) -> Member:
    """A member named the way an administrator types it: the id, or the phone number."""
    text = str(reference).strip()
    if len(text) == 11 and text.isdigit():
        found = session.scalar(select(Member).where(Member.phone == text))
        if found is not None:
            return found
        raise NotFound("members.not_found_phone", phone=mask_mobile(text))
    if text.isdigit():
        return get_member(session, int(text))
    raise NotFound("members.bad_reference", reference=text)


def register_member(
    ctx: Context,
    *,
    name: str,
    phone: str,
    home_node: str,
    id_number: str | None = None,
    gender: str | None = None,
    birth_date: dt.date | None = None,
    tags: Sequence[str] = (),
    skills: Sequence[str] = (),
    willingness: Sequence[str] = (),
    channel: str = "door",
    registered_on: dt.date | None = None,
) -> Member:
    """Register one member: the bulk path with a batch of one."""
    row = MemberRow(name, phone, home_node, id_number, gender, birth_date, tags, skills, willingness, channel, registered_on)
    members = _register(ctx, [row], single=True)[1]
    assert members is not None
    return members[0]


def register_members(ctx: Context, rows: Sequence[MemberRow]) -> list[Member]:
    """Register many members at once, all or none.

    Lookups are set-based (one query per chunk of node codes, phones, ID
    numbers); rows go in as batch inserts; the audit log gets one entry
    naming the batch's members; ``linli_members_registered`` is called once
    with every new member. Any bad row refuses the whole batch
    with :class:`~linli.core.services.rows.RowsRefused` listing every problem.
    """
    ids, members = _register(ctx, rows, single=False)
    return members if members is not None else load_members(ctx.session, ids)


def register_member_ids(ctx: Context, rows: Sequence[MemberRow]) -> list[int]:
    """:func:`register_members` for callers that need only the new ids, in the order of *rows*.

    A roster import registers hundreds of thousands of people; building an
    ORM object for each was a third of its time. Objects are built here only
    when an enabled plugin implements ``linli_members_registered``.
    """
    return _register(ctx, rows, single=False)[0]


def _register(ctx: Context, rows: Sequence[MemberRow], *, single: bool) -> tuple[list[int], list[Member] | None]:
    """The new ids, and their members when something needed them loaded (the hook, the single-row audit)."""
    require_admin(ctx)
    if not rows:
        return [], []
    session = ctx.session
    nodes = _nodes_in_scope(ctx, {row.home_node for row in rows})
    problems: list[RowProblem] = []
    values: dict[int, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        try:
            node = nodes[row.home_node]
            if isinstance(node, LinliError):
                raise node
            values[index] = validate_row(ctx, row) | {"home_node_id": node.id}
        except LinliError as error:
            problems.append(RowProblem(index, error))
    problems += repeats(session, values, "phone") + repeats(session, values, "id_number")
    raise_problems("members", problems, single=single)

    tags = {index: values[index].pop("tags") for index in values}
    ids = insert_ids(session, Member, list(values.values()), match_on=("phone",))
    tag_values = [{"member_id": member_id, "tag": tag} for member_id, index in zip(ids, values, strict=True) for tag in tags[index]]
    insert_rows(session, MemberTag, tag_values)
    members = load_members(session, ids) if single or ctx.hooks.implemented("linli_members_registered") else None
    if single:
        assert members is not None
        record_many(ctx, [Change("member.register", "member", m.id, after=m.summary(), personal=PERSONAL_KEYS) for m in members])
    else:
        record_many(ctx, [batch_change("member.register", "member", ids)])
    if members is not None:
        ctx.hooks.linli_members_registered(ctx=ctx, members=members)
    return ids, members


def load_members(session: Session, ids: Sequence[int]) -> list[Member]:
    """The members with *ids*, in that order, their tags loaded (reading them costs no query per member)."""
    found: dict[int, Member] = {}
    by_member: dict[int, list[MemberTag]] = {member_id: [] for member_id in ids}
    for chunk in chunks(ids):
        found |= {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(chunk)))}
        for tag_row in session.scalars(select(MemberTag).where(MemberTag.member_id.in_(chunk)).order_by(MemberTag.member_id, MemberTag.tag)):
            by_member[tag_row.member_id].append(tag_row)
    for member_id, member in found.items():
        set_committed_value(member, "tag_rows", by_member[member_id])
    return [found[member_id] for member_id in ids]


def _nodes_in_scope(ctx: Context, codes: set[str]) -> dict[str, OrgNode | LinliError]:
    """Each code's node, or the error a row naming it gets (unknown, or outside the operator's scope)."""
    found: dict[str, OrgNode | LinliError] = {}
    for chunk in chunks(sorted(codes)):
        found |= {n.code: n for n in ctx.session.scalars(select(OrgNode).where(OrgNode.code.in_(chunk)))}
    for code in codes:
        node = found.get(code)
        if node is None:
            found[code] = NotFound("orgs.not_found", code=code)
        elif isinstance(node, OrgNode):
            try:
                require_scope(ctx, node)
            except PermissionDenied as error:
                found[code] = error
    return found


def validate_row(ctx: Context, row: MemberRow) -> dict[str, Any]:
    """The validated column values of *row* (plus its tag keys), or a Refused naming what is wrong."""
    name = row.name.strip()
    if not name:
        raise Refused("members.name_missing")
    phone = normalize_mobile(row.phone)
    if phone is None:
        raise Refused("members.bad_phone", phone=row.phone)
    gender, birth_date, id_number = row.gender or None, row.birth_date, None
    if gender is not None and gender not in GENDERS:
        raise Refused("members.bad_gender", gender=gender, known="、".join(GENDERS))
    if row.id_number:
        try:
            ident = parse_id_number(row.id_number, today=ctx.today())
        except IdNumberError as error:
            raise Refused(f"members.id_{error.reason}", name=name) from None
        if gender not in (None, ident.gender):
            raise Refused("members.id_gender_mismatch", name=name)
        if birth_date not in (None, ident.birth_date):
            raise Refused("members.id_birth_mismatch", name=name, birth_date=birth_date)
        id_number, gender, birth_date = ident.number, ident.gender, ident.birth_date
    unknown = [tag for tag in row.tags if tag not in ctx.program.member_tags]
    if unknown:
        raise Refused("members.unknown_tag", tag="、".join(unknown), known="、".join(ctx.program.member_tags))
    if row.channel not in CHANNELS:
        raise Refused("members.bad_channel", channel=row.channel, known="、".join(CHANNELS))
    return {
        "name": name,
        "phone": phone,
        "id_number": id_number,
        "id_tail": id_number[-4:] if id_number else None,
        "gender": gender,
        "birth_date": birth_date,
        "skills": _words(row.skills),
        "willingness": _words(row.willingness),
        "channel": row.channel,
        "registered_on": row.registered_on or ctx.today(),
        "status": "active",
        "tags": list(dict.fromkeys(row.tags)),
    }


def _words(items: Sequence[str]) -> list[str]:
    """Stripped, non-empty, first occurrence kept."""
    return list(dict.fromkeys(word.strip() for word in items if word.strip()))


def repeats(session: Session, values: dict[int, dict[str, Any]], column: str, *, exclude: int | None = None) -> list[RowProblem]:
    """Rows whose phone / ID number repeats an earlier row or a stored member."""
    problems: list[RowProblem] = []
    first_row: dict[str, int] = {}
    for index, row in values.items():
        value = row[column]
        if value is None:
            continue
        if value in first_row:
            problems.append(RowProblem(index, Refused(f"members.{column}_repeated", row=first_row[value] + 1)))
        else:
            first_row[value] = index
    attribute = getattr(Member, column)
    for chunk in chunks(first_row):
        query = select(attribute).where(attribute.in_(chunk))
        if exclude is not None:
            query = query.where(Member.id != exclude)
        for value in session.scalars(query):
            shown = mask_mobile(value) if column == "phone" else value[-4:]
            problems.append(RowProblem(first_row[value], Refused(f"members.{column}_taken", value=shown)))
    return problems


def select_members(
    *,
    under: OrgNode | None = None,
    tag: str | None = None,
    status: str | None = None,
    id_tail: str | None = None,
    search: str | None = None,
) -> Select[Member]:
    """Members living in *under*'s subtree, carrying *tag*, in *status*, matching *search*: one query, all indexed.

    *search* is what an administrator types (see :mod:`.member_search`); its
    matches come in the order of the index that finds them, otherwise by id.
    """
    found = member_search(search) if search else None
    query = select(Member)
    if under is not None:
        query = query.join(OrgNode, Member.home_node_id == OrgNode.id).where(under.subtree_clause())
    if tag is not None:
        query = query.join(MemberTag, (MemberTag.member_id == Member.id) & (MemberTag.tag == tag))
    if status is not None:
        query = query.where(Member.status == status)
    if id_tail is not None:
        query = query.where(Member.id_tail == id_tail.upper())
    if found is not None:
        return query.where(found[0]).order_by(*found[1])
    return query.order_by(Member.id)
