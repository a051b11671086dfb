"""``linli stars …`` and ``linli roles audit`` on a Baibuting program, from review to a lapsed 两长四员 holder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner, Result

from linli.core.cli import cli
from linli.core.runtime import open_runtime
from linli.core.services import MemberRow, ServiceRow, assign_role, create_activity, open_activity, record_imported_service, register_members

PROGRAM = """\
linli: 1
extends: baibuting
organization:
  nodes:
    - code: BBT
      name: 百步亭社区志愿服务中心
      level: center
      children:
        - code: S01
          name: 安居苑志愿服务站
          level: station
          children: [{code: G0101, name: 安居苑1栋小组, level: group}]
star_rating:
  window: yearly
  review_required: true
  levels:
    - {stars: 1, at: 10}
    - {stars: 2, at: 20}
    - {stars: 3, at: 30}
    - {stars: 4, at: 40}
    - {stars: 5, at: 50, benefits: 优先就医, entitlements: [priority_medical]}
"""


def seed(config: Path, url: str) -> list[int]:
    """Two volunteers whose 55 h and 45 h, served last month, wait for review."""
    runtime = open_runtime(config, database_url=url)
    served = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)

    def work(ctx: object) -> list[int]:
        people = [m.id for m in register_members(ctx, [MemberRow("张秀英", "13800000001", "G0101"), MemberRow("李建国", "13800000002", "G0101")])]  # type: ignore[arg-type]
        activity = create_activity(ctx, title="巡逻", category="patrol", host_node="BBT", starts_at=served, ends_at=served + dt.timedelta(days=3))  # type: ignore[arg-type]
        open_activity(ctx, activity.id)  # type: ignore[arg-type]
        rows = [ServiceRow(activity.id, hours * 60, member_id=m, check_in_at=served, check_out_at=served + dt.timedelta(hours=hours)) for m, hours in zip(people, (55, 45), strict=True)]
        record_imported_service(ctx, rows, approve=True)  # type: ignore[arg-type]
        return people

    try:
        return runtime.act("admin", work)
    finally:
        runtime.close()


def test_review_show_entitled_recompute_and_audit(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "linli.yaml"
    config.write_text(PROGRAM, "utf-8")
    runner = CliRunner()

    def linli(*args: str) -> Result:
        result = runner.invoke(cli, ["-c", str(config), "--database-url", database_url, *args], env={"LINLI_PASSWORD": "百步亭-2025"})
        assert result.exit_code == 0, result.output
        return result

    linli("db", "upgrade")
    linli("operators", "bootstrap")
    zhang, li = seed(config, database_url)

    pending = json.loads(linli("stars", "review", "--format", "json").stdout)
    assert [(row["member_id"], row["proposed"]) for row in pending] == [(zhang, 5), (li, 4)]
    assert "已批准晋升 2 人" in linli("stars", "review", "--approve", str(zhang), "--approve", str(li)).stdout

    shown = json.loads(linli("stars", "show", str(zhang), "--format", "json").stdout)
    assert (shown["stars"], shown["phone"], shown["entitlements"], shown["benefits"]) == (5, "138****0001", ["priority_medical"], ["优先就医"])
    assert [(h["previous"], h["stars"], h["approved_by"] is not None) for h in shown["history"]] == [(0, 5, True)]
    assert "张秀英（138****0001）：5 星" in linli("stars", "show", str(zhang)).stdout

    entitled = json.loads(linli("stars", "entitled", "priority_medical", "--org", "S01", "--format", "json").stdout)
    assert entitled == [{"member_id": zhang, "name": "张秀英", "phone": "138****0001", "stars": 5}]

    runtime = open_runtime(config, database_url=database_url)
    runtime.act("admin", lambda ctx: assign_role(ctx, member_id=li, node="G0101", role="sanitation_officer"))
    runtime.close()
    assert json.loads(linli("roles", "audit", "--format", "json").stdout) == []

    two_years_on = (dt.date.today() + dt.timedelta(days=731)).isoformat()
    assert "降级 2 人" in linli("stars", "recompute", "--as-of", two_years_on).stdout
    audit = json.loads(linli("roles", "audit", "--format", "json").stdout)
    assert [(row["member_id"], row["role"], row["node"]) for row in audit] == [(li, "sanitation_officer", "G0101")]
    assert "目前为 0 星" in audit[0]["problem"]
    assert "卫生员" in linli("roles", "audit").stdout
