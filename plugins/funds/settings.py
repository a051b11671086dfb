"""The validated ``funds`` section, read into the rules and budgets that charging applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linli.core import Program, Refused

SECTION = "funds"


@dataclass(frozen=True)
class Fund:
    key: str
    name: str
    source: str
    budget: int | None
    per: str | None
    on_over: str


@dataclass(frozen=True)
class Rule:
    fund: str
    categories: frozenset[str] | None
    within: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    funds: Mapping[str, Fund]
    rules: tuple[Rule, ...]
    default: str | None

    @classmethod
    def of(cls, program: Program) -> Settings:
        section = program.section(SECTION)
        if section is None:
            raise Refused("funds.not_enabled")
        return load(section)


def load(section: Mapping[str, Any]) -> Settings:
    on_over = section.get("on_over_budget", "refuse")
    funds = {
        data["key"]: Fund(
            data["key"],
            data["name"],
            data["source"],
            data["budget"]["points"] if "budget" in data else None,
            data["budget"]["per"] if "budget" in data else None,
            data.get("on_over_budget", on_over),
        )
        for data in section["accounts"]
    }
    rules = tuple(
        Rule(data["fund"], frozenset(data["categories"]) if "categories" in data else None, tuple(data.get("within", ())))
        for data in section.get("rules", ())
    )
    return Settings(funds, rules, section.get("default"))
