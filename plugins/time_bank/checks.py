"""Checks of the ``time_bank`` section that the schema cannot express."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section("time_bank")
    if section is None:
        return
    known = program.activity_categories
    for index, category in enumerate(section.get("categories", ())):
        if category not in known:
            yield ConfigProblem(("time_bank", "categories", index), "time_bank.unknown_category", {"category": category, "known": "、".join(known)})
