"""``explain`` names the cause and rules of every transfer; ``simulate`` predicts a rule change and writes nothing."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from linli.core.db import Base
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import get_member
from linli.core.services.explain import explain_member
from linli.core.simulate import simulate
from tests.core.factories import World
from tests.plugins.incentives.helpers import activity, approve, incentives_world, member, program_with, served

RATE = {"id": "base", "kind": "rate", "points": 1, "per": "hour"}
EVALUATION = {"id": "evaluation", "kind": "score_factors", "factors": [0.5, 0.8, 1.0, 1.2, 1.5], "unrated": 1.0}


def served_world(database) -> tuple[World, int]:
    world = incentives_world(database, [RATE, EVALUATION])
    volunteer = member(world, "13800000001")
    patrol = activity(world, "2024-03-02 08:00")
    approve(world, served(world, volunteer, patrol, "2024-03-02 09:00", 180, score=5))
    approve(world, served(world, volunteer, patrol, "2024-03-02 13:00", 120))
    return world, volunteer


def test_explain_lists_each_transfer_with_its_record_and_rules(database) -> None:
    world, volunteer = served_world(database)
    result = world.act(lambda ctx: explain_member(ctx, get_member(ctx.session, volunteer)))
    assert result.approved_minutes == 300
    points = [line for line in result.lines if line.unit == "points"]
    assert [(line.amount, line.minutes, line.activity) for line in points] == [(5, 180, "活动"), (2, 120, "活动")]  # 3h x 1.5, 2h x 1
    assert points[0].rule_ids == ("base", "evaluation") and points[0].produced_by == "incentives"
    assert result.balances["points"] == 7


def dump(database) -> dict[str, list[tuple]]:
    with database.engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(sa.select(table)))) for name, table in Base.metadata.tables.items()}


def test_simulate_predicts_a_richer_rate_and_changes_nothing(database) -> None:
    world, _ = served_world(database)
    runtime = Runtime(world.program, make_plugin_host(autoload=False), world.database)
    before = dump(database)
    proposed = program_with({"rules": [{**RATE, "points": 10}, EVALUATION]})
    result = simulate(runtime, proposed, "admin")
    assert (result.records, result.actual_points, result.proposed_points) == (2, 7, 65)  # 30 x 1.5 + 20 x 1
    (station,) = [row for row in result.by_org if row.actual]
    assert (station.key, station.actual, station.proposed) == ("S01", 7, 65)
    assert [(row.key, row.change) for row in result.by_category] == [("patrol", 58)]
    assert dump(database) == before


def test_simulate_since_a_date_counts_only_later_service(database) -> None:
    world, _ = served_world(database)
    runtime = Runtime(world.program, make_plugin_host(autoload=False), world.database)
    result = simulate(runtime, world.program, "admin", since=dt.date(2024, 3, 3))
    assert (result.actual_points, result.proposed_points) == (0, 0)
