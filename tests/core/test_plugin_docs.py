"""The hook reference in docs/plugins.md is generated from the hookspecs, and kept in step by this test."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from linli.core import hookspecs, plugin_docs
from linli.core.cli import cli


def test_every_hook_has_a_docstring_saying_when_it_was_added() -> None:
    assert plugin_docs.undocumented() == []
    assert [h.__name__ for h in plugin_docs.hooks() if "versionadded" not in (h.__doc__ or "")] == []


def test_a_hook_without_a_docstring_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def linli_new_thing(ctx: Any) -> None:
        pass

    monkeypatch.setattr(hookspecs, "linli_new_thing", linli_new_thing, raising=False)
    assert plugin_docs.undocumented() == ["linli_new_thing"]


def test_the_reference_in_the_guide_is_current() -> None:
    guide = plugin_docs.GUIDE.read_text("utf-8")
    assert plugin_docs.refreshed(guide) == guide, f"docs/plugins.md is stale; refresh it with: {plugin_docs.REFRESH}"


def test_every_documented_signature_is_the_hook_s_own() -> None:
    documented = dict(re.findall(r"^def (linli_\w+)(\(.*)$", plugin_docs.GUIDE.read_text("utf-8"), re.M))
    actual = {hook.__name__: plugin_docs.signature(hook).split(hook.__name__, 1)[1] for hook in plugin_docs.hooks()}
    assert documented == actual


def test_the_reference_shows_first_result_hooks_and_markdown_not_sphinx() -> None:
    reference = plugin_docs.render()
    star_levels = reference.split("### `linli_star_levels`")[1].split("###")[0]
    assert "**First result wins.**" in star_levels and ":param" not in reference and "``" not in reference.replace("```", "")


def test_the_command_prints_and_checks_the_reference() -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["plugin", "docs"])
    assert printed.exit_code == 0 and printed.output.strip() == plugin_docs.render()
    checked = runner.invoke(cli, ["plugin", "docs", "--check"])
    assert checked.exit_code == 0, checked.output


def test_a_stale_guide_is_refreshed_between_its_markers() -> None:
    stale = f"# Guide\n\n{plugin_docs.BEGIN}\nSTALE TEXT\n{plugin_docs.END}\n\nafter\n"
    fresh = plugin_docs.refreshed(stale)
    assert fresh.startswith("# Guide\n\n") and fresh.endswith("\n\nafter\n") and "STALE TEXT" not in fresh
    assert plugin_docs.refreshed("# Guide\n").endswith(plugin_docs.END + "\n")
