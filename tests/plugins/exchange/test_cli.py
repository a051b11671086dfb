"""The exchange from the command line: redeem, verify, cancel, expire, settle, funds (SQLite)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from openpyxl import load_workbook

import linli.plugins.exchange as exchange
import linli.plugins.funds as funds
import linli.plugins.incentives as incentives
import linli.plugins.merchants as merchants
from linli.core import Database, migrate
from linli.core.cli import cli
from linli.core.config import ProgramLoader
from linli.core.db import sqlite_url
from linli.core.plugins import make_plugin_host
from tests.core.factories import make_world
from tests.plugins.exchange.helpers import DIRECTORY, EXCHANGE, INCENTIVES, earn, member
from tests.plugins.exchange.test_settlement import FUNDS

TREE = {
    "levels": [{"key": "center", "name": "中心"}, {"key": "station", "name": "站"}, {"key": "group", "name": "小组"}],
    "nodes": [
        {
            "code": "BBT",
            "name": "百步亭",
            "level": "center",
            "children": [
                {"code": "S01", "name": "安居苑", "level": "station", "children": [{"code": "G0101", "name": "1栋", "level": "group"}]},
                {"code": "S02", "name": "花园", "level": "station", "children": [{"code": "G0201", "name": "花园1栋", "level": "group"}]},
            ],
        }
    ],
}
PROGRAM = {
    "linli": 1,
    "program": {"name": "百步亭积分兑换"},
    "organization": TREE,
    "activity_categories": {"patrol": {"name": "巡逻"}, "elderly": {"name": "助老"}},
    "member_tags": {"party_member": {"name": "党员"}},
    "incentives": INCENTIVES,
    "merchants": {"directory": [{**DIRECTORY[0], "items": DIRECTORY[0]["items"][:2]}, DIRECTORY[1]]},
    "exchange": EXCHANGE,
    "funds": FUNDS,
}
CODE = re.compile(r"核销码：(\w{4}-\w{4})")


def test_a_day_at_the_exchange(tmp_path: Path) -> None:
    config = tmp_path / "linli.yaml"
    config.write_text(yaml.safe_dump(PROGRAM, allow_unicode=True), "utf-8")
    url = sqlite_url(tmp_path / "linli.db")
    host = make_plugin_host()
    database = Database(url)
    migrate.upgrade(database, host)
    plugins = [("incentives", incentives), ("merchants", merchants), ("exchange", exchange), ("funds", funds)]
    world = make_world(database, *plugins, program=ProgramLoader(host).load(config))
    for clerk in ("barber", "washer"):
        world.operator(clerk, None, role="clerk")
    volunteer = member(world, "13800000001")
    earn(world, volunteer, 30)
    database.dispose()

    def linli(*args: str, operator: str = "admin") -> Result:
        return CliRunner().invoke(cli, ["-c", str(config), "--database-url", url, "--operator", operator, *args])

    assert "商家：新增 2 个" in linli("merchants", "sync").stdout
    redeemed = linli("redeem", "13800000001", "haircut", "--key", "k1")
    assert redeemed.exit_code == 0, redeemed.output
    code = CODE.search(redeemed.stdout)[1]  # type: ignore[index]
    assert CODE.search(linli("redeem", "13800000001", "haircut", "--key", "k1").stdout)[1] == code  # type: ignore[index]

    wrong = linli("verify", code, operator="washer")
    assert wrong.exit_code == 1 and "不是商家“花园理发店”的核销员" in wrong.stderr and "Traceback" not in wrong.output
    assert f"已核销 {code}" in linli("verify", code.lower(), operator="barber").stdout
    used = linli("verify", code, operator="barber")
    assert used.exit_code == 1 and "不能重复使用" in used.stderr
    shown = linli("redemption", "show", code)
    assert "已核销" in shown.stdout, shown.output

    second = CODE.search(linli("redeem", "1", "shampoo", "-n", "2").stdout)[1]  # type: ignore[index]
    assert f"已取消 {second}，100 积分已退回" in linli("redemption", "cancel", second).stdout
    assert "0 笔兑换过期" in linli("exchange", "expire", "--as-of", "2024-04-01").stdout
    short = linli("redeem", "1", "haircut", "-n", "3")
    assert short.exit_code == 1 and "每人限 2 份" in short.stderr

    table = linli("settle", "--period", "2024-03")
    assert table.exit_code == 0 and "积分结算（2024-03）" in table.stdout
    target = tmp_path / "结算.xlsx"
    assert linli("settle", "--period", "2024-03", "--format", "xlsx", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames[0] == "积分发行（按社区和资金来源）"
    assert [cell.value for cell in book.worksheets[0][3]] == ["S01", "政府项目资金", 300, 30]
    assert linli("settle", "--period", "2024-03", "--format", "csv", "-o", str(tmp_path / "结算.csv")).exit_code == 0
    assert "跨社区通兑（获得地→使用地）" in (tmp_path / "结算.csv").read_text("utf-8-sig")
    bad = linli("settle", "--period", "2024-13")
    assert bad.exit_code == 1 and "2026-11 这样的年-月" in bad.stderr
    assert linli("funds").exit_code == 0
