"""Program-file checks: stars required without a star plugin, a metric nobody provides, the shipped presets."""

from __future__ import annotations

from pathlib import Path

import pytest

from linli.core import hookimpl
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.plugins.star_rating.helpers import fragment

PROGRAM = """\
linli: 1
program: {name: 测试社区, locale: en}
organization:
  levels: [{key: group, name: 楼栋小组}]
roles:
  building_head:
    name: 楼栋长
    requires:
      min_stars: 4
"""


@pytest.fixture(scope="module")
def loader() -> ProgramLoader:
    return ProgramLoader(make_plugin_host(autoload=False))


def test_min_stars_without_a_star_plugin_is_located(loader: ProgramLoader) -> None:
    result = loader.check_text(PROGRAM, label="linli.yaml")
    assert [(p.line, p.column, p.dotted_path()) for p in result.problems] == [(9, 18, "roles.building_head.requires.min_stars")]
    assert "no star-rating plugin is enabled; add star_rating (e.g. extends: fragments/stars-common)" in result.problems[0].message("en")
    assert "楼栋长要求星级" in result.problems[0].message("zh-CN")


def test_the_common_fragment_satisfies_it(loader: ProgramLoader) -> None:
    assert loader.check_text("extends: fragments/stars-common\n" + PROGRAM).ok


def test_a_third_party_star_plugin_satisfies_it_too() -> None:
    class Stars:
        @hookimpl
        def linli_star_levels(self, member_ids: list[int]) -> dict[int, int]:
            return dict.fromkeys(member_ids, 5)

    assert ProgramLoader(make_plugin_host(autoload=False, plugins=[("stars", Stars())])).check_text(PROGRAM).ok


def test_removing_baibuting_s_ladder_flags_every_role_that_needs_stars(tmp_path: Path, loader: ProgramLoader) -> None:
    path = tmp_path / "linli.yaml"
    path.write_text("extends: baibuting\nstar_rating: null\n", "utf-8")
    result = loader.check(path)
    assert len(result.problems) == 6 and all(p.file and p.file.endswith("baibuting.yaml") and p.line for p in result.problems)


def test_baibuting_s_liangzhang_siyuan_need_four_stars_on_the_common_ladder(loader: ProgramLoader) -> None:
    program = loader.check_preset("baibuting").program
    assert program is not None
    assert {role.name: role.min_stars for role in program.roles.values() if role.group == "两长四员"} == dict.fromkeys(
        ("党小组长", "楼栋长", "卫生员", "治安员", "文体员", "物管员"), 4
    )
    assert [level["at"] for level in program.section("star_rating")["levels"]] == [level["at"] for level in fragment("stars-common")["levels"]]


def test_a_metric_nobody_provides_is_located(loader: ProgramLoader) -> None:
    text = "linli: 1\nprogram: {name: 测试, locale: en}\norganization: {levels: [{key: street, name: 街道}]}\n"
    result = loader.check_text(text + "star_rating:\n  metric: karma\n  levels: [{stars: 1, at: 10}]\n")
    assert [(p.line, p.dotted_path()) for p in result.problems] == [(5, "star_rating.metric")]
    assert "no plugin provides the star metric karma" in result.problems[0].message("en")


def test_the_shipped_fragments_hold_the_documented_ladders() -> None:
    assert [level["at"] for level in fragment("stars-common")["levels"]] == [100, 300, 600, 1000, 1500]
    beijing = fragment("stars-beijing")
    assert [level["at"] for level in beijing["levels"]] == [100, 200, 500, 800, 1000]
    assert [(medal["name"], medal["at"]) for medal in beijing["medals"]] == [("铜奖", 2000), ("银奖", 3000), ("金奖", 5000)]
