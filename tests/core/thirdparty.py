"""A throwaway third-party plugin, installed for real: a module plus a dist-info with entry points."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

MODULE = '''
import click
from linli.core import ConfigProblem, hookimpl

@hookimpl
def linli_config_sections():
    time = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
    return {"quiet_hours": {"type": "object", "properties": {"start": time, "end": time},
                            "required": ["start", "end"], "additionalProperties": False}}

@hookimpl
def linli_check_config(program):
    section = program.section("quiet_hours")
    if section and section["start"] == section["end"]:
        return [ConfigProblem(("quiet_hours", "end"), text="quiet hours end when they start")]

@hookimpl
def linli_cli_commands():
    @click.command()
    def quiet():
        """Say when the quiet hours are."""
        click.echo("quiet hours plugin here")
    return [quiet]
'''


def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, module: str = MODULE, name: str = "quiet_hours") -> str:
    """Put a distribution ``linli-<name>`` 0.3.0 with entry point ``<name>`` on sys.path."""
    module_name = f"linli_{name}_plugin"
    (tmp_path / f"{module_name}.py").write_text(textwrap.dedent(module), "utf-8")
    dist_info = tmp_path / f"linli_{name}-0.3.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: linli-{name}\nVersion: 0.3.0\n", "utf-8")
    (dist_info / "entry_points.txt").write_text(f"[linli]\n{name} = {module_name}\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    return module_name
