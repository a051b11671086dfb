"""Resident identity card numbers (GB 11643-1999): checksum, birth date, gender.

An 18-character number is a 6-digit region code, an 8-digit birth date
(YYYYMMDD), a 3-digit sequence whose last digit is odd for men and even for
women, and a check character computed by ISO 7064 MOD 11-2 (``X`` stands for 10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# The card system started after 1900; an earlier year is a typing error.
EARLIEST_BIRTH_YEAR = 1900

Reason = Literal["length", "characters", "birth_date", "checksum"]


class IdNumberError(ValueError):
    """An ID number failed a check; *reason* says which (for the message catalogue)."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    gender: Literal["male", "female"]


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Check *raw* and return the number (upper-case X) with its birth date and gender."""
    number = raw.strip().upper()
    if len(number) != 18:
        raise IdNumberError("length")
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise IdNumberError("characters")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("birth_date") from None
    if birth.year < EARLIEST_BIRTH_YEAR or birth > (today or dt.date.today()):
        raise IdNumberError("birth_date")
    if check_char(number[:17]) != number[17]:
        raise IdNumberError("checksum")
    return IdNumber(number, birth, "male" if int(number[16]) % 2 else "female")


def mask_id_number(number: str) -> str:
    """4201**********123X: region prefix and last four only."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
