"""The dispatch, matching and service-point commands as an administrator runs them, on a migrated SQLite database.

The services are tested on both engines elsewhere; this is the command-line
plumbing: migrations of the three plugins, messages, exit codes, files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linli.core.cli import cli
from linli.core.db import sqlite_url
from linli.core.runtime import open_runtime
from linli.core.services import register_member
from tests.plugins.dispatch.helpers import TREE

Invoke = Callable[..., Result]


@pytest.fixture
def linli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """``linli`` on a 朝阳里 program in a fresh folder, migrated, with an admin and three volunteers."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linli.yaml").write_text(TREE, encoding="utf-8")
    url = sqlite_url(tmp_path / "linli.db")
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--database-url", url, *args], env={"LINLI_PASSWORD": "朝阳里-2026", "LINLI_LANG": "zh-CN", "COLUMNS": "200"})

    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("operators", "bootstrap").exit_code == 0
    runtime = open_runtime(tmp_path / "linli.yaml", database_url=url)
    people = (("本门电工", "13900000001", "G1-E1", ["水电维修"]), ("外网格新手", "13900000002", "G2-E1", []), ("王秀英", "13700000001", "G1-E1", []))
    for name, phone, home, skills in people:
        runtime.act("admin", lambda ctx: register_member(ctx, name=name, phone=phone, home_node=home, skills=skills))  # noqa: B023
    runtime.close()
    return invoke


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_centre_dispatch_flow_through_the_command_line(linli: Invoke, tmp_path: Path) -> None:
    assert "已登记需求 #1" in ok(linli("needs", "add", "--name", "王秀英", "--phone", "13700000001", "--org", "G1-E1", "--category", "plumbing"))
    assert "已制单" in ok(linli("orders", "make", "1"))
    suggested = ok(linli("match", "1"))
    assert suggested.index("本门电工") < suggested.index("外网格新手") and "技能对口" in suggested
    assert "已派单" in ok(linli("orders", "dispatch", "1", "13900000001"))
    assert "已接单" in ok(linli("orders", "accept", "1", "13900000001"))
    assert "已完成" in ok(linli("orders", "complete", "1", "--minutes", "60", "--started", "2026-03-02 09:00"))
    assert "审核通过时按此评价" in ok(linli("orders", "rate", "1", "5", "--comment", "很及时"))
    refused = linli("orders", "accept", "1", "13900000001")
    assert refused.exit_code == 1 and "当前状态为「已评单」，不能接单" in refused.stderr
    shown = ok(linli("orders", "show", "1"))
    assert "王秀英（137****0001）" in shown and "派单 → 已派单" in shown and "13700000001" not in shown
    assert "137****0001" in ok(linli("orders", "list", "--state", "rated"))
    report = json.loads(ok(linli("orders", "report", "--format", "json")))
    assert (report["total"]["orders"], report["total"]["ratings"]["5"]) == (1, 1)
    assert "2026-03-02 09:00" in ok(linli("archive", "13700000001"))
    assert "0 个超时未接的工单已上报" in ok(linli("orders", "escalate", "--as-of", "2026-03-05 09:00"))
    ok(linli("needs", "list", "--all"))
    ok(linli("orders", "report"))


def test_menu_survey_and_points_commands(linli: Invoke, tmp_path: Path) -> None:
    assert "供需菜单-CYL.xlsx" in ok(linli("menu", "--org", "CYL", "--format", "xlsx"))
    assert (tmp_path / "供需菜单-CYL.xlsx").exists()
    assert "139****0001" in ok(linli("menu", "--org", "CYL", "--format", "csv"))
    survey = tmp_path / "survey.csv"
    survey.write_text("姓名,所属组织,需求类别\n李大爷,G9,为老服务\n", encoding="utf-8")
    refused = linli("survey", "import", str(survey), "--year", "2026")
    assert refused.exit_code == 1 and "survey.csv:2:所属组织:" in refused.stderr and "未导入任何数据" in refused.stderr
    survey.write_text("姓名,所属组织,需求类别\n李大爷,G1-E2,为老服务、义务理发\n", encoding="utf-8")
    assert "登记需求 2 条" in ok(linli("survey", "import", str(survey), "--year", "2026"))
    assert "义务理发" in ok(linli("survey", "list", "--year", "2026", "--level", "grid"))
    assert "已开设服务点" in ok(linli("service-points", "add", "LF-1", "--name", "义务理发点", "--kind", "barber", "--org", "G2", "--hours", "周二上午"))
    assert "LF-1" in ok(linli("service-points", "list"))
    assert "LF-1" in ok(linli("service-points", "nearest", "--kind", "barber", "--org", "G1-E1"))
    assert "待接单" in ok(linli("orders", "make", "2"))  # the haircut need, routed to the barber point
    assert "服务点：义务理发点：义务理发点（LF-1）" in ok(linli("orders", "show", "1"))
