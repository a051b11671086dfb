"""Checks of the ``matching`` section: categories and levels it names must exist."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section("matching")
    if section is None:
        return
    for category in section["vocabulary"]:
        if category not in program.activity_categories:
            params = {"category": category, "known": ", ".join(program.activity_categories)}
            yield ConfigProblem(("matching", "vocabulary", category), "matching.unknown_category", params)
    levels = [level.key for level in program.levels]
    named: list[tuple[tuple[str, ...], str]] = [(("matching", "proximity", level), level) for level in section.get("proximity", {})]
    if "search_level" in section:
        named.append((("matching", "search_level"), section["search_level"]))
    for path, level in named:
        if level not in levels:
            yield ConfigProblem(path, "matching.unknown_level", {"level": level, "levels": ", ".join(levels)})
