"""The done-when path through the command line: a fresh program, three Chinese sheets, a report that adds up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linli.core.cli import cli
from tests.core.factories import id_number
from tests.core.importers.sheets import MEMBER_HEADER, ORG_HEADER, SERVICE_HEADER, read_xlsx, write_xlsx

ORGS = [
    ORG_HEADER,
    ["G0101", "安居苑1栋小组", "S01", "楼栋志愿服务小组", 300],
    ["S01", "安居苑志愿服务站", "BBT", "志愿服务站", 6000],
    ["G0102", "安居苑2栋小组", "S01", "楼栋志愿服务小组", 280],
    ["S02", "百步亭花园志愿服务站", "BBT", "志愿服务站", 5000],
    ["G0201", "花园1栋小组", "S02", "楼栋志愿服务小组", 260],
]
MEMBERS = [
    MEMBER_HEADER,
    ["张秀英", "13800000001", id_number(sequence="124"), "女", "", "G0101", "党员", "理发", "助老", "家门口", "2025-01-05"],
    ["李建国", "13800000002", "", "男", "", "G0102", "", "维修、电工", "", "线上", "2025-03-01"],
    ["王芳", "13800000003", "", "女", "", "G0201", "在职党员", "", "", "", "2025-04-01"],
    ["赵磊", "13800000004", "", "男", "", "花园1栋小组", "", "", "", "", ""],
]
SERVICE = [
    SERVICE_HEADER,
    ["13800000001", "夜间巡逻", "2025-06-01 19:00", "2025-06-01 22:00", "3", "5", "纸质台账"],
    ["13800000002", "夜间巡逻", "2025-06-01 19:00", "2025-06-01 20:30", "1.5", "", "纸质台账"],
    ["13800000003", "万家宴", "2026-01-20 10:00", "2026-01-20 15:00", "4", "", ""],
    ["13800000001", "万家宴", "2026-01-20 10:00", "2026-01-20 12:00", "2", "4", ""],
]


@pytest.fixture
def linli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``linli`` in a fresh program folder against an empty database, as the district admin."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, ["-c", "bbt/linli.yaml", "--database-url", database_url, *args], env=env)

    assert runner.invoke(cli, ["init", "bbt", "--from", "baibuting"]).exit_code == 0
    upgraded = invoke("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    # scrypt is slow on purpose: one bootstrap per test.
    bootstrapped = invoke("operators", "bootstrap", "--name", "街道管理员", env={"LINLI_PASSWORD": "百步亭-2025"})
    assert bootstrapped.exit_code == 0, bootstrapped.output
    return invoke


def test_three_chinese_sheets_and_the_report_adds_up(linli, tmp_path: Path) -> None:
    for kind, rows, extra in (
        ("orgs", ORGS, ()),
        ("members", MEMBERS, ()),
        ("service", SERVICE, ("--approve", "--create-activities", "--category", "patrol", "--host", "BBT")),
    ):
        result = linli("import", kind, str(write_xlsx(tmp_path / f"{kind}.xlsx", rows)), *extra)
        assert result.exit_code == 0, result.output
        assert f"新增 {len(rows) - 1} 行" in result.stdout
    report = json.loads(linli("report", "--format", "json").stdout)
    hours = [3, 1.5, 4, 2]
    assert report["registered_volunteers"] == len(MEMBERS) - 1
    assert report["service_hours"] == sum(hours)
    assert report["participants"] == len({row[0] for row in SERVICE[1:]})
    assert report["activities"] == 2
    assert {row["code"]: (row["registered_volunteers"], row["service_hours"]) for row in report["by_org"]} == {
        "S01": (2, 3 + 1.5 + 2),
        "S02": (2, 4),
    }
    exported = linli("export", "members", "-o", "志愿者.xlsx")
    assert exported.exit_code == 0 and "已导出 4 行" in exported.stdout and "已脱敏" in exported.stdout
    assert read_xlsx(tmp_path / "志愿者.xlsx")[2][:2] == ["张秀英", "138****0001"]
    service = linli("export", "service", "--format", "csv")
    assert service.exit_code == 0 and any(path.name.startswith("service-") for path in tmp_path.glob("*.csv"))


def test_a_bad_sheet_is_refused_with_located_problems(linli, tmp_path: Path) -> None:
    assert linli("import", "orgs", str(write_xlsx(tmp_path / "orgs.xlsx", ORGS))).exit_code == 0
    rows = [*MEMBERS, ["刘洋", "1380000", "", "", "", "G0101", "", "", "", "", ""]]
    refused = linli("import", "members", str(write_xlsx(tmp_path / "名册.xlsx", rows)))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "名册.xlsx:6:手机号: 不是有效的手机号：“1380000”（应为11位手机号）"
    assert "未导入任何数据" in refused.stderr and "--skip-invalid" in refused.stderr
    skipped = linli("import", "members", str(tmp_path / "名册.xlsx"), "--skip-invalid")
    assert skipped.exit_code == 0 and "名册.rejects.csv" in skipped.stdout
    assert "新增 4 行，已存在跳过 0 行，有问题 1 行" in skipped.stdout
    usage = linli("import", "service", str(write_xlsx(tmp_path / "s.xlsx", SERVICE)), "--create-activities")
    assert usage.exit_code == 2 and "--category" in usage.output



def test_teams_and_explain_from_the_command_line(linli, tmp_path: Path) -> None:
    for kind, rows, extra in (
        ("orgs", ORGS, ()),
        ("members", MEMBERS, ()),
        ("service", SERVICE, ("--approve", "--create-activities", "--category", "patrol", "--host", "BBT")),
    ):
        assert linli("import", kind, str(write_xlsx(tmp_path / f"{kind}.xlsx", rows)), *extra).exit_code == 0
    created = linli("teams", "add", "巡逻队", "--anchor", "S01", "--partner-unit", "驻区派出所")
    assert created.exit_code == 0 and "已建立队伍 巡逻队（编号 1）" in created.stdout
    assert "已有 2 人加入队伍 #1" in linli("teams", "join", "1", "13800000001", "13800000003").stdout
    assert linli("teams", "pair", "1", "S01").exit_code == 0
    listed = linli("teams", "list").stdout
    assert "巡逻队" in listed and "驻区派出所" in listed and "安居苑志愿服务站" in listed
    refused = linli("teams", "join", "1", "13800000001")
    assert refused.exit_code == 1 and "已是队伍 巡逻队（#1） 的成员" in refused.stderr
    explained = json.loads(linli("explain", "13800000001", "--format", "json").stdout)
    assert explained["approved_minutes"] == 300 and explained["member"]["phone"] == "138****0001"
