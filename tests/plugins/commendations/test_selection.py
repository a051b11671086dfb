"""Rankings computed by hand: eligibility, ties, top N per org node, metrics from other plugins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
import pytest

from linli.core import Database, PermissionDenied, Refused, hookimpl
from linli.plugins.commendations.awards import parse_period
from tests.core.factories import Stars
from tests.plugins.commendations.town import Town, award, make_town

S01, S02 = "安居苑志愿服务站", "百步亭花园志愿服务站"
CST = dt.timezone(dt.timedelta(hours=8))


def year_2024(town: Town) -> Town:
    """张 5h; 王, 赵 and 李 3h each (李 in two visits, registered last); 刘 1h and a rejected record; 陈 10h in 2025."""
    town.serve("张秀英", 300)
    town.serve("王芳", 180)
    town.serve("赵磊", 180)
    town.serve("李建国", 90)
    town.serve("李建国", 90)
    town.serve("刘洋", 60)
    town.serve("刘洋", 120, reject=True)
    town.serve("陈静", 600, activity=town.later)
    return town


def test_ties_go_to_the_earlier_registration_then_the_smaller_id(database: Database) -> None:
    town = year_2024(make_town(database, [award()]))
    assert town.select() == [("张秀英", None, 1, 5.0), ("王芳", None, 2, 3.0), ("赵磊", None, 3, 3.0)]
    assert town.select("2025") == [("陈静", None, 1, 10.0)]


def test_top_n_within_each_node_of_a_level(database: Database) -> None:
    town = year_2024(make_town(database, [award(top=1, per_level="station")]))
    # 陈静 lives at the centre itself, in no station, and is not ranked.
    assert town.select() == [("张秀英", S01, 1, 5.0), ("赵磊", S02, 1, 3.0)]
    assert town.select("2025") == []


ELIGIBILITY = {
    "hours": ({"min_hours": 3}, ["张秀英", "王芳", "赵磊", "李建国"]),
    "party": ({"tags": ["party_member"]}, ["张秀英", "王芳", "刘洋"]),
    "clean": ({"no_rejected_records": True}, ["张秀英", "王芳", "赵磊", "李建国"]),
    "all": ({"min_hours": 1, "tags": ["party_member"], "no_rejected_records": True}, ["张秀英", "王芳"]),
}


def test_eligibility_filters(database: Database) -> None:
    town = year_2024(make_town(database, [award(id=key, top=10, eligibility=rules) for key, (rules, _) in ELIGIBILITY.items()]))
    for key, (_, expected) in ELIGIBILITY.items():
        assert [name for name, *_ in town.select(award=key)] == expected, key


def test_min_stars_asks_the_star_plugin(database: Database) -> None:
    stars = Stars()
    town = year_2024(make_town(database, [award(eligibility={"min_stars": 4})], ("stars", stars)))
    stars.levels = {town.people["张秀英"]: 5, town.people["李建国"]: 4, town.people["王芳"]: 3}
    assert [name for name, *_ in town.select()] == ["张秀英", "李建国"]
    assert len(stars.calls) == 1  # one batch for every candidate


def test_min_stars_without_a_star_plugin_is_refused_by_name(database: Database) -> None:
    unrated = year_2024(make_town(database, [award(id="five_star", title="五星志愿者", eligibility={"min_stars": 5})]))
    with pytest.raises(Refused, match="五星志愿者 要求至少 5 星，但没有启用星级评定插件"):
        unrated.select()


def test_ranking_by_records_and_by_a_plugins_metric(database: Database) -> None:
    class Points:
        def __init__(self) -> None:
            self.values: dict[int, float] = {}
            self.windows: list[tuple[str, dt.datetime | None, dt.datetime | None]] = []

        @hookimpl
        def linli_member_metric(self, metric: str, member_ids: Sequence[int], since: dt.datetime | None, until: dt.datetime | None) -> dict[int, float] | None:
            self.windows.append((metric, since, until))
            return {m: self.values[m] for m in member_ids if m in self.values} if metric == "points_earned" else None

    points = Points()
    awards = [award(rank_by="records"), award(id="points", title="积分之星", rank_by="points_earned", top=2), award(id="x", title="X", rank_by="smiles")]
    town = year_2024(make_town(database, awards, ("points", points)))
    points.values = {town.people["刘洋"]: 12.5, town.people["张秀英"]: 12.5, town.people["王芳"]: 3}
    assert town.select(award="outstanding") == [("李建国", None, 1, 2.0), ("张秀英", None, 2, 1.0), ("王芳", None, 3, 1.0)]
    assert [name for name, *_ in town.select(award="points")] == ["张秀英", "刘洋"]  # equal points: earlier registration first
    assert points.windows[-1] == ("points_earned", dt.datetime(2024, 1, 1, tzinfo=CST), dt.datetime(2025, 1, 1, tzinfo=CST))
    with pytest.raises(Refused, match="按“smiles”排名，但没有插件提供这个指标"):
        town.select(award="x")


def test_the_operators_scope_bounds_the_selection(database: Database) -> None:
    town = year_2024(make_town(database, [award(), award(id="per_centre", title="中心之星", per_level="center", top=1)]))
    station = town.world.operator("anju", "S01")
    assert town.select(operator=station, award="outstanding") == [("张秀英", S01, 1, 5.0), ("王芳", S01, 2, 3.0), ("李建国", S01, 3, 3.0)]
    assert town.select(org="S02", award="outstanding") == [("赵磊", S02, 1, 3.0), ("刘洋", S02, 2, 1.0)]
    with pytest.raises(PermissionDenied):
        town.select(operator=station, org="S02", award="outstanding")
    with pytest.raises(Refused, match="中心之星 在每个志愿服务中心内评选"):
        town.select(operator=station, award="per_centre")


def test_periods_name_a_year_a_quarter_or_a_month_in_china_time() -> None:
    quarter = parse_period("2026q2", CST)
    assert (quarter.kind, quarter.label, quarter.since, quarter.until) == (
        "quarter",
        "2026-Q2",
        dt.datetime(2026, 4, 1, tzinfo=CST),
        dt.datetime(2026, 7, 1, tzinfo=CST),
    )
    december = parse_period("2026-12", CST)
    assert (december.label, december.until) == ("2026-12", dt.datetime(2027, 1, 1, tzinfo=CST))
    for wrong in ("26", "2026-13", "2026-Q5", "去年"):
        with pytest.raises(Refused, match="应写作 2026"):
            parse_period(wrong, CST)


def test_an_award_is_decided_only_for_its_kind_of_period(database: Database) -> None:
    town = make_town(database, [award()])
    with pytest.raises(Refused, match="按年度评选"):
        town.select("2024-05", award="outstanding")
    with pytest.raises(Refused, match="没有按“2024-05”这种期间评选的奖项"):
        town.select("2024-05")
    with pytest.raises(Refused, match="没有编号为 nope 的奖项"):
        town.select(award="nope")
