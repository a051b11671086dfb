"""Checks of the ``star_rating`` section that the schema cannot express."""

from collections.abc import Iterator
from typing import Any

from linli.core import ConfigProblem, Program

from linli.plugins.star_rating.ladder import SERVICE_HOURS


def check(program: Program, hooks: Any) -> Iterator[ConfigProblem]:
    section = program.section("star_rating")
    if section is None:
        return
    metric = section.get("metric", SERVICE_HOURS)
    if metric != SERVICE_HOURS and not hooks.implemented("linli_member_metric"):
        # Every approval would fail: nothing could say what the metric is worth.
        yield ConfigProblem(("star_rating", "metric"), "star_rating.metric_without_provider", {"metric": metric})
    levels = section["levels"]
    for index, level in enumerate(levels):
        if level["stars"] != index + 1:
            yield ConfigProblem(("star_rating", "levels", index, "stars"), "star_rating.stars_in_order", {"expected": index + 1, "actual": level["stars"]})
        if index and level["at"] <= levels[index - 1]["at"]:
            yield ConfigProblem(
                ("star_rating", "levels", index, "at"), "star_rating.thresholds_ascending", {"at": level["at"], "previous": levels[index - 1]["at"]}
            )
    medals = section.get("medals", ())
    for index, medal in enumerate(medals):
        if index and medal["at"] <= medals[index - 1]["at"]:
            yield ConfigProblem(("star_rating", "medals", index, "at"), "star_rating.thresholds_ascending", {"at": medal["at"], "previous": medals[index - 1]["at"]})
    top = len(levels)
    for role in program.roles.values():
        if role.min_stars is not None and role.min_stars > top:
            yield ConfigProblem(("roles", role.key, "requires", "min_stars"), "star_rating.role_above_top", {"role": role.name, "stars": role.min_stars, "top": top})
