"""The ``time_bank`` section read once, with its defaults filled in (the schema only documents them)."""

from __future__ import annotations

from dataclasses import dataclass

from linli.core import Program, t


@dataclass(frozen=True)
class Settings:
    title: str
    categories: frozenset[str] | None  # None: every category is banked
    withdrawals: bool
    family_transfer: bool
    max_overdraft_minutes: int

    @classmethod
    def of(cls, program: Program) -> Settings | None:
        """The program's settings, or None when it does not run a time bank."""
        section = program.section("time_bank")
        if section is None:
            return None
        categories = section.get("categories")
        return cls(
            title=section.get("title") or t("time_bank.default_title", program.locale),
            categories=frozenset(categories) if categories else None,
            withdrawals=section.get("withdrawals", True),
            family_transfer=section.get("family_transfer", False),
            max_overdraft_minutes=section.get("max_overdraft_minutes", 0),
        )

    def banks(self, category: str) -> bool:
        return self.categories is None or category in self.categories
