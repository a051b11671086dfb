"""Adopting a model from the command line: start from 攸县, run it, propose double points an hour, simulate, adopt, and see the new rate credited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from linli.core import Database
from linli.core.cli import cli
from linli.core.models import Member
from tests.scenarios.helpers import balance

MEMBERS = "姓名,手机号,所属组织,标签,技能\n刘红,13700000001,LX-WH,党员,陪护\n"
# Unrated service: the evaluation factor is 1, so points are hours × the rate.
SERVICE = "手机号,活动,开始时间,结束时间\n13700000001,{title},{day} 09:00,{day} 12:00\n"
DOUBLE = """
incentives:
  unit_name: 志愿服务积分
  rounding: half_up
  expiry: {policy: none}
  rules:
    - {id: base, name: 每服务 1 小时记 2 分, kind: rate, points: 2, per: hour}
    - {id: evaluation, name: 按评价折算, kind: score_factors, factors: [0.5, 0.8, 1.0, 1.2, 1.5], unrated: 1.0}
"""


@pytest.fixture
def linli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("LINLI_PASSWORD", "correct horse battery")

    def run(*args: str, config: Path | None = None) -> Result:
        where = ["-c", str(config), "--database-url", database_url] if config else []
        result = CliRunner().invoke(cli, [*where, *args])
        assert result.exit_code == 0, result.output
        return result

    return run


def points(database_url: str, phone: str) -> int:
    database = Database(database_url)
    try:
        with database.reading() as session:
            return balance(session, session.scalar(sa.select(Member.id).where(Member.phone == phone)), "points")
    finally:
        database.dispose()


def served(tmp_path: Path, title: str, day: str) -> str:
    sheet = tmp_path / f"{title}.csv"
    sheet.write_text(SERVICE.format(title=title, day=day), "utf-8")
    return str(sheet)


def test_init_change_the_rate_validate_simulate_and_run(linli: Callable[..., Result], database_url: str, tmp_path: Path) -> None:
    linli("init", str(tmp_path / "mydistrict"), "--from", "youxian", "--name", "联星街道志愿服务银行")
    current = tmp_path / "mydistrict" / "linli.yaml"
    linli("db", "upgrade", config=current)
    linli("operators", "bootstrap", config=current)
    (tmp_path / "members.csv").write_text(MEMBERS, "utf-8")
    linli("import", "members", str(tmp_path / "members.csv"), config=current)
    service = ["import", "service", "--approve", "--create-activities", "--category", "elder_care", "--host", "LX-WH"]
    linli(*service, served(tmp_path, "陪伴空巢老人", "2026-03-02"), config=current)
    assert points(database_url, "13700000001") == 3  # the preset's 1 point an hour

    proposed = tmp_path / "mydistrict" / "proposed.yaml"
    proposed.write_text(current.read_text("utf-8") + DOUBLE, "utf-8")
    assert "有效" in linli("validate", str(proposed)).output
    effect = json.loads(linli("simulate", "--config", str(proposed), "--format", "json", config=current).output)
    assert (effect["records"], effect["actual_points"], effect["proposed_points"]) == (1, 3, 6)
    assert points(database_url, "13700000001") == 3  # simulating writes nothing

    proposed.replace(current)  # adopted
    linli(*service, served(tmp_path, "助老理发", "2026-03-09"), config=current)
    assert points(database_url, "13700000001") == 3 + 6
