"""``linli points balance`` and ``linli points expire`` on a migrated database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import linli.plugins.incentives as incentives
from linli.core import Database, migrate
from linli.core.cli import cli
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.core.factories import make_world
from tests.plugins.incentives.helpers import member
from tests.plugins.incentives.test_expiry import earn, spend

PROGRAM = """\
linli: 1
program: {name: 百步亭社区志愿服务}
organization:
  levels: [{key: center, name: 中心}, {key: station, name: 站}, {key: group, name: 小组}]
  nodes:
    - code: BBT
      name: 中心
      level: center
      children:
        - {code: S01, name: 安居苑志愿服务站, level: station, children: [{code: G0101, name: 安居苑1栋小组, level: group}]}
activity_categories:
  patrol: {name: 巡逻}
incentives:
  unit_name: 公益积分
  expiry: {policy: year_end}
  rules:
    - {id: base, kind: rate, points: 10}
"""


def test_balance_and_expiry_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    host = make_plugin_host(autoload=False)
    database = Database(database_url)
    migrate.upgrade(database, host)
    world = make_world(database, ("incentives", incentives), program=ProgramLoader(host).load(config))
    volunteer = member(world, "13900000001")
    earn(world, volunteer, "2024-05-01 09:00", 90)
    spend(world, volunteer, 5, "2024-06-01 10:00")
    database.dispose()

    def linli(*args: str) -> str:
        result = CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, "points", *args], env={"LINLI_DISABLE_PLUGIN_AUTOLOAD": "1"})
        assert result.exit_code == 0, result.output
        return result.stdout

    assert linli("balance", "13900000001").splitlines() == ["志愿者0001（139****0001）", "累计获得：15 公益积分", "已使用：5 公益积分", "已过期：0 公益积分", "当前余额：10 公益积分"]
    assert linli("expire", "--as-of", "2025-01-01") == "截至 2025-01-01：1 名志愿者共清零 10 公益积分\n"
    assert linli("expire", "--as-of", "2025-01-01") == "截至 2025-01-01：0 名志愿者共清零 0 公益积分\n"
    assert linli("balance", str(volunteer)).splitlines()[-2:] == ["已过期：10 公益积分", "当前余额：0 公益积分"]
    unknown = CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, "points", "balance", "张三"])
    assert unknown.exit_code == 1 and "找不到志愿者 张三" in unknown.stderr
