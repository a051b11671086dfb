"""How often each kind of activity happens, recognised from a category's key and name.

Patrols and watches run weekly in every station, trainings monthly at the
centre, festivals on the holidays, flood duty in the flood season, a story
session once a year; anything else is a monthly service in each station.
A preset's categories are matched by words (巡逻, 培训, 节庆, 防汛 …), so a
new preset needs no code here.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from linli.core.config.program import Term


@dataclass(frozen=True)
class Rhythm:
    kind_of: str  # weekly, monthly, holiday, training, flood_season, annual
    words: tuple[str, ...]  # any of these in the category's key or name selects the rhythm
    at_top: bool  # held by the centre (top node) rather than in each station
    start_hour: int
    minutes: int
    participants: tuple[int, int]
    people_served: tuple[int, int]
    title: str  # filled with place, category, word (from days()), topic and sector
    activity_kind: str = "service"


RHYTHMS = (
    Rhythm("weekly", ("patrol", "watch", "civility", "巡逻", "守望", "劝导", "治安"), False, 19, 120, (3, 8), (0, 0), "{place}{category}{sector}"),
    Rhythm("training", ("training", "培训"), True, 14, 120, (15, 40), (0, 0), "{category}：{topic}", "training"),
    Rhythm("holiday", ("holiday", "festival", "节庆", "节日"), True, 9, 180, (20, 60), (150, 800), "{word}{category}"),
    Rhythm("flood_season", ("flood", "emergency", "防汛", "抢险", "应急"), True, 8, 360, (20, 50), (100, 500), "{category}值守"),
    Rhythm("annual", ("story", "commend", "故事汇", "表彰"), True, 14, 150, (20, 60), (100, 300), "{word}{category}"),
)
MONTHLY = Rhythm("monthly", (), False, 9, 150, (5, 14), (10, 60), "{place}{category}")

# Service records a year per volunteer that a station's own series add up to (teams and the centre add more).
RECORDS_PER_VOLUNTEER = 1.2
MAX_ROUTES = 5  # a large station patrols in up to five sectors

TRAINING_TOPICS = tuple("法律知识 家电维修 急救技能 消防安全 心理疏导 垃圾分类 反诈宣传 文艺骨干 助老护理 志愿服务礼仪".split())

# The lunar festivals' Gregorian dates (春节, 端午, 中秋, 重阳); other years reuse the nearest one's.
LUNAR = {
    2023: ("0122", "0622", "0929", "1023"),
    2024: ("0210", "0610", "0917", "1011"),
    2025: ("0129", "0531", "1006", "1029"),
    2026: ("0217", "0619", "0925", "1018"),
    2027: ("0206", "0609", "0915", "1008"),
    2028: ("0126", "0528", "1003", "1026"),
    2029: ("0213", "0616", "0922", "1016"),
    2030: ("0203", "0605", "0912", "1005"),
}


def rhythm_of(category: Term) -> Rhythm:
    text = f"{category.key} {category.name}"
    return next((rhythm for rhythm in RHYTHMS if any(word in text for word in rhythm.words)), MONTHLY)


def yearly_records(rhythm: Rhythm) -> float:
    """About how many service records one series of *rhythm* makes in a year."""
    per_year = {"weekly": 52, "monthly": 12, "training": 12, "holiday": 7, "flood_season": 4, "annual": 1}[rhythm.kind_of]
    return per_year * sum(rhythm.participants) / 2


def station_programme(categories: Mapping[str, Term], volunteers: int, rng: random.Random) -> list[tuple[str, Term, int]]:
    """The series a station of *volunteers* runs: (category key, category, routes), as many as its people can carry.

    Categories are taken in a random order while the station's budget of
    records lasts (at least the cheapest one); a weekly series that fits gets
    extra routes with what is left, so a big station patrols several sectors.
    """
    budget = volunteers * RECORDS_PER_VOLUNTEER
    order = rng.sample(sorted(categories), len(categories))
    cost = {key: yearly_records(rhythm_of(categories[key])) for key in order}
    routes: dict[str, int] = {}
    for key in order:
        if cost[key] <= budget:
            routes[key] = 1
            budget -= cost[key]
    if not routes and order:
        routes[min(order, key=cost.__getitem__)] = 1
    for key in [key for key in routes if rhythm_of(categories[key]).kind_of == "weekly"]:
        extra = min(MAX_ROUTES - 1, int(budget // cost[key]))
        routes[key] += extra
        budget -= extra * cost[key]
    return [(key, categories[key], count) for key, count in routes.items()]


def holidays(year: int) -> Iterator[tuple[dt.date, str]]:
    """The festivals a community celebrates with volunteers in *year*."""
    spring, dragon_boat, mid_autumn, double_ninth = (_date(year, mmdd) for mmdd in LUNAR[min(max(year, min(LUNAR)), max(LUNAR))])
    yield spring - dt.timedelta(days=5), "迎新春"
    yield spring + dt.timedelta(days=14), "元宵"
    yield dt.date(year, 3, 5), "学雷锋日"
    yield dragon_boat, "端午"
    yield mid_autumn, "中秋"
    yield double_ninth, "重阳"
    yield dt.date(year, 9, 29), "国庆"


def days(rhythm: Rhythm, first: dt.date, last: dt.date, slot: int) -> Iterator[tuple[dt.date, str]]:
    """The days in [*first*, *last*] the rhythm falls on, each with a word for its title.

    *slot* staggers series of the same rhythm (stations patrol on different evenings).
    """
    if rhythm.kind_of == "weekly":
        day = first + dt.timedelta(days=(slot - first.weekday()) % 7)
        while day <= last:
            yield day, ""
            day += dt.timedelta(days=7)
    elif rhythm.kind_of in ("monthly", "training"):
        # A weekend day (monthly service) or a Wednesday (training), in week *slot* of each month.
        weekday = 5 + slot % 2 if rhythm.kind_of == "monthly" else 2
        for month_start in _months(first, last):
            day = month_start + dt.timedelta(days=(weekday - month_start.weekday()) % 7 + 7 * (slot % 3))
            if first <= day <= last:
                yield day, ""
    elif rhythm.kind_of == "holiday":
        for year in range(first.year, last.year + 1):
            yield from ((day, name) for day, name in holidays(year) if first <= day <= last)
    elif rhythm.kind_of == "flood_season":
        for year in range(first.year, last.year + 1):
            for month, day_of_month in ((6, 20), (7, 5), (7, 18), (8, 2)):
                day = dt.date(year, month, day_of_month)
                if first <= day <= last:
                    yield day, ""
    else:  # annual: around 1 July, the party's anniversary, when story sessions and commendations are held
        for year in range(first.year, last.year + 1):
            if first <= (day := dt.date(year, 6, 28)) <= last:
                yield day, f"{year}年度"


def _months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _date(year: int, mmdd: str) -> dt.date:
    return dt.date(year, int(mmdd[:2]), int(mmdd[2:]))
