"""Option schemas and readers shared by the built-in kinds."""

from decimal import Decimal
from typing import Any

POINTS: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}
FACTOR: dict[str, Any] = {"type": "number", "minimum": 0}


def number(value: float | int) -> Decimal:
    """A config number as Decimal, through its text so 1.2 stays 1.2 (not 1.19999…)."""
    return Decimal(str(value))
