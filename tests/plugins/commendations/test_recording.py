"""A selection is recorded as a draft that a re-run replaces; once confirmed it is the record, and members show their titles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from linli.core import Database, Refused
from linli.core.models import AuditEntry
from linli.plugins.commendations import Commendation, confirm_awards, member_titles
from tests.core.factories import T0
from tests.plugins.commendations.town import Town, award, make_town


def rows(town: Town) -> list[tuple[object, ...]]:
    with town.world.database.reading() as session:
        found = session.scalars(sa.select(Commendation).order_by(Commendation.node_id, Commendation.rank))
        return [(c.award, c.period, c.member_id, c.rank, c.value, c.status) for c in found]


def titles(town: Town, member: str) -> list[tuple[object, ...]]:
    found = town.world.act(lambda ctx: member_titles(ctx, member))
    return [(t.period, t.title, t.node, t.rank, t.confirmed) for t in found.titles]


def confirm(town: Town, **options: str) -> int:
    return int(town.world.act(lambda ctx: confirm_awards(ctx, period="2024", **options)))


def test_a_rerun_replaces_the_draft_and_a_confirmed_list_is_final(database: Database) -> None:
    town = make_town(database, [award(top=2)])
    zhang, li, wang = (town.people[name] for name in ("张秀英", "李建国", "王芳"))
    town.serve("张秀英", 300)
    town.serve("王芳", 120)
    town.select()
    assert rows(town) == [("outstanding", "2024", zhang, 1, 5.0, "draft"), ("outstanding", "2024", wang, 2, 2.0, "draft")]
    town.serve("李建国", 360)  # approved late: the draft is decided again
    town.select()
    assert rows(town) == [("outstanding", "2024", li, 1, 6.0, "draft"), ("outstanding", "2024", zhang, 2, 5.0, "draft")]
    assert titles(town, "13800000002") == []  # 王芳 dropped out with the old draft
    with town.world.database.reading() as session:
        row = session.scalars(sa.select(Commendation)).first()
        assert row is not None and (row.decided_at, row.decided_by, row.metric) == (T0, town.world.admin_id, "service_hours")
    assert confirm(town) == 2
    assert titles(town, "13800000001") == [("2024", "优秀志愿者", None, 1, True)]
    with pytest.raises(Refused, match="优秀志愿者（2024）在百步亭社区志愿服务的名单已确认"):
        town.select()
    with pytest.raises(Refused, match="没有待确认的评选名单"):
        confirm(town)
    with database.reading() as session:
        actions = session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("commendations.%")).order_by(AuditEntry.seq))
        assert list(actions) == ["commendations.select", "commendations.select", "commendations.confirm"]


def test_per_level_lists_are_confirmed_and_redone_node_by_node(database: Database) -> None:
    town = make_town(database, [award(top=1, per_level="station")])
    town.serve("张秀英", 300)
    town.serve("赵磊", 60)
    town.select()
    assert confirm(town, org="S01") == 1
    assert titles(town, str(town.people["张秀英"])) == [("2024", "优秀志愿者", "安居苑志愿服务站", 1, True)]
    assert titles(town, str(town.people["赵磊"])) == [("2024", "优秀志愿者", "百步亭花园志愿服务站", 1, False)]
    town.serve("刘洋", 120)
    with pytest.raises(Refused, match="安居苑志愿服务站（S01）的名单已确认"):
        town.select()  # the whole program covers the confirmed station
    assert town.select(org="S02") == [("刘洋", "百步亭花园志愿服务站", 1, 2.0)]
    assert [(member, rank, status) for _, _, member, rank, _, status in rows(town)] == [
        (town.people["张秀英"], 1, "confirmed"),
        (town.people["刘洋"], 1, "draft"),
    ]
