"""The ``matching`` section read into typed settings, and who can serve a category."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from linli.core import Program, Refused
from linli.core.models import Member

DEFAULT_WEIGHTS = {"skill": 40.0, "willingness": 15.0, "proximity": 30.0, "load": 10.0, "rating": 10.0, "stars": 5.0}
DEFAULT_RECENT_DAYS = 180


@dataclass(frozen=True)
class Settings:
    vocabulary: Mapping[str, frozenset[str]]  # category → words that mean it (its skill words, its key and its name)
    weights: Mapping[str, float]
    proximity: Mapping[str, float]
    recent_days: int
    search_level: str | None

    @classmethod
    def of(cls, program: Program) -> Settings:
        section = program.section("matching")
        if section is None:
            raise Refused("matching.not_enabled")
        vocabulary = {}
        for category, words in section["vocabulary"].items():
            term = program.activity_categories.get(category)
            vocabulary[category] = frozenset({*words, category, *((term.name,) if term else ())})
        return cls(
            vocabulary=vocabulary,
            weights=DEFAULT_WEIGHTS | dict(section.get("weights", {})),
            proximity=dict(section.get("proximity", {})),
            recent_days=section.get("recent_days", DEFAULT_RECENT_DAYS),
            search_level=section.get("search_level"),
        )

    @property
    def recent(self) -> dt.timedelta:
        return dt.timedelta(days=self.recent_days)

    def words(self, category: str) -> frozenset[str]:
        """The words that mean *category*; a category without vocabulary is matched by its key only."""
        return self.vocabulary.get(category, frozenset({category}))

    def skills_for(self, member: Member, category: str) -> list[str]:
        """The member's skills that serve *category*."""
        words = self.words(category)
        return [skill for skill in member.skills if skill in words]

    def willing_for(self, member: Member, category: str) -> list[str]:
        """What the member said they are willing to do that names *category*."""
        words = self.words(category)
        return [wish for wish in member.willingness if wish in words]
