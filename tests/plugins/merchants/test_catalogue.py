"""The catalogue from the program file: sync, restock, deactivate, refusals, and the config checks."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
import sqlalchemy as sa

import linli.plugins.merchants as merchants
from linli.core import Database, Refused
from linli.core.config import ProgramLoader
from linli.core.config.program import freeze
from linli.core.models import AuditEntry
from linli.core.plugins import make_plugin_host
from linli.plugins.merchants.validation import CatalogueRefused
from tests.core.factories import World
from tests.plugins.exchange.helpers import DIRECTORY, exchange_world, give, member, redeem, stock


def resync(world: World, directory: list[dict[str, object]]) -> merchants.Saved:
    sections = {**world.program.sections, "merchants": freeze({"directory": directory})}
    world.program = replace(world.program, sections=freeze(sections))
    return world.act(merchants.sync_catalogue)


def test_sync_creates_then_changes_nothing_then_restocks_and_deactivates(database: Database) -> None:
    world = exchange_world(database)  # synced once already
    with database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(merchants.CatalogueItem)) == 8
        assert session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "catalogue_item.create")) == 8
    again = world.act(merchants.sync_catalogue)
    assert (again.items.created, again.items.updated, again.items.unchanged, again.deactivated) == (0, 0, 8, 0)

    alice = member(world, "13800000001")
    give(world, alice, 1000)
    redeem(world, alice, "shampoo", 2)  # 3 declared, 1 left
    directory = copy.deepcopy(DIRECTORY)
    directory[0]["items"][1]["stock"] = 5  # restock: two more
    directory[0]["items"] = [item for item in directory[0]["items"] if item["code"] != "spring"]
    changed = resync(world, directory)
    assert (changed.items.updated, changed.deactivated) == (1, 1)
    assert stock(world, "shampoo") == 3
    with pytest.raises(Refused) as gone:
        redeem(world, alice, "spring")
    assert gone.value.key == "exchange.item_unavailable" and gone.value.render("zh-CN") == "“春节礼包”已下架，不能兑换"


def test_sync_refuses_unknown_orgs_and_clerks_and_saves_nothing(database: Database) -> None:
    world = exchange_world(database)
    directory = copy.deepcopy(DIRECTORY)
    directory[1] |= {"nodes": ["S09"], "clerks": ["admin", "ghost"]}
    directory[1]["items"].append({"code": "wax", "name": "打蜡", "kind": "service", "price": 30, "cny": 10})
    with pytest.raises(CatalogueRefused) as refused:
        resync(world, directory)
    assert [problem.error.key for problem in refused.value.problems] == ["merchants.unknown_node", "merchants.not_clerk", "merchants.unknown_clerk"]
    assert refused.value.render("zh-CN") == "商家目录有 3 处问题，未保存任何内容；第一处：CARWASH 的 nodes：组织编码 S09 不存在"
    with database.reading() as session:
        assert session.scalar(sa.select(merchants.CatalogueItem.id).where(merchants.CatalogueItem.code == "wax")) is None


PROGRAM = """\
linli: 1
program: {name: 汉阳区}
organization:
  levels: [{key: district, name: 区}, {key: community, name: 社区}]
member_tags: {party_member: {name: 党员}}
merchants:
  directory:
    - code: M1
      name: 理发店
      nodes: [HY]
      active: {from: 2026-12-01, until: 2026-01-01}
      items:
        - {code: cut, name: 理发, kind: service, price: 100, cny: 15, eligibility: {tags: [retired], min_stars: 3}}
    - code: M1
      name: 洗车行
      nodes: [HY]
      items:
        - {code: cut, name: 洗车, kind: service, price: 80, cny: 20.005}
"""


def test_config_checks_codes_tags_dates_and_stars() -> None:
    checked = ProgramLoader(make_plugin_host(autoload=False)).check_text(PROGRAM)
    assert [(p.line, p.key or p.dotted_path()) for p in checked.problems if p.key.startswith("merchants")] == [
        (11, "merchants.dates_backwards"),
        (13, "merchants.unknown_tag"),
        (13, "merchants.stars_unrated"),
        (14, "merchants.duplicate_merchant"),
        (18, "merchants.duplicate_item"),
        (18, "merchants.cny_cents"),
    ]
