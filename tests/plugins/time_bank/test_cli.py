"""``linli passbook``: the table on screen, and CSV / workbook files that read back as written."""

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
from tests.plugins.time_bank.bank import make_bank

PROGRAM = """\
linli: 1
program: {name: 联星街道党员志愿服务银行}
organization:
  levels: [{key: center, name: 中心}, {key: station, name: 站}, {key: group, name: 小组}]
activity_categories: {elderly: {name: 助老}, patrol: {name: 巡逻}}
time_bank: {title: 志愿服务存折, withdrawals: true}
"""
HEADERS = ["日期", "摘要", "服务项目", "服务日期", "对方", "存入（分钟）", "支取（分钟）", "结余（分钟）"]
LINES = [
    ["2024-03-01", "服务存入", "陪伴空巢老人", "2024-03-01", "", 120, "", 120],
    ["2024-03-01", "被服务支取", "陪伴空巢老人", "2024-03-01", "居民1", "", 45, 75],
]


@pytest.fixture
def passbook(database_url: str, tmp_path: Path) -> Callable[..., Result]:
    """``linli passbook`` against a migrated database in which 居民0 banked 120 minutes and was served 45."""
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    database = Database(database_url)
    migrate.upgrade(database, make_plugin_host())
    bank = make_bank(database)
    elder, helper = bank.people[:2]
    bank.serve(elder, 120)
    bank.serve(helper, 45, served=elder)
    database.dispose()
    return lambda *args: CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, "passbook", *args])


def test_the_passbook_on_screen_and_in_files(passbook: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = passbook("13800000000")
    assert shown.exit_code == 0, shown.output
    assert "志愿服务存折：居民0（138****0000），结余 75 分钟" in shown.stdout
    assert "13800000000" not in shown.stdout and "居民1" in shown.stdout

    target = tmp_path / "存折.csv"
    written = passbook("13800000000", "--format", "csv", "-o", str(target))
    assert written.exit_code == 0 and "2 行" in written.stdout
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["志愿服务存折：居民0（138****0000），结余 75 分钟"]
    assert rows[1] == HEADERS
    assert rows[2:] == [[str(cell) for cell in line] for line in LINES]

    monkeypatch.chdir(tmp_path)
    assert passbook("1", "--format", "xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "passbook-1.xlsx").active
    cells = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[1] == HEADERS
    assert [row[: len(HEADERS)] for row in cells[2:]] == LINES  # numbers stay numbers

    unknown = passbook("13900000000")
    assert unknown.exit_code == 1 and "找不到手机号为 139****0000 的志愿者" in unknown.stderr and "Traceback" not in unknown.output
