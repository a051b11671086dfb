"""Checks of the ``merchants`` section that the schema cannot express.

Codes must be unique (items program-wide: a clerk types one code), tags must
be the program's, date ranges must not run backwards, amounts are whole fen
(JSON Schema's float ``multipleOf`` refuses 0.07), and a star requirement
needs a plugin that rates stars. Org codes and clerks live in the database
and are checked when the catalogue is synced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from linli.core import ConfigProblem, Program

from linli.plugins.merchants.specs import SECTION

DIRECTORY = (SECTION, "directory")
CENT = Decimal("0.01")


def check(program: Program, hooks: Any) -> Iterator[ConfigProblem]:
    section = program.section(SECTION)
    if section is None:
        return
    merchants: dict[str, int] = {}
    items: dict[str, str] = {}
    rated = hooks.implemented("linli_star_levels")
    for index, merchant in enumerate(section.get("directory", ())):
        path = (*DIRECTORY, index)
        first = merchants.setdefault(merchant["code"], index)
        if first != index:
            yield ConfigProblem((*path, "code"), "merchants.duplicate_merchant", {"code": merchant["code"], "first": first + 1})
        yield from _dates(merchant.get("active", {}), (*path, "active"))
        for position, item in enumerate(merchant.get("items", ())):
            where = (*path, "items", position)
            if item["code"] in items:
                yield ConfigProblem((*where, "code"), "merchants.duplicate_item", {"code": item["code"], "merchant": items[item["code"]]})
            items.setdefault(item["code"], merchant["code"])
            yield from _dates(item.get("valid", {}), (*where, "valid"))
            if Decimal(str(item["cny"])) != Decimal(str(item["cny"])).quantize(CENT):
                yield ConfigProblem((*where, "cny"), "merchants.cny_cents", {"value": item["cny"]})
            eligibility = item.get("eligibility", {})
            for tag_index, tag in enumerate(eligibility.get("tags", ())):
                if tag not in program.member_tags:
                    known = "、".join(program.member_tags) or "-"
                    yield ConfigProblem((*where, "eligibility", "tags", tag_index), "merchants.unknown_tag", {"tag": tag, "known": known})
            if "min_stars" in eligibility and not rated:
                yield ConfigProblem((*where, "eligibility", "min_stars"), "merchants.stars_unrated")


def _dates(span: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[ConfigProblem]:
    if "from" in span and "until" in span and str(span["until"]) < str(span["from"]):
        yield ConfigProblem((*path, "until"), "merchants.dates_backwards", {"start": span["from"], "end": span["until"]})
