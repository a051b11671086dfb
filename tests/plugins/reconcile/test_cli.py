"""``linli reconcile``: the printed report, the workbook with one sheet per class, and a bad ledger located cell by cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from linli.core import Database, migrate
from linli.core.cli import cli
from linli.core.plugins import make_plugin_host
from linli.core.services import review
from tests.scenarios.helpers import open_preset

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def run(database_url: str, tmp_path: Path) -> Callable[..., Result]:
    """``linli reconcile`` on the 博凯 preset, where 陈秀英 served 2 hours on 3 November and 1 hour on 4 November; 书画展 on 20 November has no records."""
    config = tmp_path / "linli.yaml"
    config.write_text("linli: 1\nextends: bokai\n", "utf-8")
    database = Database(database_url)
    migrate.upgrade(database, make_plugin_host())
    bokai = open_preset("bokai", database, now=NOW)
    chen = bokai.member("陈秀英", "13800001001", "BK-KY")
    meal = bokai.activity("长者饭堂助餐", "elder_disability", "BK", "2026-11-03 10:00")
    patrol = bokai.activity("平安巡防", "safety_patrol", "BK", "2026-11-04 19:00")
    bokai.activity("书画展", "culture_arts", "BK", "2026-11-20 09:00")
    done = [bokai.serve(chen, meal, "2026-11-03 10:00", 120), bokai.serve(chen, patrol, "2026-11-04 19:00", 60)]
    bokai.act(lambda ctx: review(ctx, approve=done))
    database.dispose()
    return lambda *args: CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, "reconcile", *args])


def test_report_on_screen_and_as_workbook(run: Callable[..., Result], tmp_path: Path) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "姓名,手机号,活动,日期,服务时长（小时）\n陈秀英,13800001001,长者饭堂助餐,2026/11/3,2小时\n陈秀英,13800001001,书画展,2026-11-20,1\n", "utf-8"
    )
    target = tmp_path / "对账.xlsx"
    shown = run(str(ledger), "--period", "2026-11", "-o", str(target))
    assert shown.exit_code == 0, shown.output
    assert "一致 1，时长不符 0，仅平台 1，仅台账 1" in shown.stdout
    assert "138****1001" in shown.stdout and "13800001001" not in shown.stdout
    book = load_workbook(target)
    assert book.sheetnames == ["一致", "时长不符", "仅平台有", "仅台账有"]
    assert [row[1:3] for row in book["仅台账有"].iter_rows(min_row=2, values_only=True)] == [("陈秀英", "13800001001")]
    assert [row[4] for row in book["仅平台有"].iter_rows(min_row=2, values_only=True)] == ["平安巡防"]


def test_bad_cells_are_listed_as_file_row_column_and_nothing_is_compared(run: Callable[..., Result], tmp_path: Path) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text("姓名,手机号,活动,日期,服务时长（小时）\n陈秀英,1380000,长者饭堂助餐,2026-11-03,两小时\n", "utf-8")
    shown = run(str(ledger), "--period", "2026-11")
    assert shown.exit_code == 1
    assert "台账.csv:2:手机号:" in shown.stderr and "台账.csv:2:服务时长（小时）:" in shown.stderr
    assert "台账有 2 处问题" in shown.stderr
    assert run(str(ledger), "--period", "2026-13").exit_code == 1


def test_record_missing_enters_ledger_only_lines_for_review_once(run: Callable[..., Result], tmp_path: Path) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text("姓名,手机号,活动,日期,服务时长（小时）\n陈秀英,13800001001,书画展,2026-11-20,1.5\n陈秀英,,读书会,2026-11-21,1\n", "utf-8")
    first = run(str(ledger), "--period", "2026-11", "--record-missing")
    assert first.exit_code == 0, first.output
    assert "已录入 1 条纸质台账记录，等待审核；1 行无法录入" in first.stdout and "台账.csv:3:" in first.stdout
    again = run(str(ledger), "--period", "2026-11", "--record-missing")
    assert "一致 1，时长不符 0，仅平台 2，仅台账 1" in again.stdout  # the entered record now stands on the platform, awaiting review
    assert "已录入 0 条" in again.stdout
