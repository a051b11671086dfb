"""The ``reconcile`` section read once, with its defaults filled in (the schema only documents them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from linli.core import Program, t

from linli.plugins.reconcile.schema import STATES


@dataclass(frozen=True)
class Settings:
    platform: str
    ledger: str
    tolerance_minutes: int
    states: tuple[str, ...]
    same_day_fallback: bool

    @classmethod
    def of(cls, program: Program) -> Settings:
        """The program's settings; a program without the section reconciles with the defaults."""
        section = program.section("reconcile") or {}
        tolerance = Decimal(str(section.get("hours_tolerance", 0))) * 60
        return cls(
            platform=section.get("platform") or t("reconcile.default_platform", program.locale),
            ledger=section.get("ledger") or t("reconcile.default_ledger", program.locale),
            tolerance_minutes=int(tolerance),
            states=tuple(section.get("states", STATES)),
            same_day_fallback=section.get("same_day_fallback", True),
        )
