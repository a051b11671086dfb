"""Registering and changing members through the service layer."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linli.core import NotFound, PermissionDenied, PluginError, Refused, hookimpl
from linli.core.db import Database
from linli.core.models import AuditEntry, Member
from linli.core.services import (
    MemberRow,
    RowsRefused,
    register_member,
    register_members,
    reveal_identity,
    set_member_status,
    update_member,
)
from linli.core.services.members import register_member_ids
from tests.core.factories import T0, Recorder, World, counting, id_number, make_world


def member_names(world: World) -> list[str]:
    with world.database.reading() as session:
        return list(session.scalars(sa.select(Member.name).order_by(Member.id)))


def test_register_normalizes_and_derives_from_the_id_number(database: Database) -> None:
    world = make_world(database)
    number = id_number("420102", "19650312", "123")
    with world.acting() as ctx:
        member = register_member(
            ctx,
            name=" 张秀英 ",
            phone="+86 138-1234-5678",
            home_node="G0101",
            id_number=number.lower(),
            tags=["party_member"],
            skills=["水电维修", " 水电维修", ""],
            willingness=["助老"],
        )
    assert (member.name, member.phone, member.id_number, member.id_tail) == ("张秀英", "13812345678", number, number[-4:])
    assert (member.gender, member.birth_date) == ("male", dt.date(1965, 3, 12))
    assert member.skills == ["水电维修"] and member.willingness == ["助老"]
    assert member.tags == ["party_member"]
    assert (member.channel, member.status, member.registered_on) == ("door", "active", dt.date(2024, 3, 1))


def test_duplicate_phone_is_refused_masked(database: Database) -> None:
    world = make_world(database)
    world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101"))
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        register_member(ctx, name="张秀兰", phone="138 1234 5678", home_node="G0102")
    assert refused.value.key == "members.phone_taken"
    assert "138****5678" in str(refused.value) and "13812345678" not in str(refused.value)


@pytest.mark.parametrize(
    ("number", "key"),
    [
        (id_number()[:17] + ("1" if id_number()[17] != "1" else "2"), "members.id_checksum"),
        (id_number(birth="19650231"), "members.id_birth_date"),
        ("4201021965031212", "members.id_length"),
    ],
)
def test_bad_id_numbers_are_refused(database: Database, number: str, key: str) -> None:
    world = make_world(database)
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101", id_number=number)
    assert refused.value.key == key
    assert member_names(world) == []


def test_stated_gender_must_match_the_id_number(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101", id_number=id_number(sequence="123"), gender="female")
    assert refused.value.key == "members.id_gender_mismatch"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"phone": "027-82345678"}, "members.bad_phone"),
        ({"tags": ["veteran"]}, "members.unknown_tag"),
        ({"channel": "wechat"}, "members.bad_channel"),
        ({"name": "  "}, "members.name_missing"),
    ],
)
def test_invalid_fields_are_refused(database: Database, changes: dict[str, object], key: str) -> None:
    world = make_world(database)
    arguments = {"name": "王建国", "phone": "13900001111", "home_node": "G0101", **changes}
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        register_member(ctx, **arguments)  # type: ignore[arg-type]
    assert refused.value.key == key


def test_unknown_home_node(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx, pytest.raises(NotFound) as missing:
        register_member(ctx, name="王建国", phone="13900001111", home_node="G9999")
    assert missing.value.params == {"code": "G9999"}


def test_bulk_register_uses_set_based_lookups(database) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    world = make_world(database, ("recorder", recorder))
    rows = [MemberRow(f"志愿者{i}", f"139{i:08d}", ("G0101", "G0102", "G0201")[i % 3], tags=["youth"] if i % 2 else []) for i in range(300)]
    with world.acting() as ctx, counting(ctx.session) as statements:
        created = register_members(ctx, rows)
    assert len(created) == 300 and [m.name for m in created[:2]] == ["志愿者0", "志愿者1"]
    # Lookups, inserts, audit, whatever the row count: far fewer statements than rows.
    assert len(statements) < 20
    assert recorder.registered == [[m.id for m in created]]
    assert created[1].tags == ["youth"] and created[0].tags == []


def test_bulk_ids_build_members_only_for_a_hook(database: Database) -> None:
    rows = [MemberRow(f"志愿者{i}", f"139{i:08d}", "G0101", tags=["youth"] if i % 2 else []) for i in range(50)]
    world = make_world(database)
    with world.acting() as ctx:
        ids = register_member_ids(ctx, rows)
        assert not [held for held in ctx.session.identity_map.values() if isinstance(held, Member)]
    with world.database.reading() as session:
        phones = dict(session.execute(sa.select(Member.id, Member.phone)).all())
    assert [phones[member_id] for member_id in ids] == [row.phone for row in rows]


def test_bulk_ids_still_give_the_hook_its_members(database: Database) -> None:
    recorder = Recorder()
    hooked = make_world(database, ("recorder", recorder))
    with hooked.acting() as ctx:
        ids = register_member_ids(ctx, [MemberRow("张秀英", "13812345678", "G0101", tags=["youth"])])
    assert recorder.registered == [ids]


def test_bulk_register_reports_every_bad_row_and_writes_nothing(database: Database) -> None:
    world = make_world(database)
    world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101"))
    rows = [
        MemberRow("王建国", "13900000001", "G0101"),
        MemberRow("李桂兰", "13812345678", "G0101"),  # stored already
        MemberRow("刘志强", "13900000003", "G9999"),  # no such node
        MemberRow("陈秀珍", "13900000001", "G0102"),  # repeats row 1
        MemberRow("赵国庆", "1390000", "G0102"),
    ]
    with world.acting() as ctx, pytest.raises(RowsRefused) as refused:
        register_members(ctx, rows)
    problems = [(p.index, p.error.key) for p in refused.value.problems]
    assert problems == [(1, "members.phone_taken"), (2, "orgs.not_found"), (3, "members.phone_repeated"), (4, "members.bad_phone")]
    assert "4 行有问题" in str(refused.value) and "第 2 行" in str(refused.value)
    assert member_names(world) == ["张秀英"]


def test_a_failing_registration_hook_rolls_everything_back(database) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        @hookimpl
        def linli_members_registered(self, members: list[Member]) -> None:
            raise RuntimeError("保险系统不可用")

    world = make_world(database, ("insurance", Broken()))
    entries_before = count_audit(world)
    with pytest.raises(PluginError) as failed:
        world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101"))
    assert failed.value.plugin == "insurance" and "保险系统不可用" in str(failed.value)
    assert member_names(world) == [] and count_audit(world) == entries_before


def count_audit(world: World) -> int:
    with world.database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def test_update_member_checks_like_registration(database: Database) -> None:
    world = make_world(database)
    first = world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101").id)
    second = world.act(lambda ctx: register_member(ctx, name="王建国", phone="13900001111", home_node="G0101").id)
    with world.acting() as ctx, pytest.raises(Refused) as taken:
        update_member(ctx, second, phone="13812345678")
    assert taken.value.key == "members.phone_taken"
    number = id_number(sequence="124")
    with world.acting() as ctx:
        member = update_member(ctx, first, home_node="G0201", tags=["party_member", "youth"], id_number=number)
        assert (member.home_node.code, member.tags, member.gender) == ("G0201", ["party_member", "youth"], "female")
    with world.acting() as ctx:
        member = update_member(ctx, first, tags=["youth"], id_number=None)
        assert member.tags == ["youth"] and member.id_number is None and member.gender is None


def test_status_and_unmasking(database: Database) -> None:
    world = make_world(database)
    number = id_number()
    member_id = world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101", id_number=number).id)
    world.act(lambda ctx: set_member_status(ctx, member_id, "left"))
    with world.acting() as ctx, pytest.raises(Refused):
        set_member_status(ctx, member_id, "gone")
    assert world.act(lambda ctx: reveal_identity(ctx, member_id)) == ("13812345678", number)
    clerk_like = world.operator("wangjg", "S01")  # an admin who may not unmask
    with pytest.raises(PermissionDenied) as denied:
        world.act(lambda ctx: reveal_identity(ctx, member_id), clerk_like)
    assert denied.value.key == "scope.cannot_unmask"
    with world.database.reading() as session:
        actions = list(session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_kind == "member")))
    assert actions == ["member.register", "member.status", "member.unmask"]


def test_registered_on_uses_the_program_day(database: Database) -> None:
    world = make_world(database)
    # 17:30 UTC is already the next day in China.
    world.clock[0] = T0.replace(hour=17, minute=30)
    member = world.act(lambda ctx: register_member(ctx, name="张秀英", phone="13812345678", home_node="G0101"))
    assert member.registered_on == dt.date(2024, 3, 2)
