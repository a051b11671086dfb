"""A world running the real star_rating plugin, members to rate, and approved hours placed on chosen days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from linli.core.config.program import freeze
from linli.core.db import Database
from linli.core.models import Member
from linli.core.services import MemberRow, ServiceRow, create_activity, open_activity, record_imported_service, register_members
from linli.plugins import star_rating
from tests.core.factories import World, make_program, make_world

FRAGMENTS = Path(__file__).parents[3] / "configs" / "fragments"
CHINA = dt.timezone(dt.timedelta(hours=8))
# A long-running patrol every record below belongs to: 2022 to 2026, China time.
SPAN = (dt.datetime(2022, 1, 1, tzinfo=CHINA), dt.datetime(2027, 1, 1, tzinfo=CHINA))


def fragment(name: str) -> dict[str, Any]:
    """The ``star_rating`` section of a shipped fragment, e.g. ``stars-common``."""
    return yaml.safe_load((FRAGMENTS / f"{name}.yaml").read_text("utf-8"))["star_rating"]


def rated_world(database: Database, section: Mapping[str, Any], *plugins: tuple[str, object], **program: Any) -> World:
    sections = freeze({"star_rating": dict(section)})
    return make_world(database, ("star_rating", star_rating), *plugins, program=make_program(sections=sections, **program))


def members(world: World, count: int, *, node: str = "G0101", tags: tuple[str, ...] = ("party_member",)) -> list[int]:
    """Register *count* members at *node*, numbered after those already there (志愿者0, 志愿者1 …)."""

    def work(ctx: Any) -> list[int]:
        first = ctx.session.scalar(sa.select(sa.func.count()).select_from(Member)) or 0
        rows = [MemberRow(f"志愿者{i}", f"139{i:08d}", node, tags=tags) for i in range(first, first + count)]
        return [m.id for m in register_members(ctx, rows)]

    return world.act(work)


def patrol(world: World) -> int:
    def work(ctx: Any) -> int:
        activity = create_activity(ctx, title="常态化巡逻", category="patrol", host_node="BBT", starts_at=SPAN[0], ends_at=SPAN[1])
        open_activity(ctx, activity.id)
        return activity.id

    return world.act(work)


def serve(world: World, activity: int, hours: Mapping[int, float], *, start: dt.datetime = dt.datetime(2024, 2, 1, 8, tzinfo=CHINA)) -> None:
    """Approve *hours* per member as one batch, each a record that began at *start*."""
    rows = []
    for member_id, amount in hours.items():
        minutes = round(amount * 60)
        rows.append(ServiceRow(activity, minutes, member_id=member_id, check_in_at=start, check_out_at=start + dt.timedelta(minutes=minutes)))
    world.act(lambda ctx: record_imported_service(ctx, rows, approve=True))
