"""Member rows: masked numbers, tags as rows, and the "tag X under subtree Y" query."""

from __future__ import annotations

import sqlalchemy as sa

from linli.core.db import Database
from linli.core.models import Member, MemberTag
from linli.core.phone import mask_mobile, normalize_mobile
from linli.core.services import MemberRow, get_node, register_members, select_members
from tests.core.factories import id_number, make_world


def test_masked_numbers_hide_the_middle() -> None:
    member = Member(name="张秀英", phone="13812345678", id_number="42010219650312123X")
    assert member.masked_phone == "138****5678"
    assert member.masked_id == "4201**********123X"
    assert member.label() == "张秀英（138****5678）"
    assert Member(name="王建国", phone="13900001111").masked_id is None


def test_phone_normalization() -> None:
    assert normalize_mobile("138 1234 5678") == "13812345678"
    assert normalize_mobile("+86 138-1234-5678") == "13812345678"
    assert normalize_mobile("0086（138）12345678") == "13812345678"
    assert normalize_mobile("8613812345678") == "13812345678"
    assert normalize_mobile("027-82345678") is None  # a Wuhan landline
    assert normalize_mobile("12812345678") is None
    assert normalize_mobile("1381234567") is None
    assert mask_mobile("13812345678") == "138****5678"


def test_members_with_a_tag_under_a_subtree_is_one_query(database: Database) -> None:
    world = make_world(database)
    rows = [
        MemberRow("张秀英", "13800000001", "G0101", tags=["party_member"]),
        MemberRow("王建国", "13800000002", "G0102", tags=["party_member", "in_service_party"]),
        MemberRow("李桂兰", "13800000003", "G0101"),
        MemberRow("刘志强", "13800000004", "G0201", tags=["party_member"]),
        MemberRow("陈秀珍", "13800000005", "S01", tags=["party_member"], id_number=id_number(sequence="046")),
    ]
    world.act(lambda ctx: register_members(ctx, rows))
    with world.database.reading() as session:
        station = get_node(session, "S01")
        names = [m.name for m in session.scalars(select_members(under=station, tag="party_member"))]
        assert names == ["张秀英", "王建国", "陈秀珍"]
        assert [m.name for m in session.scalars(select_members(tag="in_service_party"))] == ["王建国"]
        tail = id_number(sequence="046")[-4:]
        assert [m.name for m in session.scalars(select_members(id_tail=tail.lower()))] == ["陈秀珍"]
        assert session.scalar(sa.select(sa.func.count()).select_from(MemberTag)) == 5
