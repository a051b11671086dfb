"""Checks of the ``commendations`` section that the schema cannot express."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section("commendations")
    if section is None:
        return
    levels = [level.key for level in program.levels]
    seen: set[str] = set()
    for index, award in enumerate(section["awards"]):
        path = ("commendations", "awards", index)
        if award["id"] in seen:
            yield ConfigProblem((*path, "id"), "commendations.duplicate_id", {"id": award["id"]})
        seen.add(award["id"])
        level = award.get("per_level")
        if level is not None and level not in levels:
            yield ConfigProblem((*path, "per_level"), "commendations.unknown_level", {"level": level, "known": "、".join(levels)})
        for position, tag in enumerate(award.get("eligibility", {}).get("tags", ())):
            if tag not in program.member_tags:
                known = "、".join(program.member_tags) or "-"
                yield ConfigProblem((*path, "eligibility", "tags", position), "commendations.unknown_tag", {"tag": tag, "known": known})
