"""Core's own checks of a program that the schema cannot express."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linli.core.config.problems import ConfigProblem
from linli.core.config.program import OrgNodeSpec, Program

if TYPE_CHECKING:
    from linli.core.plugins import Hooks


def check_core(program: Program) -> Iterator[ConfigProblem]:
    levels = [level.key for level in program.levels]
    seen_levels: set[str] = set()
    for index, key in enumerate(levels):
        if key in seen_levels:
            yield ConfigProblem(("organization", "levels", index, "key"), "config.duplicate_level", {"level": key})
        seen_levels.add(key)
    yield from _check_nodes(program, set(levels))
    for role in program.roles.values():
        for index, level in enumerate(role.levels):
            if level not in seen_levels:
                yield ConfigProblem(("roles", role.key, "levels", index), "config.unknown_level", {"level": level, "levels": ", ".join(levels)})
        for index, tag in enumerate(role.required_tags):
            if tag not in program.member_tags:
                yield ConfigProblem(
                    ("roles", role.key, "requires", "tags", index), "config.unknown_tag", {"tag": tag, "tags": ", ".join(program.member_tags)}
                )


def check_star_roles(program: Program, hooks: Hooks) -> Iterator[ConfigProblem]:
    """A role requiring stars needs an enabled plugin that rates them; otherwise every assignment would be refused."""
    if hooks.implemented("linli_star_levels"):
        return
    for role in program.roles.values():
        if role.min_stars is not None:
            yield ConfigProblem(("roles", role.key, "requires", "min_stars"), "config.stars_without_plugin", {"role": role.name})


def _check_nodes(program: Program, levels: set[str]) -> Iterator[ConfigProblem]:
    codes: dict[str, tuple[str | int, ...]] = {}

    def visit(node: OrgNodeSpec, path: tuple[str | int, ...], parent: OrgNodeSpec | None) -> Iterator[ConfigProblem]:
        if node.code in codes:
            yield ConfigProblem((*path, "code"), "config.duplicate_code", {"code": node.code, "first": ".".join(map(str, codes[node.code]))})
        codes.setdefault(node.code, path)
        if node.level not in levels:
            yield ConfigProblem((*path, "level"), "config.unknown_level", {"level": node.level, "levels": ", ".join(sorted(levels))})
        elif parent is not None and parent.level in levels and program.level_depth(node.level) <= program.level_depth(parent.level):
            yield ConfigProblem(
                (*path, "level"), "config.level_not_below_parent", {"level": node.level, "parent": parent.code, "parent_level": parent.level}
            )
        for index, child in enumerate(node.children):
            yield from visit(child, (*path, "children", index), node)

    for index, root in enumerate(program.nodes):
        yield from visit(root, ("organization", "nodes", index), None)
