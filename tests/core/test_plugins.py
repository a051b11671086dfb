"""Plugin discovery, listing, enabling and fault attribution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linli.core import PluginError, hookimpl
from linli.core.cli import cli
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.core.thirdparty import install_plugin

PROGRAM = """
linli: 1
program: {name: 测试街道, locale: en}
organization:
  levels: [{key: street, name: 街道}]
"""


def test_builtin_plugins_come_from_linli_entry_points() -> None:
    infos = {info.name: info for info in make_plugin_host().infos()}
    assert infos["star_rating"].builtin
    assert infos["star_rating"].distribution == "linli"
    assert "linli_config_sections" in infos["star_rating"].hooks


def test_third_party_plugin_is_discovered_validated_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch)
    host = make_plugin_host()
    info = next(info for info in host.infos() if info.name == "quiet_hours")
    assert (info.version, info.builtin, info.sections) == ("0.3.0", False, ("quiet_hours",))

    loader = ProgramLoader(host)
    good = loader.check_text(PROGRAM + "quiet_hours: {start: '22:00', end: '06:00'}\n")
    assert good.ok and good.program is not None and good.program.section("quiet_hours")["start"] == "22:00"
    wrong_type = loader.check_text(PROGRAM + "quiet_hours: {start: 10pm, end: '06:00'}\n")
    assert [(p.line, p.dotted_path()) for p in wrong_type.problems] == [(6, "quiet_hours.start")]
    same = loader.check_text(PROGRAM + "quiet_hours: {start: '22:00', end: '22:00'}\n")
    assert [p.message() for p in same.problems] == ["quiet hours end when they start"]

    listed = CliRunner().invoke(cli, ["plugins", "--format", "json"])
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["quiet_hours"]["builtin"] is False and rows["quiet_hours"]["distribution"] == "linli-quiet_hours"
    assert CliRunner().invoke(cli, ["quiet"]).stdout == "quiet hours plugin here\n"


def test_autoload_off_and_blocking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch)
    assert "quiet_hours" not in make_plugin_host(autoload=False).plugin_names()
    assert "star_rating" in make_plugin_host(autoload=False).plugin_names()
    monkeypatch.setenv("LINLI_BLOCK_PLUGINS", "quiet_hours")
    assert "quiet_hours" not in make_plugin_host().plugin_names()


def test_unknown_section_lists_installed_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch)
    result = ProgramLoader(make_plugin_host()).check_text(PROGRAM + "quiet_hour: {}\n")
    (problem,) = result.problems
    assert "did you mean quiet_hours?" in problem.message()
    assert "quiet_hours (quiet_hours)" in problem.message() and "star_rating (star_rating)" in problem.message()


def test_hooks_of_plugins_whose_section_is_absent_are_not_called() -> None:
    calls: list[str] = []

    class Sectioned:
        @hookimpl
        def linli_config_sections(self):
            return {"sectioned": {"type": "object"}}

        @hookimpl
        def linli_check_config(self, program):
            calls.append(program.name)

    host = make_plugin_host(autoload=False, plugins=[("sectioned", Sectioned())])
    loader = ProgramLoader(host)
    assert loader.check_text(PROGRAM).ok and calls == []
    assert loader.check_text(PROGRAM + "sectioned: {}\n").ok and calls == ["测试街道"]


def test_a_raising_hook_is_reported_by_plugin_and_hook() -> None:
    class Broken:
        @hookimpl
        def linli_check_config(self, program):
            raise ZeroDivisionError("oops")

    host = make_plugin_host(autoload=False, plugins=[("broken_checks", Broken())])
    with pytest.raises(PluginError) as raised:
        host.all_hooks().linli_check_config(program=None, hooks=None)
    assert (raised.value.plugin, raised.value.hook) == ("broken_checks", "linli_check_config")
    result = ProgramLoader(host).check_text(PROGRAM)
    assert not result.ok and "broken_checks" in result.problems[0].message()


def test_a_plugin_with_a_misspelt_hook_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, name="typo", module="from linli.core import hookimpl\n@hookimpl\ndef linli_config_section():\n    return {}\n")
    with pytest.raises(PluginError) as raised:
        make_plugin_host()
    assert raised.value.plugin == "typo"
    result = CliRunner().invoke(cli, ["presets"])
    assert result.exit_code == 1 and "typo" in result.stderr and "Traceback" not in result.output


def test_two_plugins_claiming_one_section_is_a_config_error() -> None:
    class A:
        @hookimpl
        def linli_config_sections(self):
            return {"shared": {"type": "object"}}

    class B(A):
        pass

    host = make_plugin_host(autoload=False, plugins=[("a", A()), ("b", B())])
    result = ProgramLoader(host).check_text(PROGRAM)
    assert any("shared" in p.message() and "a, b" in p.message() for p in result.problems)
