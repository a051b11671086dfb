"""Build the frozen :class:`Program` from a schema-valid document."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from linli.core.config.program import Level, OrgNodeSpec, Program, RoleSpec, Term, freeze
from linli.core.config.schema import CORE_SECTIONS
from linli.core.i18n import normalize_locale


def _node(data: Mapping[str, Any]) -> OrgNodeSpec:
    return OrgNodeSpec(
        code=str(data["code"]),
        name=data["name"],
        level=data["level"],
        residents=data.get("residents"),
        children=tuple(_node(child) for child in data.get("children", ())),
    )


def _terms(data: Mapping[str, Any] | None) -> dict[str, Term]:
    return {key: Term(key, value["name"], value.get("description")) for key, value in (data or {}).items()}


def build_program(document: Mapping[str, Any], source: Path | None = None) -> Program:
    info = dict(document["program"])
    organization = document["organization"]
    roles = {
        key: RoleSpec(
            key=key,
            name=value["name"],
            levels=tuple(value.get("levels", ())),
            required_tags=tuple(value.get("requires", {}).get("tags", ())),
            min_stars=value.get("requires", {}).get("min_stars"),
            max_per_node=value.get("max_per_node"),
            group=value.get("group"),
        )
        for key, value in (document.get("roles") or {}).items()
    }
    return Program(
        name=info["name"],
        locale=normalize_locale(info.get("locale")),
        info=freeze(info),
        levels=tuple(Level(level["key"], level["name"]) for level in organization["levels"]),
        nodes=tuple(_node(node) for node in organization.get("nodes", ())),
        roles=freeze(roles),
        activity_categories=freeze(_terms(document.get("activity_categories"))),
        member_tags=freeze(_terms(document.get("member_tags"))),
        sections=freeze({key: value for key, value in document.items() if key not in CORE_SECTIONS}),
        source=source,
    )
