"""Checks of the ``incentives`` section that its schema cannot express.

Each rule's options are validated against its kind's schema here (a kind
may come from another plugin), then the kind's own checks run, then the
checks across rules: duplicate ids, contradictory caps, a missing base.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from linli.core import ConfigProblem, Program, RuleKinds, collect_rule_kinds, schema_problems, t

from linli.plugins.incentives.conditions import condition, holiday_dates
from linli.plugins.incentives.schema import COMMON_KEYS
from linli.plugins.incentives.settings import SECTION, rule_of

RULES = (SECTION, "rules")
# A rate rule without ``when`` gives every record its base: base rules after it never apply.
CATCH_ALL_KIND = "rate"
CAP_KIND = "cap"


def check(program: Program, hooks: Any) -> Iterator[ConfigProblem]:
    section = program.section(SECTION)
    if section is None:
        return
    table = collect_rule_kinds(hooks)
    for kind, plugins in sorted(table.clashes.items()):
        yield ConfigProblem((SECTION,), "incentives.kind_clash", {"kind": kind, "plugins": ", ".join(plugins)})
    yield from _check_top(section)
    holidays = holiday_dates(section.get("holidays", ()))
    first_ids: dict[str, int] = {}
    valid: list[tuple[int, Mapping[str, Any]]] = []  # rules of a known kind with valid options
    for index, data in enumerate(section["rules"]):
        path = (*RULES, index)
        first = first_ids.setdefault(data["id"], index)
        if first != index:
            yield ConfigProblem((*path, "id"), "incentives.duplicate_rule_id", {"id": data["id"], "first": first + 1})
        yield from _check_when(program, data.get("when", {}), (*path, "when"), bool(holidays))
        problems = list(_check_options(program, table, data, path))
        yield from problems
        if data["kind"] in table.kinds and not problems:
            valid.append((index, data))
    if len(valid) == len(section["rules"]):
        yield from _check_base(table, valid)
    yield from _check_caps(valid)


def _check_top(section: Mapping[str, Any]) -> Iterator[ConfigProblem]:
    for index, holiday in enumerate(section.get("holidays", ())):
        if dt.date.fromisoformat(holiday.get("until", holiday["date"])) < dt.date.fromisoformat(holiday["date"]):
            yield ConfigProblem((SECTION, "holidays", index, "until"), "incentives.holiday_backwards", {"date": holiday["date"], "until": holiday["until"]})
    expiry = section.get("expiry", {})
    if "months" in expiry and expiry["policy"] != "months":
        yield ConfigProblem((SECTION, "expiry", "months"), "incentives.months_unused", {"policy": expiry["policy"]})


def _check_options(program: Program, table: RuleKinds, data: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[ConfigProblem]:
    kind = table.kinds.get(data["kind"])
    if kind is None:
        close = difflib.get_close_matches(data["kind"], list(table.kinds), n=1, cutoff=0.6)
        hint = t("incentives.did_you_mean", program.locale, suggestion=close[0]) if close else ""
        yield ConfigProblem((*path, "kind"), "incentives.unknown_kind", {"kind": data["kind"], "hint": hint, "known": ", ".join(sorted(table.kinds))})
        return
    options = {key: value for key, value in data.items() if key not in COMMON_KEYS}
    problems = schema_problems(kind.schema, options, path, program.locale)
    if problems:
        yield from problems
        return
    for problem in kind.check(rule_of(data), program):
        yield replace(problem, path=(*path, *problem.path))


def _check_when(program: Program, when: Mapping[str, Any], path: tuple[Any, ...], has_holidays: bool) -> Iterator[ConfigProblem]:
    for index, category in enumerate(when.get("categories", ())):
        if category not in program.activity_categories:
            known = ", ".join(program.activity_categories)
            yield ConfigProblem((*path, "categories", index), "incentives.unknown_category", {"category": category, "known": known})
    for index, tag in enumerate(when.get("tags", ())):
        if tag not in program.member_tags:
            yield ConfigProblem((*path, "tags", index), "incentives.unknown_tag", {"tag": tag, "known": ", ".join(program.member_tags)})
    if when.get("holidays") and not has_holidays:
        yield ConfigProblem((*path, "holidays"), "incentives.no_holidays")
    night = when.get("night")
    if night and night["from"] == night["to"]:
        yield ConfigProblem((*path, "night", "to"), "incentives.night_empty", {"time": night["to"]})
    if condition(when, frozenset()).weekdays == frozenset():
        yield ConfigProblem(path, "incentives.no_days")


def _check_base(table: RuleKinds, rules: list[tuple[int, Mapping[str, Any]]]) -> Iterator[ConfigProblem]:
    """A base rule must exist, and none may follow a rate rule that takes every record."""
    base = [(index, data) for index, data in rules if table.kinds[data["kind"]].phase == "base"]
    if not base:
        yield ConfigProblem(RULES, "incentives.no_base_rule")
    catch_all: str | None = None
    for index, data in base:
        if catch_all is not None:
            yield ConfigProblem((*RULES, index, "kind"), "incentives.rule_shadowed", {"id": data["id"], "by": catch_all})
        elif data["kind"] == CATCH_ALL_KIND and not data.get("when"):
            catch_all = data["id"]


def _check_caps(rules: list[tuple[int, Mapping[str, Any]]]) -> Iterator[ConfigProblem]:
    """Two caps on one window, or a day's cap above its month's, for the same measure and ``when``."""
    seen: dict[tuple[Any, ...], tuple[int, Mapping[str, Any]]] = {}
    for index, data in rules:
        if data["kind"] != CAP_KIND:
            continue
        window = (data.get("measure", "points"), _canonical(data.get("when", {})), data["window"])
        earlier = seen.setdefault(window, (index, data))
        if earlier[0] != index:
            yield ConfigProblem((*RULES, index, "window"), "incentives.caps_same_window", {"window": data["window"], "other": earlier[1]["id"]})
    for (measure, when, span), (index, data) in seen.items():
        month = seen.get((measure, when, "month"))
        if span == "day" and month is not None and data["max"] > month[1]["max"]:
            yield ConfigProblem((*RULES, index, "max"), "incentives.caps_contradict", {"day": data["max"], "month": month[1]["max"], "other": month[1]["id"]})


def _canonical(value: Any) -> Any:
    """A hashable form of a ``when`` in which list order does not matter."""
    if isinstance(value, Mapping):
        return tuple(sorted((key, _canonical(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(sorted(map(repr, value)))
    return value
