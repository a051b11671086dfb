"""Awards as the program defines them, and the periods they are decided for."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from linli.core import Program, Refused

PERIOD_FORMS = {
    "year": re.compile(r"(?P<year>\d{4})"),
    "quarter": re.compile(r"(?P<year>\d{4})-?[Qq](?P<quarter>[1-4])"),
    "month": re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
}


@dataclass(frozen=True)
class Award:
    id: str
    title: str
    period: str
    top: int
    rank_by: str
    per_level: str | None
    min_hours: float | None
    min_stars: int | None
    tags: tuple[str, ...]
    no_rejected_records: bool


@dataclass(frozen=True)
class Period:
    kind: str
    label: str  # 2026, 2026-Q2, 2026-05: how records name it
    since: dt.datetime
    until: dt.datetime  # exclusive


def awards(program: Program) -> list[Award]:
    section = program.section("commendations")
    found = []
    for entry in section["awards"] if section else ():
        rules = entry.get("eligibility", {})
        found.append(
            Award(
                id=entry["id"],
                title=entry["title"],
                period=entry.get("period", "year"),
                top=entry["top"],
                rank_by=entry.get("rank_by", "service_hours"),
                per_level=entry.get("per_level"),
                min_hours=rules.get("min_hours"),
                min_stars=rules.get("min_stars"),
                tags=tuple(rules.get("tags", ())),
                no_rejected_records=rules.get("no_rejected_records", False),
            )
        )
    return found


def chosen(program: Program, period: Period, award_id: str | None) -> list[Award]:
    """The awards decided for *period*: the one named, else every award of that kind of period."""
    defined = awards(program)
    if award_id is None:
        matching = [award for award in defined if award.period == period.kind]
        if not matching:
            raise Refused("commendations.no_award_for_period", period=period.label)
        return matching
    award = next((award for award in defined if award.id == award_id), None)
    if award is None:
        raise Refused("commendations.unknown_award", award=award_id, known="、".join(a.id for a in defined) or "-")
    if award.period != period.kind:
        raise Refused(f"commendations.wrong_period_{award.period}", award=award.title, period=period.label)
    return [award]


def parse_period(text: str, zone: dt.tzinfo) -> Period:
    """``2026`` (a year), ``2026-Q2`` (a quarter) or ``2026-05`` (a month): its calendar span in *zone*."""
    for kind, form in PERIOD_FORMS.items():
        match = form.fullmatch(text.strip())
        if match is None:
            continue
        year = int(match["year"])
        if kind == "year":
            return Period(kind, f"{year}", _start(year, 1, zone), _start(year + 1, 1, zone))
        if kind == "quarter":
            quarter = int(match["quarter"])
            return Period(kind, f"{year}-Q{quarter}", _start(year, 3 * quarter - 2, zone), _start(year, 3 * quarter + 1, zone))
        month = int(match["month"])
        if 1 <= month <= 12:
            return Period(kind, f"{year}-{month:02d}", _start(year, month, zone), _start(year, month + 1, zone))
    raise Refused("commendations.bad_period", period=text)


def _start(year: int, month: int, zone: dt.tzinfo) -> dt.datetime:
    """The first moment of *month* (13 means January of the next year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.datetime(year, month, 1, tzinfo=zone)
