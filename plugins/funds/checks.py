"""Checks of the ``funds`` section that the schema cannot express: keys that must exist and be unique."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program

from linli.plugins.funds.settings import SECTION


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section(SECTION)
    if section is None:
        return
    keys: set[str] = set()
    for index, fund in enumerate(section["accounts"]):
        if fund["key"] in keys:
            yield ConfigProblem((SECTION, "accounts", index, "key"), "funds.duplicate_key", {"key": fund["key"]})
        keys.add(fund["key"])
    known = "、".join(sorted(keys))
    if "default" in section and section["default"] not in keys:
        yield ConfigProblem((SECTION, "default"), "funds.unknown_fund", {"fund": section["default"], "known": known})
    for index, rule in enumerate(section.get("rules", ())):
        path = (SECTION, "rules", index)
        if rule["fund"] not in keys:
            yield ConfigProblem((*path, "fund"), "funds.unknown_fund", {"fund": rule["fund"], "known": known})
        for position, category in enumerate(rule.get("categories", ())):
            if category not in program.activity_categories:
                categories = "、".join(program.activity_categories) or "-"
                yield ConfigProblem((*path, "categories", position), "funds.unknown_category", {"category": category, "known": categories})
