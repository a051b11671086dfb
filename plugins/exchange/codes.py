"""Pickup codes (核销码): random, unique, and easy to read aloud and type.

Eight characters from an alphabet without the ones people confuse (0/O,
1/I/L): 31**8 ≈ 8.5·10^11 codes, so guessing one is hopeless and a clash
(caught by the unique index, then drawn again) is rare. Shown as
``ABCD-2345``; typed with or without the dash, in any case.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str) -> str:
    """What a clerk typed, as stored: upper case, no dashes or spaces."""
    return "".join(typed.split()).replace("-", "").upper()


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
