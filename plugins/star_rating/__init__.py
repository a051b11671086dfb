"""Star levels (星级志愿者): thresholds on approved hours or points earned, never on the balance."""

from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from linli.core import ConfigProblem, Program, add_catalogue, hookimpl

from linli.plugins.star_rating import checks, schema

add_catalogue(resources.files(__name__) / "locales")


@hookimpl
def linli_config_sections() -> Mapping[str, Any]:
    return {"star_rating": schema.SECTION}


@hookimpl
def linli_check_config(program: Program) -> Iterable[ConfigProblem]:
    return list(checks.check(program))
