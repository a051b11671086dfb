"""``linli validate | presets | init | schema`` as a district administrator uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core.cli import cli
from linli.core.config import list_presets

CONFIGS = Path(__file__).parents[3] / "configs"
SCHEMA_COPY = Path(__file__).parents[3] / "docs" / "linli.schema.json"


@pytest.mark.parametrize("preset", sorted(CONFIGS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_preset_validates(preset: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(preset)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("✓")


def test_presets_lists_each_with_its_summary() -> None:
    result = CliRunner().invoke(cli, ["presets", "--format", "json"])
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == list_presets()
    assert {"baibuting", "youxian"} <= set(list_presets())
    assert all(row["description"] for row in rows)


def test_init_writes_a_program_that_extends_the_preset_and_validates(tmp_path: Path) -> None:
    target = tmp_path / "mydistrict"
    result = CliRunner().invoke(cli, ["init", str(target), "--from", "youxian", "--name", "攸县: 联星街道"])
    assert result.exit_code == 0, result.stderr
    text = (target / "linli.yaml").read_text("utf-8")
    assert "extends: youxian" in text and "# 合并规则" in text
    again = CliRunner().invoke(cli, ["-c", str(target / "linli.yaml"), "validate"])
    assert again.exit_code == 0 and "攸县: 联星街道" in again.stdout


def test_init_refuses_to_overwrite_and_unknown_presets(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path), "--from", "baibuting"]).exit_code == 0
    refused = runner.invoke(cli, ["init", str(tmp_path), "--from", "baibuting"], env={"LINLI_LANG": "en"})
    assert refused.exit_code == 1 and "add --force" in refused.stderr
    unknown = runner.invoke(cli, ["init", str(tmp_path / "x"), "--from", "nowhere"], env={"LINLI_LANG": "en"})
    assert unknown.exit_code == 2 and "baibuting" in unknown.stderr


def test_config_comes_from_the_environment(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path), "--from", "baibuting"])
    result = CliRunner().invoke(cli, ["validate"], env={"LINLI_CONFIG": str(tmp_path / "linli.yaml")})
    assert result.exit_code == 0


def test_every_command_has_help_with_examples() -> None:
    runner = CliRunner()
    for name in cli.list_commands(cli.make_context("linli", [], resilient_parsing=True)):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, name


def test_committed_schema_is_current() -> None:
    result = CliRunner().invoke(cli, ["schema"], env={"LINLI_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert json.loads(result.stdout) == json.loads(SCHEMA_COPY.read_text("utf-8")), (
        "docs/linli.schema.json is stale; refresh it with: LINLI_DISABLE_PLUGIN_AUTOLOAD=1 linli schema -o docs/linli.schema.json"
    )


def test_internal_errors_are_plain_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("linli.core.cli.config_commands.list_presets", explode)
    plain = CliRunner().invoke(cli, ["presets"], env={"LINLI_LANG": "en"})
    assert plain.exit_code == 70 and "internal error: RuntimeError: boom" in plain.stderr and "Traceback" not in plain.output
    debug = CliRunner().invoke(cli, ["--debug", "presets"])
    assert isinstance(debug.exception, RuntimeError)
