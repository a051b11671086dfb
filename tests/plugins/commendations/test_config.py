"""Mistakes in the ``commendations`` and ``time_bank`` sections are reported where they are written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from linli.core.cli import cli

BROKEN = """\
linli: 1
extends: youxian
program: {name: 联星街道}
time_bank:
  categories: [elder_care, gardening]
commendations:
  awards:
    - {id: outstanding, title: 优秀志愿者, top: 3, per_level: building}
    - id: outstanding
      title: 党员先锋
      top: 1
      eligibility: {tags: [party_member, veteran]}
    - {id: monthly, title: 月度之星, top: 0, period: week}
"""


def test_each_mistake_has_its_line_and_a_plain_message(tmp_path: Path) -> None:
    program = tmp_path / "linli.yaml"
    program.write_text(BROKEN, "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(program)])
    assert result.exit_code == 2
    lines = result.stderr
    assert "linli.yaml:13:" in lines and "commendations.awards.2.top" in lines  # the schema, first
    program.write_text(BROKEN.replace("top: 0, period: week", "top: 1, period: month"), "utf-8")
    lines = CliRunner().invoke(cli, ["validate", str(program)]).stderr
    assert "linli.yaml:5:28: time_bank.categories.1: 服务类别 gardening 未在 activity_categories 中定义" in lines
    assert "linli.yaml:8:" in lines and "组织层级 building 未定义（已定义：street、community、compound）" in lines
    assert "linli.yaml:9:" in lines and "奖项编号 outstanding 重复" in lines
    assert "linli.yaml:12:" in lines and "标签 veteran 未在 member_tags 中定义" in lines
