"""Checks of the ``service_points`` section: routed categories and kinds must exist."""

from collections.abc import Iterator

from linli.core import ConfigProblem, Program


def check(program: Program) -> Iterator[ConfigProblem]:
    section = program.section("service_points")
    if section is None:
        return
    kinds = section["kinds"]
    for category, routed in section.get("routing", {}).items():
        if category not in program.activity_categories:
            params = {"category": category, "known": ", ".join(program.activity_categories)}
            yield ConfigProblem(("service_points", "routing", category), "service_points.unknown_category", params)
        for index, kind in enumerate(routed):
            if kind not in kinds:
                params = {"kind": kind, "known": ", ".join(kinds)}
                yield ConfigProblem(("service_points", "routing", category, index), "service_points.unknown_kind", params)
