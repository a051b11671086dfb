"""The demo's organization tree: the preset's inline nodes, grown down to its last level.

Each level holds geometrically more nodes, from the preset's roots to one
leaf per ~48 volunteers (百步亭: 40,000 volunteers in 850 building groups), so
2,000 members give 1 centre → 6 stations → 42 groups and 50,000 give about
1 → 32 → 1,040, close to the seed's 1 → 28 → 850. Residents are set on the
leaves so that volunteers make up :data:`VOLUNTEER_SHARE` of them, as in
百步亭 (30%); inline nodes that state residents get the sum of their leaves.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from linli.core.config.program import Level, OrgNodeSpec, Program
from linli.core.demo.places import RESIDENTIAL_WORDS, Namer, is_building

MEMBERS_PER_LEAF = 48
VOLUNTEER_SHARE = 0.30


@dataclass
class _Draft:
    code: str
    name: str
    level: Level
    depth: int
    place: str  # what titles call it: 安居苑 for 安居苑志愿服务站
    compound: str | None = None  # what its buildings are named after; drawn when first needed
    residents: int | None = None
    declared_residents: bool = False
    children: list[_Draft] = field(default_factory=list)

    def walk(self) -> Iterator[_Draft]:
        yield self
        for child in self.children:
            yield from child.walk()

    def spec(self) -> OrgNodeSpec:
        return OrgNodeSpec(self.code, self.name, self.level.key, self.residents, tuple(child.spec() for child in self.children))


@dataclass(frozen=True)
class PlannedNode:
    """A node of the demo tree as the filler needs it: where it sits and what to call things there."""

    code: str
    name: str
    level: str
    place: str
    depth: int
    leaves: tuple[str, ...]  # codes of the leaves at or below it, where its members live


@dataclass(frozen=True)
class DemoTree:
    roots: tuple[OrgNodeSpec, ...]  # the whole tree, inline nodes included, ready for sync_nodes
    nodes: tuple[PlannedNode, ...]  # parents before children
    quotas: dict[str, int]  # leaf code → members living there
    residents: int
    unit_depth: int  # the level that hosts most activities (站, 社区): just below the top

    def at_depth(self, depth: int) -> list[PlannedNode]:
        return [node for node in self.nodes if node.depth == depth]

    @property
    def units(self) -> list[PlannedNode]:
        return self.at_depth(self.unit_depth)

    @property
    def tops(self) -> list[PlannedNode]:
        return self.at_depth(min(node.depth for node in self.nodes))


def plan_tree(program: Program, members: int, rng: random.Random) -> DemoTree:
    """The tree for *members* volunteers below the preset's inline nodes."""
    namer = Namer(rng)
    depth_of = {level.key: depth for depth, level in enumerate(program.levels)}
    roots = [_draft(spec, program, depth_of) for spec in program.nodes] or [_new_root(program)]
    top, bottom = min(root.depth for root in roots), len(program.levels) - 1
    leaves_wanted = max(1, math.ceil(members / MEMBERS_PER_LEAF))
    taken = {draft.code for root in roots for draft in root.walk()}
    namer.reserve(*(name for root in roots for draft in root.walk() for name in (draft.place, draft.name.removesuffix(draft.level.name))))
    for depth in range(top + 1, bottom + 1):
        drafts = [draft for root in roots for draft in root.walk()]
        parents = [draft for draft in drafts if draft.depth == depth - 1]
        existing = sum(1 for draft in drafts if draft.depth == depth)
        wanted = round(leaves_wanted ** ((depth - top) / (bottom - top)))
        _grow(parents, wanted - existing, program.levels[depth], namer, rng, taken)
    drafts = [draft for root in roots for draft in root.walk()]
    leaves = [draft for draft in drafts if not draft.children]
    quotas = dict(zip((leaf.code for leaf in leaves), _split(members, [rng.uniform(0.6, 1.4) for _ in leaves]), strict=True))
    for leaf in leaves:
        leaf.residents = max(20, round(max(quotas[leaf.code], 1) / VOLUNTEER_SHARE * rng.uniform(0.9, 1.1)))
    for draft in reversed(drafts):  # children first, so sums are ready
        if draft.children and draft.declared_residents:
            draft.residents = sum(_residents_below(draft))
    planned = tuple(
        PlannedNode(d.code, d.name, d.level.key, d.place, d.depth, tuple(leaf.code for leaf in d.walk() if not leaf.children)) for d in drafts
    )
    return DemoTree(
        roots=tuple(root.spec() for root in roots),
        nodes=planned,
        quotas=quotas,
        residents=sum(leaf.residents or 0 for leaf in leaves),
        unit_depth=min(top + 1, bottom),
    )


def _draft(spec: OrgNodeSpec, program: Program, depth_of: dict[str, int]) -> _Draft:
    level = program.level(spec.level)
    # 百步亭社区志愿服务中心 is at 百步亭社区; 第一网格党支部 is called by its whole name.
    stem = spec.name.removesuffix(level.name)
    place = stem if len(stem) >= 2 and not stem.startswith("第") else spec.name
    compound = spec.name if any(word in level.name for word in RESIDENTIAL_WORDS) else None
    draft = _Draft(spec.code, spec.name, level, depth_of[spec.level], place, compound, spec.residents, spec.residents is not None)
    draft.children = [_draft(child, program, depth_of) for child in spec.children]
    return draft


def _new_root(program: Program) -> _Draft:
    """A root for a preset without inline nodes, named after its community, street or district."""
    level = program.levels[0]
    info = program.info
    place = str(info.get("community") or info.get("street") or info.get("district") or program.name)
    name = place if place.endswith(level.name) else place + level.name
    return _Draft("DEMO", name, level, 0, place)


def _grow(parents: list[_Draft], count: int, level: Level, namer: Namer, rng: random.Random, taken: set[str]) -> None:
    """Add *count* children at *level*, at least one under each childless parent, the rest spread unevenly."""
    if not parents:
        return
    per_parent = [0 if parent.children else 1 for parent in parents]
    weights = [rng.uniform(0.6, 1.4) for _ in parents]
    for index in rng.choices(range(len(parents)), weights, k=max(0, count - sum(per_parent))):
        per_parent[index] += 1
    for parent, count_here in zip(parents, per_parent, strict=True):
        building_parent = is_building(parent.level.name)

        def compound(parent: _Draft = parent) -> str:
            parent.compound = parent.compound or namer.compound()
            return parent.compound

        for _ in range(count_here):
            ordinal = len(parent.children) + 1
            code = f"{parent.code}-{ordinal:02d}"
            while code in taken:
                ordinal += 1
                code = f"{parent.code}-{ordinal:02d}"
            taken.add(code)
            name, place, own_compound = namer.node(level.name, ordinal, compound, building_parent)
            parent.children.append(_Draft(code, name, level, parent.depth + 1, place, own_compound))


def _split(total: int, weights: list[float]) -> list[int]:
    """*total* split in proportion to *weights*, in whole numbers that add up (largest remainder)."""
    exact = [total * weight / sum(weights) for weight in weights]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _residents_below(draft: _Draft) -> Iterator[int]:
    for node in draft.walk():
        if not node.children:
            yield node.residents or 0
