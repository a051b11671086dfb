"""``linli awards``: decide, print and file the list, confirm it, and show a member's titles."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from linli.core import Database, migrate
from linli.core.cli import cli
from linli.core.plugins import make_plugin_host
from tests.plugins.commendations.town import award, make_town

PROGRAM = """\
linli: 1
program: {name: 百步亭社区志愿服务}
organization:
  levels: [{key: center, name: 志愿服务中心}, {key: station, name: 志愿服务站}, {key: group, name: 楼栋志愿服务小组}]
activity_categories: {patrol: {name: 巡逻}}
commendations:
  awards:
    - {id: outstanding, title: 优秀志愿者, top: 1, per_level: station}
"""
HEADERS = ["奖项", "期间", "评选范围", "名次", "志愿者", "手机", "排名依据", "数值"]
WINNERS = [
    ["优秀志愿者", "2024", "安居苑志愿服务站", 1, "张秀英", "138****0000", "服务时长（小时）", 5],
    ["优秀志愿者", "2024", "百步亭花园志愿服务站", 1, "赵磊", "138****0003", "服务时长（小时）", 1.5],
]


@pytest.fixture
def awards(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``linli awards`` against a migrated database in which 张秀英 served 5 hours and 赵磊 1.5 in 2024."""
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    database = Database(database_url)
    migrate.upgrade(database, make_plugin_host())
    town = make_town(database, [award()])
    town.serve("张秀英", 300)
    town.serve("赵磊", 90)
    database.dispose()
    return lambda *args: CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, "awards", *args])


def test_the_list_is_printed_as_a_draft_then_confirmed_and_shown(awards: Callable[..., Result]) -> None:
    decided = awards("--period", "2024")
    assert decided.exit_code == 0, decided.output
    assert "2024 评选结果：共 2 人" in decided.stdout and "138****0000" in decided.stdout and "草稿" in decided.stdout
    assert "13800000000" not in decided.stdout
    confirmed = awards("confirm", "--period", "2024")
    assert confirmed.exit_code == 0 and "已确认 2024 的 2 个称号" in confirmed.stdout
    shown = awards("show", "13800000000")
    assert shown.exit_code == 0 and "张秀英（138****0000）的荣誉称号：1 个" in shown.stdout and "已确认" in shown.stdout
    again = awards("--period", "2024")
    assert again.exit_code == 1 and "名单已确认" in again.stderr
    missing = awards()
    assert missing.exit_code == 2 and "--period" in missing.stderr
    wrong = awards("--period", "明年")
    assert wrong.exit_code == 1 and "评选期间“明年”无效" in wrong.stderr and "Traceback" not in wrong.output


def test_csv_and_xlsx_read_back(awards: Callable[..., Result], tmp_path: Path) -> None:
    assert awards("--period", "2024", "--format", "csv").exit_code == 0
    with (tmp_path / "awards-2024.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[1] == HEADERS and rows[2:] == [[str(cell) for cell in row] for row in WINNERS]
    target = tmp_path / "名单.xlsx"
    assert awards("--period", "2024", "--format", "xlsx", "-o", str(target)).exit_code == 0  # a draft may be redone
    sheet = load_workbook(target).active
    assert [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)] == WINNERS
