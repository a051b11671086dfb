"""The validated ``exchange`` section, read once per call into what redemption and settlement use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from linli.core import Program, Refused

SECTION = "exchange"
PROGRAM_WIDE = "program"


@dataclass(frozen=True)
class Settings:
    spend_within: str
    cny_per_point: Decimal
    pickup_days: int
    settlement_level: str | None
    min_minutes: int

    @classmethod
    def of(cls, program: Program) -> Settings:
        section = program.section(SECTION)
        if section is None:
            raise Refused("exchange.not_enabled")
        return cls(
            spend_within=section.get("spend_within", PROGRAM_WIDE),
            cny_per_point=Decimal(str(section["cny_per_point"])),
            pickup_days=section.get("pickup_days", 30),
            settlement_level=section.get("settlement_level"),
            min_minutes=int(Decimal(str(section.get("min_hours", 0))) * 60),
        )
