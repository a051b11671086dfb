"""A year of activities, and the service volunteers gave at them, approved but for the last week's.

Activities follow each category's rhythm (:mod:`linli.core.demo.rhythms`),
in every station or at the centre, plus a monthly outing of every team;
those of the coming month are open for sign-up. Participants are drawn
by keenness, mostly from the host's own area, never before they
registered; minutes fall a little short of the activity's span for late
comers, records come from the mixed sources real programs have, and some
are rated by the people served. The service of the last week (in a
quiet week, of the last few activities) still waits for review, as a
station's would, and has earned nothing yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from linli.core.config.program import Term
from linli.core.demo.organize import DemoTeam
from linli.core.demo.places import SECTORS
from linli.core.demo.programme import Series
from linli.core.demo.rhythms import MONTHLY, TRAINING_TOPICS, Rhythm, days, rhythm_of
from linli.core.demo.roster import Pool, Roster
from linli.core.models.activities import Activity
from linli.core.services.activity_import import ActivityRow, import_activities
from linli.core.services.context import CHINA_STANDARD_TIME, Context
from linli.core.services.evaluations import evaluate_many
from linli.core.services.record_import import ServiceRow, record_imported_service

YEAR_DAYS = 365
UPCOMING_DAYS = 31  # next month's calendar is published and open for sign-up
REVIEW_DAYS = 7  # a station reviews weekly, so activities held in the last week still await it
LATEST_WAITING = 3  # a small community's quiet week still leaves its latest activities to review
PARTICIPANTS_PER_VOLUNTEERS = 10  # an activity draws at most one in this many of the host's volunteers
FROM_ELSEWHERE = 8  # one participant in this many comes from outside the host's area
SOURCES = (("self", 50), ("operator", 20), ("paper_ledger", 20), ("import", 10))
LATE_MINUTES = (0, 0, 0, 0, 0, 10, 20, 30)
RATED_SHARE = 0.2
SCORES = ((5, 70.0), (4, 22.0), (3, 6.0), (2, 1.5), (1, 0.5))
COMMENTS = (None, None, None, "服务很耐心", "非常感谢志愿者", "准时又细致", "态度热情", "帮了大忙")


@dataclass(frozen=True)
class _Plan:
    row: ActivityRow
    day: dt.date
    pool: Pool
    participants: tuple[int, int]


def hold_year(ctx: Context, roster: Roster, series: Sequence[Series], teams: Sequence[DemoTeam], rng: random.Random) -> None:
    """Enter the year's activities, then the service records of those held (approved unless recent), then the ratings."""
    plans = list(_plans(ctx, series, teams, rng))
    activities = import_activities(ctx, [plan.row for plan in plans])
    everyone = Pool(roster.volunteers)
    unreviewed_from = _unreviewed_from(ctx.today(), [plan.day for plan in plans])
    reviewed: list[ServiceRow] = []
    waiting: list[ServiceRow] = []
    for plan, activity in zip(plans, activities, strict=True):
        if activity.status == "closed":
            (waiting if plan.day >= unreviewed_from else reviewed).extend(_service(plan, activity, everyone, rng))
    created = record_imported_service(ctx, reviewed, approve=True).created + record_imported_service(ctx, waiting).created
    kinds = {activity.id: activity.kind for activity in activities}
    ratings = {
        record.id: (rng.choices([s for s, _ in SCORES], [w for _, w in SCORES])[0], rng.choice(COMMENTS))
        for record in created
        if kinds[record.activity_id] == "service" and record.source in ("self", "operator") and rng.random() < RATED_SHARE
    }
    evaluate_many(ctx, ratings)


def _unreviewed_from(today: dt.date, days: Sequence[dt.date]) -> dt.date:
    """The first day whose service awaits review: the last REVIEW_DAYS days, or earlier to take in the last LATEST_WAITING activities held."""
    held = sorted(day for day in days if day < today)
    week = today - dt.timedelta(days=REVIEW_DAYS)
    return min(week, held[-LATEST_WAITING:][0]) if held else week


