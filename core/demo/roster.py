"""The registered volunteers as the filler picks from them: who lives where, who is keen.

Real rosters are lopsided: a core of very active volunteers does most of
the hours while many who registered rarely come. Each volunteer gets a
heavy-tailed keenness weight; holding a role or joining a team raises it.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from linli.core.demo.tree import PlannedNode
from linli.core.models.members import Member
from linli.core.services.members import MemberRow

DORMANT_SHARE = 0.3  # registered, but seldom or never serve
MAX_KEENNESS = 20.0


@dataclass
class Volunteer:
    id: int
    leaf: str
    registered_on: dt.date
    tags: tuple[str, ...]
    keenness: float
    holds_role: bool = False


@dataclass
class Pool:
    """Volunteers to draw participants from, the keener more often."""

    volunteers: list[Volunteer]
    _cumulative: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cumulative = list(accumulate(v.keenness for v in self.volunteers))

    def draw(self, rng: random.Random, count: int) -> list[Volunteer]:
        """*count* draws with replacement (callers drop repeats)."""
        if not self.volunteers or count <= 0:
            return []
        return rng.choices(self.volunteers, cum_weights=self._cumulative, k=count)


@dataclass
class Roster:
    volunteers: list[Volunteer]
    by_leaf: dict[str, list[Volunteer]]
    _by_registration: list[Volunteer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_registration = sorted(self.volunteers, key=lambda v: v.registered_on)

    @classmethod
    def of(cls, members: Sequence[Member], rows: Sequence[MemberRow], rng: random.Random) -> Roster:
        volunteers = [
            Volunteer(member.id, row.home_node, member.registered_on, tuple(row.tags), _keenness(rng))
            for member, row in zip(members, rows, strict=True)
        ]
        by_leaf: dict[str, list[Volunteer]] = {}
        for volunteer in volunteers:
            by_leaf.setdefault(volunteer.leaf, []).append(volunteer)
        return cls(volunteers, by_leaf)

    def registered_by(self, day: dt.date) -> list[Volunteer]:
        """The volunteers registered on or before *day*."""
        return self._by_registration[: bisect_right(self._by_registration, day, key=lambda v: v.registered_on)]

    def under(self, node: PlannedNode) -> list[Volunteer]:
        """The volunteers living at or below *node*."""
        return [volunteer for leaf in node.leaves for volunteer in self.by_leaf.get(leaf, ())]


def encourage(volunteers: Sequence[Volunteer], factor: float = 3.0) -> None:
    """Role holders and team members serve more often."""
    for volunteer in volunteers:
        volunteer.keenness = min(MAX_KEENNESS, volunteer.keenness * factor)


def _keenness(rng: random.Random) -> float:
    if rng.random() < DORMANT_SHARE:
        return 0.02
    return min(MAX_KEENNESS, rng.paretovariate(1.3))
