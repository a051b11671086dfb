"""Checks of the ``exchange`` section: level keys must be the program's, and someone must answer for the catalogue."""

from collections.abc import Iterator
from typing import Any

from linli.core import ConfigProblem, Program

from linli.plugins.exchange.settings import PROGRAM_WIDE, SECTION


def check(program: Program, hooks: Any) -> Iterator[ConfigProblem]:
    section = program.section(SECTION)
    if section is None:
        return
    levels = [level.key for level in program.levels]
    known = "、".join([PROGRAM_WIDE, *levels])
    spend = section.get("spend_within", PROGRAM_WIDE)
    if spend != PROGRAM_WIDE and spend not in levels:
        yield ConfigProblem((SECTION, "spend_within"), "exchange.unknown_level", {"level": spend, "known": known})
    level = section.get("settlement_level")
    if level is not None and level not in levels:
        yield ConfigProblem((SECTION, "settlement_level"), "exchange.unknown_level", {"level": level, "known": "、".join(levels)})
    if not hooks.implemented("linli_catalogue_item"):
        yield ConfigProblem((SECTION,), "exchange.no_catalogue")
