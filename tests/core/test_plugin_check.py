"""``linli plugin check`` reports each installed plugin's problems; ``LINLI_TRACE_PLUGINS`` traces hook calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core.cli import cli
from linli.core.plugins import make_plugin_host
from tests.core.thirdparty import install_plugin

HEADER = "from linli.core import hookimpl\n"
BROKEN = {
    "wrong_args": "@hookimpl\ndef linli_check_config(program, colour):\n    return []\n",
    "unknown_hook": "@hookimpl\ndef linli_check_configs(program):\n    return []\n",
    "bad_schema": "@hookimpl\ndef linli_config_sections():\n    return {'bad_schema': {'type': 'objekt'}}\n",
    "good": "@hookimpl\ndef linli_config_sections():\n    return {'good': {'type': 'object'}}\n",
    "missing_dependency": "import linli_no_such_dependency\n",
}


def test_every_plugin_is_checked_and_each_problem_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, module in BROKEN.items():
        (tmp_path / name).mkdir()
        install_plugin(tmp_path / name, monkeypatch, module=HEADER + module, name=name)
    # Broken plugins no longer keep linli from starting: the check runs without blocking them, and blocked ones are checked too.
    monkeypatch.setenv("LINLI_BLOCK_PLUGINS", "unknown_hook")
    result = CliRunner().invoke(cli, ["plugin", "check"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert "✓ good（linli-good）" in lines and "✓ incentives（linli）" in lines
    report = {line.split("（")[0]: line for line in lines if line.startswith("✗")}
    assert set(report) == {"✗ wrong_args", "✗ unknown_hook", "✗ bad_schema", "✗ missing_dependency"}
    assert "colour" in result.stdout and "unknown hook linli_check_configs" in result.stdout
    assert "section bad_schema: not a valid JSON Schema 2020-12 at type: 'objekt' is not valid" in result.stdout
    assert "import failed: ModuleNotFoundError: No module named 'linli_no_such_dependency'" in result.stdout


def test_trace_prints_each_hook_call_and_its_result(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LINLI_TRACE_PLUGINS", "1")
    host = make_plugin_host(autoload=False)
    host.all_hooks().linli_migration_scripts()
    err = capsys.readouterr().err
    assert "linli: call linli_migration_scripts on [" in err
    assert "linli: linli_migration_scripts -> [" in err