def _plans(ctx: Context, series: Sequence[Series], teams: Sequence[DemoTeam], rng: random.Random) -> Iterator[_Plan]:
    today = ctx.today()
    first, last = today - dt.timedelta(days=YEAR_DAYS), today + dt.timedelta(days=UPCOMING_DAYS - 1)
    for one in series:
        rhythm = rhythm_of(one.category)
        # A small community's festival draws a few dozen helpers, not the seed-sized crowd.
        most = max(3, len(one.pool.volunteers) // PARTICIPANTS_PER_VOLUNTEERS)
        participants = (min(rhythm.participants[0], most), min(rhythm.participants[1], most))
        for route in range(one.routes):
            sector = f"（{SECTORS[route]}）" if one.routes > 1 else ""
            for day, word in days(rhythm, first, last, rng.randrange(7)):
                topic = rng.choice(TRAINING_TOPICS)
                title = rhythm.title.format(place=one.node.place, category=one.category.name, word=word, topic=topic, sector=sector)
                row = _row(rhythm, one.key, title, day, today, rng, host_node=one.node.code, place=one.node.name, project_id=one.project_id)
                yield _Plan(row, day, one.pool, participants)
    in_stations = {key: term for key, term in ctx.program.activity_categories.items() if not rhythm_of(term).at_top}
    for slot, team in enumerate(teams):
        key, category = _closest(team.name, in_stations or ctx.program.activity_categories, rng)
        pool = Pool(list(team.members))
        for day, _ in days(MONTHLY, first, last, slot):
            title = MONTHLY.title.format(place=team.name, category=category.name)
            row = _row(MONTHLY, key, title, day, today, rng, host_team_id=team.id, place=team.name)
            yield _Plan(row, day, pool, (3, min(12, max(3, len(team.members)))))


def _row(
    rhythm: Rhythm,
    category: str,
    title: str,
    day: dt.date,
    today: dt.date,
    rng: random.Random,
    *,
    place: str,
    host_node: str | None = None,
    host_team_id: int | None = None,
    project_id: int | None = None,
) -> ActivityRow:
    starts = dt.datetime.combine(day, dt.time(rhythm.start_hour), CHINA_STANDARD_TIME)
    held = day < today
    return ActivityRow(
        title=title,
        category=category,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=rhythm.minutes),
        kind=rhythm.activity_kind,
        people_served=rng.randint(*rhythm.people_served) if held else 0,
        status="closed" if held else "open",
        host_node=host_node,
        host_team_id=host_team_id,
        project_id=project_id,
        place=place,
    )


def _service(plan: _Plan, activity: Activity, everyone: Pool, rng: random.Random) -> Iterator[ServiceRow]:
    wanted = rng.randint(*plan.participants)
    candidates = plan.pool.draw(rng, 2 * wanted + 4) + everyone.draw(rng, max(1, wanted // FROM_ELSEWHERE))
    rng.shuffle(candidates)
    span = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    seen: set[int] = set()
    for volunteer in candidates:
        if len(seen) == wanted:
            return
        if volunteer.id in seen or volunteer.registered_on > plan.day:
            continue
        seen.add(volunteer.id)
        minutes = span - rng.choice(LATE_MINUTES)
        source = rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
        if source != "self":
            yield ServiceRow(activity.id, minutes, member_id=volunteer.id, source=source)
            continue
        # Checked in on the phone: real times, a little around the start.
        check_in = activity.starts_at + dt.timedelta(minutes=rng.randint(-10, 5))
        check_out = check_in + dt.timedelta(minutes=minutes + rng.randint(0, 5))
        yield ServiceRow(activity.id, minutes, member_id=volunteer.id, check_in_at=check_in, check_out_at=check_out, source=source)


def _closest(name: str, categories: Mapping[str, Term], rng: random.Random) -> tuple[str, Term]:
    """The category sharing most characters with a team's name (助老服务队 → 助老服务), else any."""
    items = list(categories.items())
    best = max(items, key=lambda item: len(set(name) & set(item[1].name)))
    return best if set(name) & set(best[1].name) else rng.choice(items)
