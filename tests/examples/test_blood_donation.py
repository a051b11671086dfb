"""The example third-party plugin, installed as a real package: found, validated, listed, migrated and at work.

Everything that imports the plugin runs in a subprocess, so its table never
joins this process's ``Base.metadata`` (other tests compare that with their
migrated databases).
"""

from __future__ import annotations

import ast
import json
import sys
import textwrap
from pathlib import Path

import pytest

from tests.examples.install import LINLI, REPO, pip_install, run

EXAMPLE = REPO / "examples" / "linli-blood-donation"

PROGRAM = """\
linli: 1
program: {name: 献血测试社区, locale: en}
organization:
  levels: [{key: center, name: 中心}]
  nodes: [{code: C1, name: 测试中心, level: center}]
activity_categories:
  patrol: {name: 巡逻}
incentives:
  rules:
    - {id: base, kind: rate, points: 1}
    - {id: blood, kind: blood_donation_bonus}
blood_donation: {points_per_donation: 20, yearly_cap: 30}
"""

SETUP = """
from linli.core import Database, migrate
from linli.core.models import Operator
from linli.core.runtime import open_runtime
from linli.core.services import register_member, sync_nodes
runtime = open_runtime(__import__("pathlib").Path("linli.yaml"))
assert migrate.drift(runtime.database) == [], migrate.drift(runtime.database)
with runtime.database.writing() as session:
    session.add(Operator(username="admin", display_name="管理员", role="admin", can_unmask=True, active=True))
runtime.act("admin", sync_nodes)
runtime.act("admin", lambda ctx: register_member(ctx, name="献血者", phone="13900000001", home_node="C1"))
print("ready")
"""


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pip_install(EXAMPLE, tmp_path_factory.mktemp("site"))


def test_it_is_discovered_and_listed_as_third_party(target: Path) -> None:
    listed = run(target, str(LINLI), "plugins", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    [plugin] = [p for p in json.loads(listed.stdout) if p["name"] == "blood_donation"]
    assert plugin["version"] == "0.1.0" and not plugin["builtin"] and plugin["sections"] == ["blood_donation"]
    assert {"linli_points_rule_kinds", "linli_service_approved", "linli_migration_scripts"} <= set(plugin["hooks"])


def test_its_section_is_validated(target: Path, tmp_path: Path) -> None:
    last = PROGRAM.splitlines()[-1]
    files = {
        "good.yaml": PROGRAM,
        "cap.yaml": PROGRAM.replace(last, "blood_donation: {points_per_donation: 20, yearly_cap: 10}"),
        "negative.yaml": PROGRAM.replace(last, "blood_donation: {points_per_donation: -1}"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    checked = run(target, str(LINLI), "validate", *files, cwd=tmp_path)  # one process: each start costs seconds
    output = checked.stdout + checked.stderr
    assert checked.returncode == 2, output
    assert "good.yaml: valid" in output
    assert "cap.yaml:12:55: blood_donation.yearly_cap: yearly_cap 10 is below points_per_donation 20" in output
    assert "negative.yaml:12:39: blood_donation.points_per_donation: -1 is too small" in output


def test_it_migrates_without_drift_and_records_donations_from_the_command_line(target: Path, tmp_path: Path) -> None:
    (tmp_path / "linli.yaml").write_text(PROGRAM, "utf-8")
    upgraded = run(target, str(LINLI), "db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    setup = run(target, sys.executable, "-c", textwrap.dedent(SETUP), cwd=tmp_path)
    assert setup.stdout.strip() == "ready", setup.stderr
    recorded = run(target, str(LINLI), "donation", "record", "13900000001", "--date", "2026-03-01", "--ml", "300", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    assert "donation #1 of 献血者（139****0001） recorded: 300 ml on 2026-03-01" in recorded.stdout


def test_its_own_tests_pass_on_the_linli_pytest_plugin(target: Path) -> None:
    """Recording, approving, the bonus credited once and the yearly cap: the example's suite covers them."""
    ran = run(target, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests"), cwd=EXAMPLE)
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert " passed" in ran.stdout


def test_it_imports_only_linli_core() -> None:
    allowed = {"linli.core", "linli_blood_donation"}
    for path in sorted((EXAMPLE / "src").rglob("*.py")) + sorted((EXAMPLE / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if name.startswith("linli"):
                    assert name in allowed or name.startswith("linli_blood_donation."), f"{path.name} imports {name}"
