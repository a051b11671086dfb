"""A Baibuting cut with volunteers whose 2024 service is known by heart, for hand-computed rankings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import linli.plugins.commendations as commendations
from linli.core import Database
from linli.core.config.program import freeze
from linli.core.services import create_activity, open_activity, record_manual, register_member, review
from tests.core.factories import T0, World, make_program, make_world

HOUR = dt.timedelta(hours=1)
NEXT_YEAR = dt.datetime(2025, 3, 1, 1, 0, tzinfo=dt.UTC)

# name, home node, registered on, tags
PEOPLE = (
    ("张秀英", "G0101", dt.date(2023, 1, 5), ("party_member",)),
    ("李建国", "G0101", dt.date(2023, 3, 1), ()),
    ("王芳", "G0102", dt.date(2023, 2, 1), ("party_member",)),
    ("赵磊", "G0201", dt.date(2023, 2, 1), ()),
    ("刘洋", "G0201", dt.date(2023, 6, 1), ("party_member",)),
    ("陈静", "BBT", dt.date(2022, 1, 1), ()),  # registered at the centre itself, in no station
)


def award(**fields: Any) -> dict[str, Any]:
    return {"id": "outstanding", "title": "优秀志愿者", "top": 3, **fields}


@dataclass
class Town:
    world: World
    activity: int  # March 2024
    later: int  # March 2025
    people: dict[str, int]

    def serve(self, name: str, minutes: int, *, activity: int | None = None, reject: bool = False) -> int:
        with self.world.acting() as ctx:
            record = record_manual(ctx, member_id=self.people[name], activity_id=activity or self.activity, minutes=minutes).id
            if reject:
                review(ctx, reject={record: "未到岗"})
            else:
                review(ctx, approve=[record])
        return record

    def select(self, period: str = "2024", operator: int | None = None, **options: Any) -> list[tuple[str, str | None, int, float]]:
        winners = self.world.act(lambda ctx: commendations.select_awards(ctx, period=period, **options), operator)
        return [(w.member, w.node, w.rank, w.value) for w in winners]


def make_town(database: Database, awards: Sequence[dict[str, Any]], *plugins: tuple[str, object]) -> Town:
    program = make_program(sections=freeze({"commendations": {"awards": list(awards)}}))
    world = make_world(database, ("commendations", commendations), *plugins, program=program)
    with world.acting() as ctx:
        people = {
            name: register_member(ctx, name=name, phone=f"1380000{i:04d}", home_node=node, registered_on=since, tags=tags).id
            for i, (name, node, since, tags) in enumerate(PEOPLE)
        }
        activities = []
        for title, start in (("夜间巡逻", T0), ("春节巡逻", NEXT_YEAR)):
            activity = create_activity(ctx, title=title, category="patrol", host_node="BBT", starts_at=start, ends_at=start + 12 * HOUR)
            open_activity(ctx, activity.id)
            activities.append(activity.id)
    return Town(world, activities[0], activities[1], people)
