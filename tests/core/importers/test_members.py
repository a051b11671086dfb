"""``linli import members``: a 百步亭 roster, its mistakes located exactly, all or nothing, no duplicates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

from linli.core.importers import MemberImporter
from linli.core.models import Member
from linli.core.services import register_member
from tests.core.factories import World, id_number, world  # noqa: F401  (fixture)
from tests.core.importers.sheets import MEMBER_HEADER, counts, run, write_csv, write_xlsx

ZHANG_ID = id_number(birth="19650312", sequence="124")  # a woman's number (even sequence)
LI_ID = id_number(birth="19620815", sequence="131")
ZHANG = ["张秀英", "13800000001", ZHANG_ID, "女", "1965-03-12", "G0101", "党员、青年", "理发，维修", "助老;巡逻", "家门口", "2025-01-05"]
LI = ["李建国", "138 0000 0002", LI_ID, "男", "", "S02", "party_member", "", "", "线上", ""]
WANG = ["王芳", "13800000003", "", "", "", "安居苑2栋小组", "", "编织,剪纸", "", "", ""]


def members(world: World) -> dict[str, SimpleNamespace]:
    """Every member's stored details by name, read while the session is open."""
    with world.database.reading() as session:
        return {
            m.name: SimpleNamespace(
                phone=m.phone,
                id_number=m.id_number,
                gender=m.gender,
                birth_date=m.birth_date,
                tags=sorted(m.tags),
                skills=m.skills,
                willingness=m.willingness,
                channel=m.channel,
                registered_on=m.registered_on,
                home=m.home_node.code,
            )
            for m in session.scalars(sa.select(Member))
        }


def test_xlsx_with_chinese_headers_registers_everyone(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [MEMBER_HEADER, ZHANG, LI, WANG])
    summary = run(world, MemberImporter(), path)
    assert (summary.written, summary.created, summary.skipped, summary.rejected) == (True, 3, 0, 0)
    found = members(world)
    zhang = found["张秀英"]
    assert (zhang.phone, zhang.id_number, zhang.gender, zhang.birth_date) == ("13800000001", ZHANG_ID, "female", dt.date(1965, 3, 12))
    assert zhang.tags == ["party_member", "youth"] and zhang.skills == ["理发", "维修"] and zhang.willingness == ["助老", "巡逻"]
    assert (zhang.channel, zhang.registered_on, zhang.home) == ("door", dt.date(2025, 1, 5), "G0101")
    assert found["李建国"].phone == "13800000002" and found["李建国"].channel == "online" and found["李建国"].birth_date == dt.date(1962, 8, 15)
    assert found["王芳"].home == "G0102" and found["王芳"].channel == "import"  # org by its name; channel defaults to 导入
    assert found["王芳"].skills == ["编织", "剪纸"]


def test_every_bad_row_is_located_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    world.act(lambda ctx: register_member(ctx, name="赵磊", phone="13800000009", home_node="G0201"))
    bad_checksum = ZHANG_ID[:-1] + ("0" if ZHANG_ID[-1] != "0" else "1")
    rows = [
        MEMBER_HEADER,
        ZHANG,  # row 2: fine
        ["李建国", "13800000002", "", "", "", "X99", "", "", "", "", ""],  # 3: unknown org code
        ["王芳", "1380000000", "", "", "", "G0101", "", "", "", "", ""],  # 4: bad phone
        ["刘洋", "13800000004", bad_checksum, "", "", "G0101", "", "", "", "", ""],  # 5: bad ID checksum
        ["陈静", "13800000001", "", "", "", "G0102", "", "", "", "", ""],  # 6: duplicate phone in file
        ["杨帆", "13800000006", "", "", "", "G0102", "党员、楼长", "", "", "", ""],  # 7: unknown tag
        ["黄磊", "13800000007", "", "", "", "G0102", "", "", "", "上门", ""],  # 8: unknown channel
        ["周杰", "13800000009", "", "", "", "G0201", "", "", "", "", ""],  # 9: phone of another registered member
        ["吴敏", "13800000010", LI_ID, "女", "", "G0201", "", "", "", "", ""],  # 10: gender contradicts the ID number
    ]
    before = counts(world.database)
    summary = run(world, MemberImporter(), write_xlsx(tmp_path / "名册.xlsx", rows))
    assert not summary.written and summary.created == 0 and summary.rejected == 8
    assert counts(world.database) == before
    where = [line.split(": ", 1)[0] for line in summary.report("zh-CN")]
    assert where == [
        "名册.xlsx:3:所属组织",
        "名册.xlsx:4:手机号",
        "名册.xlsx:5:身份证号",
        "名册.xlsx:6:手机号",
        "名册.xlsx:7:标签",
        "名册.xlsx:8:注册方式",
        "名册.xlsx:9:手机号",
        "名册.xlsx:10:性别",
    ]
    text = "\n".join(summary.report("zh-CN"))
    assert "X99" in text and "校验位" in text and "与第2行重复" in text and "楼长" in text and "138****0009" in text


def test_skip_invalid_writes_the_valid_rows_and_the_rejects(world: World, tmp_path: Path) -> None:
    rows = [MEMBER_HEADER, ZHANG, ["李建国", "13800000002", "", "", "", "X99", "", "", "", "", ""], WANG]
    path = write_xlsx(tmp_path / "名册.xlsx", rows)
    summary = run(world, MemberImporter(), path, skip_invalid=True)
    assert (summary.written, summary.created, summary.rejected) == (True, 2, 1)
    assert set(members(world)) == {"张秀英", "王芳"}
    assert summary.rejects == tmp_path / "名册.rejects.csv"
    with summary.rejects.open(encoding="utf-8-sig") as stream:
        rejects = list(csv.reader(stream))
    assert rejects[0] == [*MEMBER_HEADER, "问题"]
    assert rejects[1][:6] == ["李建国", "13800000002", "", "", "", "X99"] and rejects[1][-1].startswith("所属组织: 找不到编码为 X99")
    assert len(rejects) == 2


def test_importing_the_same_file_again_adds_nobody(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [MEMBER_HEADER, ZHANG, LI, WANG])
    run(world, MemberImporter(), path)
    before = counts(world.database)
    again = run(world, MemberImporter(), path)
    assert (again.written, again.created, again.skipped, again.rejected) == (True, 0, 3, 0)
    assert counts(world.database) == before


def test_gbk_csv_and_english_headers(world: World, tmp_path: Path) -> None:
    gbk = write_csv(tmp_path / "名册.csv", [MEMBER_HEADER, ZHANG], encoding="gbk")
    english = ["name", "mobile", "id_card", "sex", "birthday", "org", "tags", "skills", "willingness", "channel", "registered_on"]
    li = ["Li Jianguo", "13800000002", "", "male", "", "S02", "youth", "", "", "online", "2025-03-01"]
    wang = ["Wang", "12345", "", "", "", "S01", "", "", "", "", ""]
    utf8 = write_csv(tmp_path / "members.csv", [english, li, wang])
    assert run(world, MemberImporter(), gbk).created == 1
    summary = run(world, MemberImporter(), utf8, skip_invalid=True)
    assert summary.created == 1
    assert summary.report("en") == ["members.csv:3:mobile: not a valid mobile number: “12345” (expected 11 digits)"]
    found = members(world)
    assert found["张秀英"].tags == ["party_member", "youth"] and found["张秀英"].skills == ["理发", "维修"]
    assert found["Li Jianguo"].gender == "male" and found["Li Jianguo"].tags == ["youth"]
