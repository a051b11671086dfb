"""A populated world for the reliability tests: everything an out-of-scope operator could touch lies in station S01.

S01 (安居苑) holds members, an activity with a signed-up record, a team, a
role, a dispatch order, a service point, and a merchant (安居苑洗车行, whose
clerk is ``washer``, not the tests' clerk) with an issued redemption of a
member's points; the outsider administers S02.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa

import linli.plugins.dispatch
import linli.plugins.exchange
import linli.plugins.merchants
from linli.core import ledger
from linli.core.db import Base, Database
from linli.core.services import (
    assign_role,
    create_activity,
    create_project,
    create_team,
    open_activity,
    register_member,
    sign_up,
)
from linli.plugins.dispatch.needs import NeedRow, raise_need
from linli.plugins.dispatch.orders import make_order
from linli.plugins.exchange.redeem import redeem
from linli.plugins.merchants.sync import sync_catalogue
from linli.plugins.service_points.points import add_point
from tests.core.factories import T0, World, id_number, make_program, make_world

SECTIONS: dict[str, Any] = {
    "star_rating": {"metric": "service_hours", "levels": [{"stars": 1, "at": 10}, {"stars": 2, "at": 30, "entitlements": ["priority"]}]},
    "incentives": {"unit_name": "积分", "rules": [{"id": "base", "name": "每小时 1 分", "kind": "rate", "points": 1, "per": "hour"}]},
    "time_bank": {"title": "存折", "withdrawals": True, "family_transfer": True, "max_overdraft_minutes": 0},
    "commendations": {
        "awards": [{"id": "best", "title": "优秀志愿者", "period": "year", "rank_by": "service_hours", "top": 3, "per_level": "station"}]
    },
    "dispatch": {
        "channels": {"door": {"name": "上门询单", "order_level": "station", "mode": "dispatch"}},
        "urgencies": {"normal": {"name": "一般", "accept_within_minutes": 1440}},
        "default_urgency": "normal",
    },
    "matching": {"vocabulary": {"elderly": ["助老"]}},
    "service_points": {"kinds": {"barber": {"name": "义务理发点"}}},
    "merchants": {
        "directory": [
            {
                "code": "CARWASH",
                "name": "安居苑洗车行",
                "nodes": ["S01"],
                "clerks": ["washer"],
                "items": [{"code": "carwash", "name": "洗车", "kind": "service", "price": 80, "cny": 20}],
            }
        ]
    },
    "exchange": {"cny_per_point": 0.1, "pickup_days": 30, "settlement_level": "station"},
}
PLUGINS = (("dispatch", linli.plugins.dispatch), ("merchants", linli.plugins.merchants), ("exchange", linli.plugins.exchange))


@dataclass
class Targets:
    """Ids of rows inside S01, the station the outsider must not touch."""

    member: int
    other_member: int
    project: int
    activity: int
    record: int
    team: int
    assignment: int
    local_operator: int
    need: int
    order: int
    item: str  # a catalogue item of a merchant serving S01
    code: str  # the pickup code of an issued redemption by ``member``


def populated_world(database: Database) -> tuple[World, Targets]:
    world = make_world(database, *PLUGINS, program=make_program(sections=MappingProxyType(SECTIONS)))
    local_operator = world.operator("lou1", "G0101")
    world.operator("washer", None, role="clerk")  # the merchant's own clerk; the tests' clerk is someone else

    def build(ctx: Any) -> Targets:
        member = register_member(ctx, name="张秀英", phone="13800000001", home_node="G0101", id_number=id_number())
        other = register_member(ctx, name="李建华", phone="13800000002", home_node="G0102", id_number=id_number(sequence="456"))
        project = create_project(ctx, title="助老", category="elderly", host_node="S01")
        activity = create_activity(ctx, project_id=project.id, starts_at=T0, ends_at=T0 + dt.timedelta(hours=2))
        open_activity(ctx, activity.id)
        record = sign_up(ctx, activity_id=activity.id, member_id=member.id)
        team = create_team(ctx, name="安居苑助老队", anchor="S01")
        assignment = assign_role(ctx, member_id=member.id, node="G0101", role="security")
        need = raise_need(ctx, NeedRow(name="王奶奶", node="G0101", category="elderly"), channel="door")
        order = make_order(ctx, need.id)
        add_point(ctx, code="P1", name="安居苑理发点", kind="barber", node="S01")
        sync_catalogue(ctx)
        issuer = ledger.account(ctx.session, "issuer", "G0101", "points")
        purse = ledger.account(ctx.session, "member", str(member.id), "points")
        ledger.post(ctx.session, ledger.TransferRequest.move(f"test:give:{member.id}", issuer, purse, 500, cause="service", occurred_at=ctx.now()))
        redemption = redeem(ctx, member.id, "carwash")
        return Targets(
            member.id, other.id, project.id, activity.id, record.id, team.id, assignment.id, local_operator, need.id, order.id, "carwash", redemption.code
        )

    return world, world.act(build)


def dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for comparing a database before and after (raw SQL: this runs per call)."""
    with database.engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(sa.text(f'SELECT * FROM "{table.name}"'))), key=repr)
            for table in Base.metadata.sorted_tables
        }
