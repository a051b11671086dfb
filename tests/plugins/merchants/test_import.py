"""``linli import catalogue``: items from Excel with row-level problems, all or nothing, as core's imports."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

import linli.plugins.merchants as merchants
from linli.core import Database, migrate
from linli.core.cli import cli
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.core.factories import make_world
from tests.core.importers.sheets import run, write_csv, write_xlsx
from tests.plugins.exchange.helpers import exchange_world

HEADER = ["商家编码", "商家名称", "服务社区", "核销员", "商品编码", "商品名称", "类型", "积分", "结算金额（元）", "库存", "每人限兑", "限兑周期", "限标签"]
GOOD = [
    HEADER,
    ["FLOWER", "芳草花艺工作室", "S01、S02", "washer", "flower-class", "花艺课程", "服务", 300, 40, 10, 1, "每月", "党员"],
    ["FLOWER", "", "", "", "vase", "花瓶", "物品", 200, "25.50", "", "", "", ""],
    ["BARBER", "", "", "", "wash", "洗头", "服务", 30, 5, "", "", "", ""],
]


def items(database: Database) -> dict[str, tuple[object, ...]]:
    with database.reading() as session:
        rows = session.execute(sa.select(merchants.CatalogueItem.code, merchants.CatalogueItem.stock, merchants.CatalogueItem.cny_fen, merchants.CatalogueItem.origin))
        return {code: rest for code, *rest in rows}


def test_a_good_sheet_imports_and_again_adds_nothing(database: Database, tmp_path: Path) -> None:
    world = exchange_world(database)
    summary = run(world, merchants.CatalogueImporter(), write_xlsx(tmp_path / "目录.xlsx", GOOD))
    assert (summary.written, summary.created, summary.problems) == (True, 3, [])
    found = items(database)
    assert found["flower-class"] == [10, 4000, "import"] and found["vase"] == [None, 2550, "import"]
    again = run(world, merchants.CatalogueImporter(), write_xlsx(tmp_path / "目录.xlsx", GOOD))
    assert (again.created, again.skipped) == (0, 3)


def test_a_bad_row_is_located_and_nothing_is_written(database: Database, tmp_path: Path) -> None:
    world = exchange_world(database)
    bad = [
        *GOOD,
        ["FLOWER", "", "", "", "bad-points", "坏积分", "服务", 0, 1, "", "", "", ""],
        ["GHOST", "", "", "", "ghost-item", "无主商品", "服务", 10, 1, "", "", "", ""],
        ["BARBER", "", "", "", "haircut", "理发", "服务", 10, 1, "", "", "", ""],
        ["SHOP", "小卖部", "S99", "", "gum", "口香糖", "物品", 5, 0.5, "", 2, "", "退休"],
    ]
    summary = run(world, merchants.CatalogueImporter(), write_xlsx(tmp_path / "目录.xlsx", bad))
    assert not summary.written
    assert summary.report("zh-CN") == [
        "目录.xlsx:5:积分: “0”应当是不小于 1 的整数",
        "目录.xlsx:6:商家名称: 商家 GHOST 还不存在：至少要有一行写明商家名称和服务社区",
        "目录.xlsx:7:商品编码: 商品 haircut 在配置文件里定义，请在配置文件里修改，不能用导入覆盖",
        "目录.xlsx:8:限标签: 不是可选的值：“退休”（可选：party_member / 党员 / in_service_party / 在职党员 / youth / 青年）",
        "目录.xlsx:8:限兑周期: 每人限兑和限兑周期要同时填写",
    ]
    assert "flower-class" not in items(database)


def test_skip_invalid_imports_the_rest_and_writes_rejects(database: Database, tmp_path: Path) -> None:
    world = exchange_world(database)
    sheet = [*GOOD, ["SHOP", "小卖部", "S99", "", "gum", "口香糖", "物品", 5, 0.5, "", "", "", ""]]
    summary = run(world, merchants.CatalogueImporter(), write_csv(tmp_path / "目录.csv", sheet), skip_invalid=True)
    assert (summary.written, summary.created, summary.rejected) == (True, 3, 1)
    assert summary.report("zh-CN") == ["目录.csv:5:服务社区: 组织编码 S99 不存在"]
    assert summary.rejects is not None and summary.rejects.exists()
    assert "gum" not in items(database) and "vase" in items(database)


PROGRAM = """\
linli: 1
program: {name: 百步亭}
organization:
  levels: [{key: center, name: 中心}, {key: station, name: 站}]
  nodes: [{code: BBT, name: 百步亭, level: center, children: [{code: S01, name: 安居苑, level: station}]}]
merchants: {}
"""


def test_the_command_line_imports_and_lists_the_catalogue(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    host = make_plugin_host()
    database = Database(database_url)
    migrate.upgrade(database, host)
    make_world(database, program=ProgramLoader(host).load(config))
    database.dispose()
    sheet = write_xlsx(tmp_path / "目录.xlsx", [HEADER, ["SHOP", "志愿者之家超市", "S01", "", "rice", "大米", "物品", 800, 30, 50, 1, "每年", ""]])

    def linli(*args: str) -> object:
        return CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, *args])

    imported = linli("import", "catalogue", str(sheet))
    assert imported.exit_code == 0, imported.output
    assert "兑换目录导入 目录.xlsx：新增 1 行" in imported.stdout
    assert linli("catalogue").exit_code == 0
    listed = linli("catalogue", "--format", "csv", "-o", str(tmp_path / "目录.csv"))
    assert listed.exit_code == 0 and "1 行" in listed.stdout
    lines = (tmp_path / "目录.csv").read_text("utf-8-sig").splitlines()
    assert lines[2] == "rice,大米,物品,志愿者之家超市（SHOP）,800,30.00,50,每人每年 1 份,—,—"
    refused = linli("import", "catalogue", str(write_xlsx(tmp_path / "坏.xlsx", [HEADER, ["SHOP", "", "", "", "oil", "油", "物品", "很多", 30, "", "", "", ""]])))
    assert refused.exit_code == 1 and "坏.xlsx:2:积分" in refused.stderr
    assert linli("merchants", "list").exit_code == 0


def test_a_program_without_merchants_lists_the_catalogue_import_but_refuses_it(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM.replace("merchants: {}\n", ""), "utf-8")
    host = make_plugin_host()
    database = Database(database_url)
    migrate.upgrade(database, host)
    make_world(database, program=ProgramLoader(host).load(config))
    sheet = write_xlsx(tmp_path / "目录.xlsx", [HEADER, ["SHOP", "志愿者之家超市", "S01", "", "rice", "大米", "物品", 800, 30, 50, 1, "每年", ""]])

    def linli(*args: str) -> object:
        return CliRunner().invoke(cli, ["-c", str(config), "--database-url", database_url, *args])

    assert "catalogue" in linli("import", "--help").stdout
    refused = linli("import", "catalogue", str(sheet))
    assert refused.exit_code == 1
    assert "“catalogue”由 merchants 插件导入，本方案没有启用它的配置段（merchants）" in refused.stderr
    with database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM merchant")).scalar() == 0
    database.dispose()
