"""Exports: masked unless an allowed operator unmasks (audited), scoped to the subtree, and importable again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core import PermissionDenied
from linli.core.exporters import export_ledger, export_members, export_service
from linli.core.importers import MemberImporter, ServiceImporter
from linli.core.ledger import TransferRequest, account, post
from linli.core.models import AuditEntry, Member
from linli.core.services import ServiceRow, create_activity, open_activity, record_imported_service, register_member
from tests.core.factories import World, id_number, world  # noqa: F401  (fixture)
from tests.core.importers.sheets import counts, read_xlsx, run

CST = dt.timezone(dt.timedelta(hours=8))
ZHANG_ID = id_number(birth="19650312", sequence="124")


@pytest.fixture
def filled(world: World) -> World:
    """张秀英 at S01 (with an ID number) and 李建国 at S02, each with an approved patrol record."""

    def fill(ctx) -> None:
        zhang = register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101", id_number=ZHANG_ID, tags=["party_member"])
        li = register_member(ctx, name="李建国", phone="13800000002", home_node="G0201", skills=["维修", "电工"])
        patrol = create_activity(
            ctx, title="夜间巡逻", category="patrol", host_node="BBT", starts_at=dt.datetime(2024, 3, 5, 19, tzinfo=CST), ends_at=dt.datetime(2024, 3, 5, 22, tzinfo=CST)
        )
        open_activity(ctx, patrol.id)
        rows = [ServiceRow(patrol.id, 180, member_id=zhang.id, external_key="k1"), ServiceRow(patrol.id, 90, member_id=li.id, external_key="k2")]
        record_imported_service(ctx, rows, approve=True)

    world.act(fill)
    return world


def audit_actions(world: World) -> list[str]:
    with world.database.reading() as session:
        return list(session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_members_are_masked_by_default_and_say_so(filled: World, tmp_path: Path) -> None:
    before = audit_actions(filled)
    exported = filled.act(lambda ctx: export_members(ctx, tmp_path / "志愿者.xlsx", "xlsx"))
    assert exported.rows == 2 and exported.masked
    note, header, zhang, li = read_xlsx(exported.path)
    assert "手机号、身份证号已脱敏" in note[0] and "百步亭社区志愿服务" in note[0]
    assert header[:6] == ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织"] and header[-2:] == ["组织名称", "状态"]
    assert zhang[:3] == ["张秀英", "138****0001", f"{ZHANG_ID[:4]}**********{ZHANG_ID[-4:]}"]
    assert (zhang[3], zhang[5], zhang[6], zhang[-1]) == ("女", "G0101", "党员", "正常")
    assert li[1:3] == ["138****0002", None] and li[7] == "维修、电工"
    assert audit_actions(filled) == before  # nothing unmasked, nothing to audit


def test_unmasked_export_is_audited_once_and_imports_again(filled: World, tmp_path: Path) -> None:
    before = audit_actions(filled)
    exported = filled.act(lambda ctx: export_members(ctx, tmp_path / "志愿者.csv", "csv", unmask=True))
    text = exported.path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "13800000001".encode() in text and ZHANG_ID.encode() in text
    assert audit_actions(filled) == [*before, "export.unmasked"]
    stored = counts(filled.database)
    again = run(filled, MemberImporter(), exported.path)
    assert (again.written, again.created, again.skipped) == (True, 0, 2)
    assert counts(filled.database) == stored


def test_a_scoped_admin_exports_only_their_subtree(filled: World, tmp_path: Path) -> None:
    station = filled.operator("s01", "S01")
    members = filled.act(lambda ctx: export_members(ctx, tmp_path / "m.xlsx", "xlsx"), station)
    service = filled.act(lambda ctx: export_service(ctx, tmp_path / "s.xlsx", "xlsx"), station)
    assert [row[0] for row in read_xlsx(members.path)[2:]] == ["张秀英"]
    assert [row[7] for row in read_xlsx(service.path)[2:]] == ["张秀英"]
    assert "安居苑志愿服务站（S01）" in read_xlsx(service.path)[0][0]
    with pytest.raises(PermissionDenied) as refused:  # an admin, but not allowed to unmask
        filled.act(lambda ctx: export_members(ctx, tmp_path / "x.xlsx", "xlsx", unmask=True), station)
    assert refused.value.key == "scope.cannot_unmask"
    assert not (tmp_path / "x.xlsx").exists()


def test_service_export_in_import_columns_round_trips(filled: World, tmp_path: Path) -> None:
    exported = filled.act(lambda ctx: export_service(ctx, tmp_path / "服务.xlsx", "xlsx", unmask=True))
    note, header, first, second = read_xlsx(exported.path)
    assert header == ["手机号", "活动", "开始时间", "结束时间", "服务时长（小时）", "评价", "来源", "姓名", "认定时长（小时）", "记录状态"]
    assert first[:5] == ["13800000001", "夜间巡逻（#1）", dt.datetime(2024, 3, 5, 19), dt.datetime(2024, 3, 5, 22), 3]
    assert (first[6], first[8], first[9], second[4]) == ("导入", 3, "已认定", 1.5)
    # The records were keyed by the caller, so the sheet's own key is new: the import adds them as another source would.
    again = run(filled, ServiceImporter(), exported.path)
    assert again.written and again.created == 2
    assert run(filled, ServiceImporter(), exported.path).skipped == 2


def test_english_program_exports_english_headers(filled: World, tmp_path: Path) -> None:
    english = replace(filled, program=replace(filled.program, locale="en"))
    exported = english.act(lambda ctx: export_members(ctx, tmp_path / "members.xlsx", "xlsx"))
    note, header, zhang, _ = read_xlsx(exported.path)
    assert "phone and ID numbers masked" in note[0]
    assert header[:3] == ["name", "phone", "id_number"] and zhang[3] == "female" and zhang[9] == "door"


def test_ledger_exports_postings_and_a_statement(filled: World, tmp_path: Path) -> None:
    def award(ctx) -> None:
        zhang = ctx.session.scalars(sa.select(Member).where(Member.phone == "13800000001")).one()
        issuer = account(ctx.session, "issuer", "BBT", "points")
        mine = account(ctx.session, "member", str(zhang.id), "points")
        when = dt.datetime(2024, 3, 6, 9, tzinfo=CST)
        post(ctx.session, TransferRequest.move("award:1", issuer, mine, 30, cause="service", cause_ref="service_record:1", occurred_at=when))
        post(ctx.session, TransferRequest.move("redeem:1", mine, issuer, 10, cause="redemption", occurred_at=when + dt.timedelta(days=1)))

    filled.act(award)
    everything = filled.act(lambda ctx: export_ledger(ctx, tmp_path / "账本.xlsx", "xlsx"))
    rows = read_xlsx(everything.path)[2:]
    assert everything.rows == 4 and [(row[0], row[3], row[4], row[5]) for row in rows] == [
        (1, "issuer:BBT", None, -30),
        (1, "member:1", "张秀英", 30),
        (2, "member:1", "张秀英", -10),
        (2, "issuer:BBT", None, 10),
    ]
    statement = filled.act(lambda ctx: export_ledger(ctx, tmp_path / "张秀英.csv", "csv", account="13800000001"))
    lines = statement.path.read_text("utf-8-sig").splitlines()
    assert lines[1].startswith("发生时间,转账编号,金额,余额") and lines[2].startswith("2024-03-06 09:00,1,30,30,service")
    assert lines[3].startswith("2024-03-07 09:00,2,-10,20,redemption")
    station_one, station_two = filled.operator("s01", "S01"), filled.operator("s02", "S02")
    assert filled.act(lambda ctx: export_ledger(ctx, tmp_path / "s01.csv", "csv"), station_one).rows == 4
    with pytest.raises(PermissionDenied):
        filled.act(lambda ctx: export_ledger(ctx, tmp_path / "x.csv", "csv", account="13800000001"), station_two)
    assert filled.act(lambda ctx: export_ledger(ctx, tmp_path / "s02.csv", "csv"), station_two).rows == 0
