"""A small 朝阳里: the shipped preset with a test tree of two grids and their building entrances.

The program is loaded from ``configs/chaoyangli.yaml`` through ``extends``, so
these tests run the preset's own dispatch, matching and service-point
settings; hooks come only from the plugins a test names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

import linli.plugins.dispatch as dispatch
from linli.core import Database, Program
from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from linli.core.services import register_member
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.needs import NeedRow, raise_need
from linli.plugins.dispatch.orders import accept_order, make_order
from tests.core.factories import World, make_world

CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday morning in Tianjin

TREE = """
linli: 1
extends: chaoyangli
organization:
  nodes:
    - code: CYL
      name: 朝阳里社区
      level: community
      children:
        - code: G1
          name: 第一网格党支部
          level: grid
          children:
            - {code: G1-E1, name: 1号楼1门, level: entrance}
            - {code: G1-E2, name: 1号楼2门, level: entrance}
        - code: G2
          name: 第二网格党支部
          level: grid
          children:
            - {code: G2-E1, name: 5号楼1门, level: entrance}
"""


@cache
def chaoyangli(extra: str = "") -> Program:
    """The test program; *extra* YAML is appended (e.g. an incentives section)."""
    result = ProgramLoader(make_plugin_host(autoload=False)).check_text(TREE + extra)
    assert result.ok and result.program is not None, [p.render() for p in result.problems]
    return result.program


def chaoyangli_world(database: Database, *plugins: tuple[str, object], extra: str = "") -> World:
    world = make_world(database, ("dispatch", dispatch), *plugins, program=chaoyangli(extra))
    world.clock[0] = T0
    return world


def later(world: World, **delta: float) -> dt.datetime:
    """Move the world's clock forward and return the new time."""
    world.clock[0] += dt.timedelta(**delta)
    return world.clock[0]


def volunteer(world: World, phone: str, home: str, *, skills: Sequence[str] = (), willingness: Sequence[str] = (), name: str | None = None) -> int:
    with world.acting() as ctx:
        member = register_member(ctx, name=name or f"志愿者{phone[-4:]}", phone=phone, home_node=home, skills=skills, willingness=willingness)
        return member.id


def need(world: World, *, channel: str = "door", node: str = "G1-E1", category: str = "plumbing", **fields: Any) -> int:
    row = NeedRow(name=fields.pop("name", "王秀英"), node=node, category=category, phone=fields.pop("phone", "13700000001"), **fields)
    return int(world.act(lambda ctx: raise_need(ctx, row, channel=channel).id))


def ordered(world: World, *, publish: bool | None = None, **need_fields: Any) -> int:
    """A need taken and turned into an order; returns the order id."""
    need_id = need(world, **need_fields)
    return int(world.act(lambda ctx: make_order(ctx, need_id, publish=publish).id))


def accepted(world: World, member_id: int, **need_fields: Any) -> int:
    """A published order accepted by *member_id*."""
    order_id = ordered(world, publish=True, **need_fields)
    world.act(lambda ctx: accept_order(ctx, order_id, member_id))
    return order_id


def order_row(world: World, order_id: int) -> Order:
    with world.database.reading() as session:
        order = session.get(Order, order_id)
        assert order is not None
        session.expunge(order)
        return order

