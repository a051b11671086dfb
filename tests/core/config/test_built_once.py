"""Loading is fast because work is done once: validators are shared, and valid YAML takes libyaml's parser."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from linli.core import hookimpl
from linli.core.config import ProgramLoader, list_presets, preset_source, yamlsource
from linli.core.config.validators import validator_for
from linli.core.plugins import make_plugin_host


class Lenient:
    """A throwaway plugin declaring the ``quiet_hours`` section."""

    schema: dict[str, Any] = {"type": "object"}

    @hookimpl
    def linli_config_sections(self) -> dict[str, Any]:
        return {"quiet_hours": self.schema}


class Strict(Lenient):
    """The same section name with a stricter schema."""

    schema = {"type": "object", "additionalProperties": False}


def test_loaders_with_the_same_sections_share_one_validator() -> None:
    first = ProgramLoader(make_plugin_host(autoload=False))
    second = ProgramLoader(make_plugin_host(autoload=False))
    assert first.validator is second.validator
    assert validator_for({"type": "integer", "minimum": 1}) is validator_for({"minimum": 1, "type": "integer"})


def test_a_section_with_another_schema_gets_its_own_validator() -> None:
    def host(plugin: Lenient) -> ProgramLoader:
        return ProgramLoader(make_plugin_host(autoload=False, plugins=[("quiet", plugin)]))

    lenient, strict = host(Lenient()), host(Strict())
    assert lenient.validator is not strict.validator
    text = "linli: 1\nprogram: {name: 测试}\norganization: {levels: [{key: a, name: 区}]}\nquiet_hours: {from: '22:00'}\n"
    assert lenient.check_text(text).ok
    assert not strict.check_text(text).ok


def _marks(node: Any) -> list[Any]:
    """Every mark in a loaded document, in document order."""
    if isinstance(node, yamlsource.MarkedDict):
        return [node.mark, *[m for key in node for m in (node.key_marks[key], node.value_marks[key], *_marks(node[key]))]]
    if isinstance(node, yamlsource.MarkedList):
        return [node.mark, *[m for mark, item in zip(node.item_marks, node, strict=True) for m in (mark, *_marks(item))]]
    return []


TEXTS = [
    *(preset_source(name).text for name in list_presets()),  # type: ignore[union-attr]
    "名称: 中文在前\nlist: [甲, {乙: 丙}]\n",
    "a: 1\na: 2\n",  # a duplicate key, reported by the constructor both parsers share
    "base: &b {x: 1}\nuse: *b\nmerged: {<<: *b, y: 2}\n",
    "date: 2026-11-22\n",
]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_parser_gives_the_same_document_marks_and_problems(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = yamlsource.parse_yaml(text, "f.yaml")
    monkeypatch.setattr(yamlsource, "_FastLoader", None)
    slow = yamlsource.parse_yaml(text, "f.yaml")
    assert fast[0] == slow[0]
    assert _marks(fast[0]) == _marks(slow[0])
    assert fast[1] == slow[1]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_a_file_libyaml_refuses_is_reported_in_pyyamls_words(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "program:\n\tname: x\n"
    fast = yamlsource.parse_yaml(text, "f.yaml")
    monkeypatch.setattr(yamlsource, "_FastLoader", None)
    assert fast == yamlsource.parse_yaml(text, "f.yaml")
    assert fast[1][0].key == "config.tab"
