"""The validated program: an immutable object that plugins and services read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from linli.core.i18n import Locale


def freeze(value: Any) -> Any:
    """A read-only deep copy: mappings become MappingProxyType, lists tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The inverse of :func:`freeze`: plain dicts and lists (for JSON, YAML, copies)."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(item) for item in value]
    return value


@dataclass(frozen=True)
class Level:
    """One level of the organization tree, e.g. ``station`` shown as 志愿服务站."""

    key: str
    name: str


@dataclass(frozen=True)
class OrgNodeSpec:
    """An organization node declared inline in the program file."""

    code: str
    name: str
    level: str
    residents: int | None = None
    children: tuple[OrgNodeSpec, ...] = ()

    def walk(self, parent: OrgNodeSpec | None = None) -> Iterator[tuple[OrgNodeSpec, OrgNodeSpec | None]]:
        """Yield (node, parent) for this node and its descendants, parents first."""
        yield self, parent
        for child in self.children:
            yield from child.walk(self)


@dataclass(frozen=True)
class RoleSpec:
    """A role bound to org nodes (站长, 楼栋长, 卫生员 …) and what a holder must meet."""

    key: str
    name: str
    levels: tuple[str, ...] = ()  # empty: any level
    required_tags: tuple[str, ...] = ()
    min_stars: int | None = None
    max_per_node: int | None = None
    group: str | None = None  # e.g. 两长四员


@dataclass(frozen=True)
class Term:
    """A keyed vocabulary entry with its display name (a category, a tag, a skill)."""

    key: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Program:
    """A district's program as its YAML file describes it, validated and frozen."""

    name: str
    locale: Locale
    info: Mapping[str, Any]
    levels: tuple[Level, ...]
    nodes: tuple[OrgNodeSpec, ...]
    roles: Mapping[str, RoleSpec]
    activity_categories: Mapping[str, Term]
    member_tags: Mapping[str, Term]
    sections: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source: Path | None = None

    def level(self, key: str) -> Level:
        return next(level for level in self.levels if level.key == key)

    def level_depth(self, key: str) -> int:
        """0 for the top level; raises KeyError for an unknown level."""
        for depth, level in enumerate(self.levels):
            if level.key == key:
                return depth
        raise KeyError(key)

    def section(self, name: str) -> Mapping[str, Any] | None:
        """The frozen config section of a plugin, or None when it is not enabled."""
        return self.sections.get(name)

    def is_enabled(self, section: str) -> bool:
        return section in self.sections
