"""``linli import orgs``: parents first whatever the row order, every bad row located, re-imports skipped."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from linli.core.importers import OrgImporter
from linli.core.models import OrgNode
from tests.core.factories import World, world  # noqa: F401  (fixture)
from tests.core.importers.sheets import ORG_HEADER, counts, run, write_csv, write_xlsx

# Children before their parents on purpose; S03 hangs under BBT, which the program already holds.
SHEET = [
    ORG_HEADER,
    ["G0301", "百步亭花园1栋小组", "S03", "楼栋志愿服务小组", 320],
    ["G0302", "百步亭花园2栋小组", "S03", "group", ""],
    ["S03", "百步亭花园社区志愿服务站", "BBT", "志愿服务站", 8000],
]


def tree(world: World) -> dict[str, tuple[str | None, str, int | None]]:
    """Code → (parent code, level, residents), read with the paths checked against the parents."""
    with world.database.reading() as session:
        nodes = list(session.scalars(sa.select(OrgNode)))
        by_id = {node.id: node for node in nodes}
        for node in nodes:
            assert node.path == (by_id[node.parent_id].path if node.parent_id else "/") + f"{node.id}/"
        return {node.code: (by_id[node.parent_id].code if node.parent_id else None, node.level, node.residents) for node in nodes}


def test_rows_in_any_order_hang_under_their_parents_once(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "组织.xlsx", [*SHEET, ["BBT", "百步亭社区志愿服务中心", "", "center", ""]])
    summary = run(world, OrgImporter(), path)
    assert (summary.written, summary.created, summary.skipped, summary.rejected) == (True, 3, 1, 0)  # BBT: the program's own root
    nodes = tree(world)
    assert nodes["S03"] == ("BBT", "station", 8000)
    assert nodes["G0301"] == ("S03", "group", 320) and nodes["G0302"] == ("S03", "group", None)
    before = counts(world.database)
    again = run(world, OrgImporter(), path)
    assert (again.written, again.created, again.skipped) == (True, 0, 4)
    assert counts(world.database) == before


def test_every_bad_row_is_located_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    rows = [
        ORG_HEADER,
        ["S03", "百步亭花园社区志愿服务站", "BBT", "station", 8000],  # 2: fine
        ["G0901", "无主小组", "S99", "group", ""],  # 3: unknown parent code
        ["S04", "越级站", "G0101", "station", ""],  # 4: a station under a group
        ["S05", "未知层级站", "BBT", "网格", ""],  # 5: unknown level
        ["S03", "重复站", "BBT", "station", ""],  # 6: code repeated in the file
        ["A1", "甲", "A2", "group", ""],  # 7: A1 and A2 are each other's parent
        ["A2", "乙", "A1", "group", ""],  # 8
        ["G0501", "跟随未知层级站", "S05", "group", ""],  # 9: its parent's row is bad
        ["G0302", "人口不详", "S03", "group", "约三百"],  # 10: residents not a number
        ["S01", "改了名字的站", "BBT", "station", ""],  # 11: S01 exists with another name
    ]
    before = counts(world.database)
    summary = run(world, OrgImporter(), write_csv(tmp_path / "组织.csv", rows))
    assert not summary.written and summary.rejected == 9
    assert counts(world.database) == before
    assert [line.split(": ", 1)[0] for line in summary.report("zh-CN")] == [
        "组织.csv:3:上级编码",
        "组织.csv:4:层级",
        "组织.csv:5:层级",
        "组织.csv:6:编码",
        "组织.csv:7:上级编码",
        "组织.csv:8:上级编码",
        "组织.csv:9:上级编码",
        "组织.csv:10:常住人口",
        "组织.csv:11:编码",
    ]
    text = "\n".join(summary.report("zh-CN"))
    assert "S99" in text and "必须低于" in text and "网格" in text and "循环" in text and "第5行" in text and "安居苑志愿服务站" in text
