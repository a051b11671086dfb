"""Checks of the ``dispatch`` section that the schema cannot express: names it uses must exist elsewhere."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section("dispatch")
    if section is None:
        return
    for index, category in enumerate(section.get("categories", ())):
        if category not in program.activity_categories:
            known = ", ".join(program.activity_categories)
            yield ConfigProblem(("dispatch", "categories", index), "dispatch.config_unknown_category", {"category": category, "known": known})
    levels = [level.key for level in program.levels]
    for key, channel in section["channels"].items():
        if channel["order_level"] not in levels:
            params = {"level": channel["order_level"], "levels": ", ".join(levels)}
            yield ConfigProblem(("dispatch", "channels", key, "order_level"), "dispatch.config_unknown_level", params)
    default = section.get("default_urgency")
    if default is not None and default not in section["urgencies"]:
        params = {"urgency": default, "known": ", ".join(section["urgencies"])}
        yield ConfigProblem(("dispatch", "default_urgency"), "dispatch.config_unknown_urgency", params)
