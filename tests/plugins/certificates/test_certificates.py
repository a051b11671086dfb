"""A 志愿服务证明 carries every field 民发〔2015〕149号 asks for, in correct Chinese, and is archived."""

from __future__ import annotations

import hashlib
import html

import sqlalchemy as sa

import linli.plugins.certificates as certificates
from linli.core import Database
from linli.core.services import register_member
from linli.plugins.certificates.issue import Issuer, issue
from linli.plugins.certificates.models import Certificate
from tests.core.factories import World, id_number, make_world
from tests.plugins.incentives.helpers import activity, approve, served

ISSUER = Issuer("百步亭社区志愿服务", "王主任", "027-82345678")


def volunteer(world: World) -> int:
    with world.acting() as ctx:
        return register_member(ctx, name="李秀英", phone="13900000001", home_node="G0101", id_number=id_number()).id


def test_the_certificate_shows_every_required_field(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    member = volunteer(world)
    approve(world, served(world, member, activity(world, "2024-03-06 08:00", category="patrol"), "2024-03-06 09:00", 90))
    approve(world, served(world, member, activity(world, "2024-04-06 08:00", category="elderly"), "2024-04-06 09:00", 120))
    served(world, member, activity(world, "2024-05-06 08:00"), "2024-05-06 09:00", 600)  # not approved: not certified
    approve(world, served(world, member, activity(world, "2023-05-06 08:00"), "2023-05-06 09:00", 60))  # another year
    issued = world.act(lambda ctx: issue(ctx, "13900000001", 2024, ISSUER))
    page = issued.content
    assert '<meta charset="utf-8">' in page and '"Songti SC"' in page and "<h1>志愿服务证明</h1>" in page
    expected = {
        "证明编号": "ZYFW-2024-000001",
        "志愿者姓名": "李秀英",
        "证件类型": "居民身份证",
        "证件号码": id_number(),  # the admin may unmask
        "志愿者编号": f"G0101-{member:06d}",
        "服务时段": "2024",
        "服务时长": "3.5 小时",
        "服务内容": "助老 2.0 小时；巡逻 1.5 小时",
        "出具组织": "百步亭社区志愿服务",
        "负责人": "王主任",
        "经办人": "街道管理员",
        "联系方式": "027-82345678",
        "出具日期": "2024年3月1日",
    }
    for label, value in expected.items():
        assert label in page and html.escape(value) in page, label
    assert "民发〔2015〕149号" in page
    with database.reading() as session:
        archived = session.scalars(sa.select(Certificate)).one()
        assert archived.content_hash == hashlib.sha256(page.encode("utf-8")).hexdigest() and archived.minutes == 210


def test_numbers_are_unique_and_the_id_is_masked_for_an_operator_who_may_not_unmask(database: Database) -> None:
    world = make_world(database, ("certificates", certificates))
    volunteer(world)
    clerk = world.operator("clerk", None)
    first = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER).number)
    second = world.act(lambda ctx: issue(ctx, "13900000001", None, ISSUER), clerk)
    assert (first, second.number) == ("ZYFW-2024-000001", "ZYFW-2024-000002")
    assert id_number() not in second.content and "4201**********" in second.content and "服务内容</th><td>无" in second.content
