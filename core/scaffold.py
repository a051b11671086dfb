"""``linli plugin new NAME``: a plugin package that installs, loads and passes its test from the first minute.

The templates are kept here, small, rather than as package data: a
scaffold is a starting point to edit, and the example plugin in
``examples/linli-blood-donation`` shows the rest (tables, rule kinds, a panel).
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from linli.core.errors import Refused

NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "$dist"
version = "0.1.0"
description = "linli plugin: $section"
requires-python = ">=3.11"
dependencies = ["linli"]
classifiers = ["Framework :: linli"]

[project.entry-points.linli]
$section = "$module"

[tool.setuptools.packages.find]
where = ["src"]
"""

MODULE = '''\
"""The $section plugin for linli: owns the ``$section`` section of the program file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linli.core import ConfigProblem, Program, hookimpl

SECTION = "$section"

# The section's JSON Schema (2020-12): linli validate locates every error in it.
SCHEMA = {
    "type": "object",
    "properties": {"enabled_from": {"type": "string", "format": "date"}, "note": {"type": "string"}},
    "additionalProperties": False,
}


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {SECTION: SCHEMA}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    section = program.section(SECTION) or {}
    if section.get("note") == "":
        return [ConfigProblem((SECTION, "note"), text="note is empty")]
    return []
'''

TEST = '''\
"""Runs on the fixtures of linli's pytest plugin; see docs/plugins.md "Testing a plugin"."""

from importlib.metadata import entry_points
from typing import Any

import pytest

import $module

PROGRAM = """\\
linli: 1
program: {name: 测试社区, locale: en}
organization:
  levels: [{key: center, name: 中心}]
$section: {note: hello}
"""


def test_the_plugin_is_installed() -> None:
    """linli finds plugins through this entry point: without it, nothing below would ever run."""
    assert [ep.value for ep in entry_points(group="linli", name="$section")] == ["$module"]


def test_the_section_loads(linli_plugin_host: Any, linli_program: Any) -> None:
    host = linli_plugin_host(("$section", $module))
    assert linli_program(PROGRAM, host).section("$section")["note"] == "hello"


def test_an_empty_note_is_reported(linli_plugin_host: Any, linli_program: Any) -> None:
    host = linli_plugin_host(("$section", $module))
    with pytest.raises(pytest.fail.Exception, match="note is empty"):
        linli_program(PROGRAM.replace("hello", '""'), host)
'''

README = """\
# $dist

A linli plugin owning the `$section` section of the program file.

    pip install -e .
    linli plugins            # lists $section
    pytest                   # its tests, on linli's fixtures

Import only from `linli.core`. The authoring guide is linli's docs/plugins.md.
"""


def names(name: str) -> dict[str, str]:
    """The distribution, module and section names a plugin NAME gives (``quiet-hours`` → ``linli-quiet-hours`` …)."""
    if not NAME.match(name):
        raise Refused("plugin_dev.bad_name", name=name)
    section = name.replace("-", "_")
    return {"dist": f"linli-{section.replace('_', '-')}", "module": f"linli_{section}", "section": section}


def scaffold(name: str, parent: Path) -> Path:
    """Write the package into ``parent/linli-NAME``; refuses to overwrite an existing folder."""
    values = names(name)
    root = parent / values["dist"]
    if root.exists():
        raise Refused("plugin_dev.exists", path=str(root))
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"src/{values['module']}/__init__.py": MODULE,
        f"tests/test_{values['section']}.py": TEST,
    }
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(template).substitute(values), "utf-8")
    return root
