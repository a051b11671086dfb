"""``linli plugin new``: the scaffold installs, is found, and its own test passes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core import Refused
from linli.core.cli import cli
from linli.core.scaffold import names, scaffold
from tests.examples.install import LINLI, pip_install, run


def test_names_follow_the_plugin_name() -> None:
    assert names("quiet-hours") == {"dist": "linli-quiet-hours", "module": "linli_quiet_hours", "section": "quiet_hours"}
    for bad in ("Quiet", "1st", "quiet hours", "quiet--hours"):
        with pytest.raises(Refused):
            names(bad)


def test_an_existing_folder_is_not_overwritten(tmp_path: Path) -> None:
    scaffold("quiet-hours", tmp_path)
    with pytest.raises(Refused):
        scaffold("quiet-hours", tmp_path)


def test_the_scaffold_installs_is_listed_and_its_test_passes(tmp_path: Path) -> None:
    created = CliRunner().invoke(cli, ["plugin", "new", "quiet-hours", "-d", str(tmp_path)])
    assert created.exit_code == 0, created.output
    root = tmp_path / "linli-quiet-hours"
    pyproject = (root / "pyproject.toml").read_text("utf-8")
    assert '"Framework :: linli"' in pyproject and 'quiet_hours = "linli_quiet_hours"' in pyproject
    target = pip_install(root, tmp_path / "site")
    listed = run(target, str(LINLI), "plugins", "--format", "json")
    [plugin] = [p for p in json.loads(listed.stdout) if p["name"] == "quiet_hours"]
    assert plugin["sections"] == ["quiet_hours"] and plugin["version"] == "0.1.0"
    ran = run(target, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests"), cwd=root)
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert "3 passed" in ran.stdout
