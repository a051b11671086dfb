"""The exchange section's checks, and the Hanyang preset that uses every plugin of this issue."""

from __future__ import annotations

from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host

PROGRAM = """\
linli: 1
program: {name: 汉阳区}
organization:
  levels: [{key: district, name: 区}, {key: street, name: 街道}]
exchange: {cny_per_point: 0.1, spend_within: community, settlement_level: street}
"""


def test_levels_must_exist_and_a_catalogue_must_answer() -> None:
    checked = ProgramLoader(make_plugin_host(autoload=False)).check_text(PROGRAM)
    assert [(p.line, p.key) for p in checked.problems] == [(5, "exchange.no_catalogue"), (5, "exchange.unknown_level")]
    assert "可以写：program、district、street" in checked.problems[1].message("zh-CN")


def test_the_hanyang_preset_enables_the_whole_points_bank() -> None:
    checked = ProgramLoader(make_plugin_host(autoload=False)).check_preset("hanyang")
    assert checked.ok and checked.program is not None
    program = checked.program
    assert {"incentives", "star_rating", "merchants", "exchange", "funds"} <= set(program.sections)
    assert [level.key for level in program.levels] == ["district", "street", "community", "compound", "building", "household"]
    assert len(program.nodes[0].children) == 11
    sources = {fund["source"] for fund in program.sections["funds"]["accounts"]}
    assert sources == {"government", "community", "crowdfunding", "charity", "sponsor"}  # 五个一点
    assert program.sections["exchange"]["spend_within"] == "program"  # 通存通兑
