"""The people served: one person's service archive, and the annual household survey imported into needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core import Database, NotFound, Refused
from linli.core.services import create_activity, open_activity, record_manual, review
from linli.plugins.dispatch.archive import service_archive
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.models import Need
from linli.plugins.dispatch.survey import import_survey, service_list
from tests.plugins.dispatch.helpers import T0, accepted, chaoyangli_world, later, need, order_row, volunteer

HEADER = "姓名,手机号,所属组织,住址,需求类别,需求描述,紧急程度,期望时间\n"


def test_archive_lists_every_service_the_person_received(database: Database) -> None:
    world = chaoyangli_world(database)
    elder = volunteer(world, "13700000001", "G1-E1", name="王秀英")
    helper = volunteer(world, "13900000001", "G1-E2", name="赵志愿")
    first = accepted(world, helper, phone="13700000001")
    world.act(lambda ctx: complete_order(ctx, first, minutes=40))
    world.act(lambda ctx: review(ctx, approve=[order_row(world, first).record_id]))
    later(world, days=7)
    second = accepted(world, helper, phone="13700000001", category="elder_care")
    world.act(lambda ctx: complete_order(ctx, second, minutes=90))
    world.act(lambda ctx: rate_order(ctx, second, score=5, comment="像自家孩子一样"))
    with world.acting() as ctx:  # a service entered by hand, naming her as the person served
        activity = create_activity(ctx, title="花甲助耄耋", category="elder_pairing", host_node="G1", starts_at=T0, ends_at=T0 + dt.timedelta(hours=2))
        open_activity(ctx, activity.id)
        record_manual(ctx, member_id=helper, activity_id=activity.id, minutes=60).served_member_id = elder
    need(world, name="王秀英", phone="13700000002")  # a namesake, without service

    with world.acting() as ctx:
        archive = service_archive(ctx, "13700000001")
        lines = [(line.order_id, line.category, line.volunteer, line.minutes, line.state, line.score) for line in archive.lines]
        assert lines == [
            (first, "plumbing", "赵志愿（139****0001）", 40, "approved", None),  # served 08:20–09:00
            (None, "elder_pairing", "赵志愿（139****0001）", 60, "checked_out", None),  # from 09:00
            (second, "elder_care", "赵志愿（139****0001）", 90, "checked_out", 5),
        ]
        assert archive.approved_minutes == 40
        assert service_archive(ctx, f"#{archive.person.id}").person.id == archive.person.id
        with pytest.raises(Refused, match="有多位服务对象"):
            service_archive(ctx, "王秀英")
        with pytest.raises(NotFound):
            service_archive(ctx, "13800009999")


def test_survey_with_a_bad_row_writes_nothing_and_once_fixed_makes_the_service_list(database: Database, tmp_path: Path) -> None:
    world = chaoyangli_world(database)
    bad = tmp_path / "问需调查.csv"
    bad.write_text(
        HEADER
        + "王秀英,13700000001,G1-E1,1号楼1门101,水电维修、为老服务,,,\n"
        + "李大爷,1370000,G1-E2,5号楼1门202,打麻将,,火急,周六\n"
        + "张阿姨,,G1-E2,,义务理发,,,\n",
        encoding="utf-8",
    )
    result = import_survey(bad, world.program, world.act, year=2026)
    assert not result.written and result.needs == 0
    assert [(p.where(), p.key) for p in result.problems] == [
        ("问需调查.csv:3:手机号", "tabular.not_phone"),
        ("问需调查.csv:3:需求类别", "tabular.not_choice"),
        ("问需调查.csv:3:紧急程度", "tabular.not_choice"),
    ]
    bad.write_text(HEADER + "李大爷,,G9-E9,,义务理发,,,\n", encoding="utf-8")
    result = import_survey(bad, world.program, world.act, year=2026)
    assert [(p.where(), p.key) for p in result.problems] == [("问需调查.csv:2:所属组织", "orgs.not_found")]
    with world.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0

    good = tmp_path / "survey.csv"  # corrected, the survey makes the year's service list per node
    good.write_text(
        HEADER
        + "王秀英,13700000001,G1-E1,1号楼1门101,水电维修、为老服务,水管老化,较急,\n"
        + "李大爷,,G1-E2,1号楼2门202,为老服务,,,上午\n"
        + "张阿姨,13700000003,G2-E1,,义务理发,,,\n",
        encoding="utf-8",
    )
    result = import_survey(good, world.program, world.act, year=2026)
    assert (result.written, result.rows, result.needs, result.problems) == (True, 3, 4, [])
    with world.acting() as ctx:
        by_node = {node.code: dict(counts) for node, counts in service_list(ctx, year=2026).items()}
        assert by_node == {"G1-E1": {"plumbing": 1, "elder_care": 1}, "G1-E2": {"elder_care": 1}, "G2-E1": {"haircut": 1}}
        by_grid = {node.code: dict(counts) for node, counts in service_list(ctx, year=2026, level="grid").items()}
        assert by_grid == {"G1": {"plumbing": 1, "elder_care": 2}, "G2": {"haircut": 1}}
        assert service_list(ctx, year=2025) == {}
        surveyed = ctx.session.scalars(sa.select(Need).order_by(Need.id)).all()
        assert {(n.channel, n.survey_year) for n in surveyed} == {("survey", 2026)}
        assert [n.urgency for n in surveyed] == ["soon", "soon", "normal", "normal"]

