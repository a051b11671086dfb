"""A program's star ladder, read once from its ``star_rating`` section; pure rules, no storage.

Thresholds, medals and benefits are data in the program file (each province
or city sets its own), so nothing here knows a particular ladder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linli.core import Program, Refused

SERVICE_HOURS = "service_hours"


@dataclass(frozen=True)
class Step:
    """One rung: the stars it gives, its threshold, and what it entitles to."""

    stars: int
    at: float
    name: str | None
    benefits: str | None
    entitlements: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """Where a member's level goes after a recompute: the stars now held, and a promotion waiting for review."""

    stars: int
    pending: int | None


@dataclass(frozen=True)
class Ladder:
    metric: str
    yearly: bool
    one_level_at_a_time: bool
    review_required: bool
    steps: tuple[Step, ...]
    medals: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, program: Program) -> Ladder:
        section = program.section("star_rating")
        if section is None:
            raise Refused("star_rating.not_enabled", program=program.name)
        return cls.from_section(section)

    @classmethod
    def from_section(cls, section: Mapping[str, Any]) -> Ladder:
        steps = tuple(
            Step(level["stars"], float(level["at"]), level.get("name"), level.get("benefits"), tuple(level.get("entitlements", ())))
            for level in section["levels"]
        )
        return cls(
            metric=section.get("metric", SERVICE_HOURS),
            yearly=section.get("window", "lifetime") == "yearly",
            one_level_at_a_time=bool(section.get("one_level_at_a_time", False)),
            review_required=bool(section.get("review_required", False)),
            steps=steps,
            medals=tuple((medal["name"], float(medal["at"])) for medal in section.get("medals", ())),
        )

    def stars_for(self, value: float) -> int:
        """The highest level whose threshold *value* reaches (thresholds are inclusive)."""
        return max((step.stars for step in self.steps if value >= step.at), default=0)

    def medal_for(self, value: float) -> str | None:
        return next((name for name, at in reversed(self.medals) if value >= at), None)

    def step(self, stars: int) -> Step | None:
        return next((step for step in self.steps if step.stars == stars), None)

    def entitlements_at(self, stars: int) -> frozenset[str]:
        """What a member at *stars* is entitled to: every level's entitlements up to theirs accumulate."""
        return frozenset(name for step in self.steps if step.stars <= stars for name in step.entitlements)

    def lowest_granting(self, entitlement: str) -> int:
        """The fewest stars that entitle to *entitlement*; refused when no level names it."""
        granting = [step.stars for step in self.steps if entitlement in step.entitlements]
        if not granting:
            known = sorted({name for step in self.steps for name in step.entitlements})
            raise Refused("star_rating.unknown_entitlement", entitlement=entitlement, known="、".join(known) or "-")
        return min(granting)

    def decide(self, current: int, target: int) -> Decision:
        """Move from *current* toward *target* stars under the program's promotion rules.

        Demotion is immediate (it only happens when the rating year turns or
        the ladder changes); promotion may be limited to one level per
        recompute and may wait for an operator's review.
        """
        if target <= current:
            return Decision(target, None)
        step = current + 1 if self.one_level_at_a_time else target
        if self.review_required:
            return Decision(current, step)
        return Decision(step, None)
