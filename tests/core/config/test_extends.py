"""The merge rule of ``extends``: maps merge deeply, lists replace, null removes."""

from __future__ import annotations

from pathlib import Path

import pytest

from linli.core.config import ProgramLoader
from linli.core.config.extends import merge
from linli.core.plugins import make_plugin_host


@pytest.fixture(scope="module")
def loader() -> ProgramLoader:
    return ProgramLoader(make_plugin_host(autoload=False))


def test_maps_merge_deeply_lists_replace_null_removes() -> None:
    base = {"program": {"name": "百步亭", "residents": 160000}, "tags": ["a", "b"], "gone": {"x": 1}}
    override = {"program": {"residents": 170000}, "tags": ["c"], "gone": None}
    assert merge(base, override) == {"program": {"name": "百步亭", "residents": 170000}, "tags": ["c"]}


def test_a_program_overrides_its_preset(tmp_path: Path, loader: ProgramLoader) -> None:
    path = tmp_path / "linli.yaml"
    path.write_text(
        "linli: 1\nextends: baibuting\nprogram:\n  name: 我的社区\n  area_km2: null\n"
        "organization:\n  nodes: [{code: X1, name: 我的中心, level: center}]\n"
        "member_tags:\n  veteran: {name: 退役军人}\n",
        "utf-8",
    )
    program = loader.load(path)
    assert program.name == "我的社区"
    assert program.info["district"] == "江岸区"  # inherited
    assert "area_km2" not in program.info  # removed by null
    assert [node.code for node in program.nodes] == ["X1"]  # list replaced
    assert {"party_member", "veteran"} <= set(program.member_tags)  # map merged
    assert program.roles["building_head"].min_stars == 4
    assert program.section("star_rating")["levels"][4]["at"] == 1500  # from the fragment the preset extends


def test_extends_list_merges_in_order_then_the_file(tmp_path: Path, loader: ProgramLoader) -> None:
    (tmp_path / "first.yaml").write_text("program: {name: 一, residents: 1}\n", "utf-8")
    (tmp_path / "second.yaml").write_text("program: {name: 二}\n", "utf-8")
    path = tmp_path / "linli.yaml"
    path.write_text(
        "linli: 1\nextends: [./first.yaml, ./second.yaml]\norganization:\n  levels: [{key: street, name: 街道}]\n", "utf-8"
    )
    program = loader.load(path)
    assert (program.name, program.info["residents"]) == ("二", 1)


def test_errors_in_a_base_point_into_the_base(tmp_path: Path, loader: ProgramLoader) -> None:
    (tmp_path / "base.yaml").write_text("linli: 1\nprogram:\n  name: 基础\n  residents: 很多\n", "utf-8")
    path = tmp_path / "linli.yaml"
    path.write_text("extends: ./base.yaml\norganization:\n  levels: [{key: street, name: 街道}]\n", "utf-8")
    result = loader.check(path)
    assert [(p.file, p.line, p.column) for p in result.problems] == [(str(tmp_path / "base.yaml"), 4, 14)]


def test_program_is_immutable(loader: ProgramLoader) -> None:
    program = loader.check_preset("baibuting").program
    assert program is not None
    with pytest.raises(AttributeError):
        program.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        program.sections["star_rating"]["levels"] = ()  # type: ignore[index]
