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


BROKEN = {
    "missing_dependency": "import linli_no_such_dependency\n",
    "wrong_args": "@hookimpl\ndef linli_check_config(program, colour):\n    return []\n",
    "typo": "@hookimpl\ndef linli_config_section():\n    return {}\n",
    "bad_schema": "@hookimpl\ndef linli_config_sections():\n    return {'bad_section': {'type': 'objekt'}}\n",
}
CAUSES = {
    "missing_dependency": "ModuleNotFoundError: No module named 'linli_no_such_dependency'",
    "wrong_args": "colour",
    "typo": "unknown hook linli_config_section",
    "bad_schema": "section bad_section: not a valid JSON Schema 2020-12 at type: 'objekt' is not valid",
}


def install_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, module in BROKEN.items():
        (tmp_path / name).mkdir()
        install_plugin(tmp_path / name, monkeypatch, module="from linli.core import hookimpl\n" + module, name=name)


def test_broken_plugins_are_left_out_with_their_cause_and_linli_still_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_broken(tmp_path, monkeypatch)
    install_plugin(tmp_path, monkeypatch)  # a working third-party plugin beside them
    host = make_plugin_host()
    assert set(host.broken) == set(BROKEN) and not set(BROKEN) & set(host.plugin_names())
    assert {"quiet_hours", "star_rating"} <= set(host.plugin_names())
    for name, cause in CAUSES.items():
        assert cause in host.broken[name].cause, name
    assert host.broken["bad_schema"].sections == ("bad_section",) and host.broken["missing_dependency"].sections == ("missing_dependency",)

    result = CliRunner().invoke(cli, ["presets"])
    assert result.exit_code == 0 and "baibuting" in result.stdout and "Traceback" not in result.output
    for name, cause in CAUSES.items():
        assert f"插件 {name} 无法加载，已略过：" in result.stderr and cause in result.stderr, name
    assert CliRunner().invoke(cli, ["quiet"]).stdout == "quiet hours plugin here\n"  # the working plugin's command


def test_a_program_naming_a_broken_plugins_section_is_refused_naming_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_broken(tmp_path, monkeypatch)
    loader = ProgramLoader(make_plugin_host())
    assert loader.check_text(PROGRAM).ok
    for section, plugin in (("missing_dependency", "missing_dependency"), ("bad_section", "bad_schema")):
        (problem,) = loader.check_text(PROGRAM + f"{section}: {{}}\n").problems
        assert problem.message().startswith(f"section {section} belongs to plugin {plugin}, which failed to load (")
        assert CAUSES[plugin] in problem.message()
    (tmp_path / "linli.yaml").write_text(PROGRAM + "missing_dependency: {on: true}\n", "utf-8")
    validated = CliRunner().invoke(cli, ["validate", str(tmp_path / "linli.yaml")])
    assert validated.exit_code == 2 and "belongs to plugin missing_dependency" in validated.output, validated.output


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
