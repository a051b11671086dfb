"""Test helpers for the core domain: a small program, isolated plugin hooks, an acting admin.

The program is a cut of 百步亭's: 志愿服务中心 → 志愿服务站 → 楼栋志愿服务小组,
with 站长 and the 两长四员 roles. Hooks come from a plugin manager holding only
the plugins a test passes, so installed plugins never change a core test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import pluggy
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import Database, Level, OrgNodeSpec, Program, RoleSpec, Term, hookimpl, hookspecs
from linli.core.idcard import check_char
from linli.core.models import Operator
from linli.core.plugins import Hooks, PluginHost
from linli.core.services import Context, create_operator, sync_nodes

T0 = dt.datetime(2024, 3, 1, 1, 0, tzinfo=dt.UTC)  # 09:00 in Wuhan

LEVELS = (Level("center", "志愿服务中心"), Level("station", "志愿服务站"), Level("group", "楼栋志愿服务小组"))

NODES = (
    OrgNodeSpec(
        "BBT",
        "百步亭社区志愿服务中心",
        "center",
        160000,
        children=(
            OrgNodeSpec(
                "S01",
                "安居苑志愿服务站",
                "station",
                6000,
                children=(
                    OrgNodeSpec("G0101", "安居苑1栋小组", "group", 300),
                    OrgNodeSpec("G0102", "安居苑2栋小组", "group", 280),
                ),
            ),
            OrgNodeSpec("S02", "百步亭花园志愿服务站", "station", 5000, children=(OrgNodeSpec("G0201", "花园1栋小组", "group", 260),)),
        ),
    ),
)

ROLES = {
    "station_head": RoleSpec("station_head", "站长", levels=("station",), max_per_node=1),
    "building_head": RoleSpec(
        "building_head", "楼栋长", levels=("group",), required_tags=("party_member",), min_stars=4, max_per_node=1, group="两长四员"
    ),
    "sanitation": RoleSpec("sanitation", "卫生员", levels=("group",), min_stars=4, max_per_node=1, group="两长四员"),
    "security": RoleSpec("security", "治安员", levels=("group",), max_per_node=2, group="两长四员"),
}

CATEGORIES = {key: Term(key, name) for key, name in {"patrol": "巡逻", "culture": "文体", "elderly": "助老", "training": "培训"}.items()}
TAGS = {key: Term(key, name) for key, name in {"party_member": "党员", "in_service_party": "在职党员", "youth": "青年"}.items()}


def make_program(**changes: Any) -> Program:
    program = Program(
        name="百步亭社区志愿服务",
        locale="zh-CN",
        info=MappingProxyType({"name": "百步亭社区志愿服务"}),
        levels=LEVELS,
        nodes=NODES,
        roles=MappingProxyType(ROLES),
        activity_categories=MappingProxyType(CATEGORIES),
        member_tags=MappingProxyType(TAGS),
    )
    return replace(program, **changes)


def make_hooks(*plugins: tuple[str, object]) -> Hooks:
    """Hooks calling exactly *plugins* (no entry points)."""
    manager = pluggy.PluginManager("linli")
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    for name, plugin in plugins:
        host.register(plugin, name)
    return host.all_hooks()


class Stars:
    """A throwaway star-rating plugin answering from a dict."""

    def __init__(self, levels: dict[int, int] | None = None) -> None:
        self.levels = levels or {}
        self.calls: list[list[int]] = []

    @hookimpl
    def linli_star_levels(self, member_ids: list[int]) -> dict[int, int]:
        self.calls.append(list(member_ids))
        return {m: self.levels.get(m, 0) for m in member_ids}


class Recorder:
    """A throwaway plugin recording the event hooks it receives."""

    def __init__(self) -> None:
        self.approved: list[list[int]] = []
        self.registered: list[list[int]] = []

    @hookimpl
    def linli_service_approved(self, records: list[Any]) -> None:
        self.approved.append([r.id for r in records])

    @hookimpl
    def linli_members_registered(self, members: list[Any]) -> None:
        self.registered.append([m.id for m in members])


@contextmanager
def counting(session: Session) -> Iterator[list[str]]:
    """Collect the SQL statements *session*'s engine runs inside the block."""
    statements: list[str] = []
    engine = session.get_bind()

    def listen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)


def id_number(region: str = "420102", birth: str = "19650312", sequence: str = "123") -> str:
    """A valid 18-character ID number, with the check character computed."""
    first17 = region + birth + sequence
    return first17 + check_char(first17)


@dataclass
class World:
    """A database holding the program's tree and a program-wide admin, and a way to act in it."""

    database: Database
    program: Program
    hooks: Hooks
    admin_id: int
    clock: list[dt.datetime] = field(default_factory=lambda: [T0])

    def now(self) -> dt.datetime:
        return self.clock[0]

    @contextmanager
    def acting(self, operator_id: int | None = None) -> Iterator[Context]:
        """One write transaction, committed on success, acting as *operator_id* (default: the admin)."""
        with self.database.writing() as session:
            operator = session.get(Operator, operator_id or self.admin_id)
            assert operator is not None
            yield Context(session=session, operator=operator, program=self.program, hooks=self.hooks, now=self.now)

    def act(self, work: Callable[[Context], Any], operator_id: int | None = None) -> Any:
        with self.acting(operator_id) as ctx:
            return work(ctx)

    def operator(self, username: str, scope_node: str | None, **kwargs: Any) -> int:
        """Create an admin (or *role*) scoped to *scope_node*; returns its id."""
        return self.act(lambda ctx: create_operator(ctx, username=username, display_name=username, scope_node=scope_node, **kwargs).id)


def make_world(database: Database, *plugins: tuple[str, object], program: Program | None = None) -> World:
    program = program or make_program()
    with database.writing() as session:
        # No password: scrypt is deliberately slow, and only the operator tests sign in.
        admin = Operator(username="admin", display_name="街道管理员", role="admin", can_unmask=True, active=True)
        session.add(admin)
        session.flush()
        admin_id = admin.id
    world = World(database, program, make_hooks(*plugins), admin_id)
    world.act(sync_nodes)
    return world


@pytest.fixture
def world(database: Database) -> World:
    return make_world(database)
