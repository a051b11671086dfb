"""``linli import service``: hours from a paper ledger, matched to activities, reviewed or certified, never twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from linli.core.importers import NewActivities, ServiceImporter
from linli.core.models import Activity, ServiceRecord
from linli.core.services import create_activity, open_activity, register_member
from tests.core.factories import World, world  # noqa: F401  (fixture)
from tests.core.importers.sheets import SERVICE_HEADER, counts, run, write_csv, write_xlsx

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 3, day, hour, minute, tzinfo=CST)


@pytest.fixture
def ready(world: World) -> World:
    """Two volunteers; 夜间巡逻 on 5 and 12 March, 万家宴 on 10 March, 义诊 planned but not open."""

    def fill(ctx) -> None:
        register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101")
        register_member(ctx, name="李建国", phone="13800000002", home_node="G0201")
        for title, start, end, host in (
            ("夜间巡逻", at(5, 19), at(5, 22), "S01"),
            ("万家宴", at(10, 10), at(10, 15), "S02"),
            ("夜间巡逻", at(12, 19), at(12, 22), "S01"),
        ):
            activity = create_activity(ctx, title=title, category="patrol", host_node=host, starts_at=start, ends_at=end)
            open_activity(ctx, activity.id)
        create_activity(ctx, title="义诊", category="elderly", host_node="S01", starts_at=at(6, 9), ends_at=at(6, 11))

    world.act(fill)
    return world


def records(world: World) -> list[tuple[str, str, int, int | None, str, int | None, str]]:
    """(title, phone, minutes, approved minutes, state, score, source) of every record."""
    with world.database.reading() as session:
        rows = session.scalars(sa.select(ServiceRecord).order_by(ServiceRecord.id))
        return [(r.activity.title, r.member.phone, r.minutes, r.approved_minutes, r.state, r.score, r.source) for r in rows]


GOOD = [
    SERVICE_HEADER,
    ["13800000001", "夜间巡逻", "2024-03-05 19:00", "2024-03-05 22:00", "3", "5", "纸质台账"],
    ["13800000002", "夜间巡逻", dt.datetime(2024, 3, 12, 19, 30), dt.datetime(2024, 3, 12, 21, 30), "", "", ""],
    ["13800000001", "万家宴", "2024/3/10 10:00", "2024/3/10 15:00", "4小时30分", "", "管理员录入"],
]


def test_rows_find_their_activity_by_title_and_date(ready: World, tmp_path: Path) -> None:
    summary = run(ready, ServiceImporter(approve=True), write_xlsx(tmp_path / "台账.xlsx", GOOD))
    assert (summary.written, summary.created, summary.skipped, summary.rejected) == (True, 3, 0, 0)
    assert records(ready) == [
        ("夜间巡逻", "13800000001", 180, 180, "approved", 5, "paper_ledger"),
        ("夜间巡逻", "13800000002", 120, 120, "approved", None, "import"),
        ("万家宴", "13800000001", 270, 270, "approved", None, "operator"),
    ]
    with ready.database.reading() as session:
        second_patrol = session.scalars(sa.select(ServiceRecord).where(ServiceRecord.minutes == 120)).one()
        assert second_patrol.activity.starts_at == at(12, 19)


def test_imported_hours_wait_for_review_and_are_never_imported_twice(ready: World, tmp_path: Path) -> None:
    rows = [*GOOD, ["13800000099", "万家宴", "2024-03-10 10:00", "2024-03-10 12:00", "", "", ""]]
    path = write_csv(tmp_path / "台账.csv", rows, encoding="gb18030")
    first = run(ready, ServiceImporter(), path, skip_invalid=True)
    assert (first.written, first.created, first.rejected) == (True, 3, 1)
    assert first.rejects is not None and "13800000099" in first.rejects.read_text("utf-8-sig")
    assert {state for *_, state, _, _ in records(ready)} == {"checked_out"}
    before = counts(ready.database)
    again = run(ready, ServiceImporter(approve=True), path, skip_invalid=True)
    assert (again.written, again.created, again.skipped, again.rejected) == (True, 0, 3, 1)
    assert counts(ready.database) == before


def test_every_bad_row_is_located_and_nothing_is_written(ready: World, tmp_path: Path) -> None:
    rows = [
        SERVICE_HEADER,
        GOOD[1],  # 2: fine
        ["13800000002", "万家宴", "2024-03-10 15:00", "2024-03-10 10:00", "", "", ""],  # 3: end before start
        ["13800000099", "万家宴", "2024-03-10 10:00", "2024-03-10 12:00", "", "", ""],  # 4: nobody has this phone
        ["1380000000", "万家宴", "2024-03-10 10:00", "2024-03-10 12:00", "", "", ""],  # 5: bad phone
        ["13800000002", "广场舞", "2024-03-10 10:00", "2024-03-10 12:00", "", "", ""],  # 6: unknown activity
        ["13800000002", "夜间巡逻", "2024-03-06 19:00", "2024-03-06 21:00", "", "", ""],  # 7: not held that day
        ["13800000002", "万家宴", "2024-03-10 10:00", "2024-03-10 12:00", "3", "", ""],  # 8: 3 hours in a 2-hour span
        ["13800000002", "万家宴", "2024-03-10 13:00", "2024-03-10 15:00", "", "6", ""],  # 9: rating out of 1–5
        ["13800000001", "夜间巡逻", "2024-03-05 19:00", "2024-03-05 21:00", "", "", ""],  # 10: same person, activity, start as row 2
        ["13800000002", "万家宴", "2024-03-10 14:00", "2024-03-10 15:00", "", "", "微信群"],  # 11: unknown source
        ["13800000002", "义诊", "2024-03-06 09:00", "2024-03-06 11:00", "", "", ""],  # 12: activity not open
    ]
    before = counts(ready.database)
    summary = run(ready, ServiceImporter(approve=True), write_xlsx(tmp_path / "台账.xlsx", rows))
    assert not summary.written and summary.rejected == 10
    assert counts(ready.database) == before
    assert [line.split(": ", 1)[0] for line in summary.report("zh-CN")] == [
        "台账.xlsx:3:结束时间",
        "台账.xlsx:4:手机号",
        "台账.xlsx:5:手机号",
        "台账.xlsx:6:活动",
        "台账.xlsx:7:活动",
        "台账.xlsx:8:服务时长(小时)",
        "台账.xlsx:9:评价",
        "台账.xlsx:10:手机号",
        "台账.xlsx:11:来源",
        "台账.xlsx:12:活动",
    ]
    text = "\n".join(summary.report("zh-CN"))
    assert "早于开始时间" in text and "138****0099" in text and "广场舞" in text and "2024-03-05 / 2024-03-12" in text


def test_missing_activities_are_created_once_per_title_and_day(ready: World, tmp_path: Path) -> None:
    rows = [
        ["phone", "activity", "start", "end", "hours"],  # English headers
        ["13800000001", "防汛抢险", "2024-03-20 08:00", "2024-03-20 12:00", "4"],
        ["13800000002", "防汛抢险", "2024-03-20 13:00", "2024-03-20 18:00", "5"],
        ["13800000001", "防汛抢险", "2024-03-21 08:00", "2024-03-21 10:00", "2"],
        ["13800000002", "夜间巡逻", "2024-03-05 19:00", "2024-03-05 22:00", ""],
    ]
    path = write_csv(tmp_path / "flood.csv", rows)
    summary = run(ready, ServiceImporter(approve=True, create=NewActivities("patrol", "S02")), path)
    assert (summary.created, summary.activities) == (4, 2)
    with ready.database.reading() as session:
        floods = list(session.scalars(sa.select(Activity).where(Activity.title == "防汛抢险").order_by(Activity.starts_at)))
        assert [(a.starts_at, a.ends_at, a.status, a.host_node.code) for a in floods] == [
            (at(20, 8), at(20, 18), "open", "S02"),
            (at(21, 8), at(21, 10), "open", "S02"),
        ]
    again = run(ready, ServiceImporter(approve=True, create=NewActivities("patrol", "S02")), path)
    assert (again.created, again.skipped, again.activities) == (0, 4, 0)


def test_same_title_twice_a_day_needs_the_number(ready: World, tmp_path: Path) -> None:
    second = ready.act(
        lambda ctx: open_activity(
            ctx, create_activity(ctx, title="万家宴", category="culture", host_node="S01", starts_at=at(10, 17), ends_at=at(10, 20)).id
        ).id
    )
    rows = [
        SERVICE_HEADER,
        ["13800000001", "万家宴", "2024-03-10 17:00", "2024-03-10 19:00", "", "", ""],
        ["13800000001", f"万家宴（#{second}）", "2024-03-10 17:00", "2024-03-10 19:00", "", "", ""],
    ]
    summary = run(ready, ServiceImporter(), write_xlsx(tmp_path / "台账.xlsx", rows), skip_invalid=True)
    assert summary.created == 1 and [line.split(": ", 1)[0] for line in summary.report("zh-CN")] == ["台账.xlsx:2:活动"]
    assert f"万家宴（#{second}）" in summary.report("zh-CN")[0]
