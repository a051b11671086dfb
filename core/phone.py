"""Mainland China mobile numbers: normalize what people type, mask what lists show."""

from __future__ import annotations

import re

# 1 + a carrier digit 3–9 + 9 digits; landlines and short numbers are not accepted.
_MOBILE = re.compile(r"1[3-9]\d{9}")
# People type spaces, dashes, dots and brackets; forms add +86 / 0086 / 86.
_SEPARATORS = re.compile(r"[\s\-.()（）]")
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def normalize_mobile(raw: str) -> str | None:
    """The bare 11-digit number, or None when *raw* is no mainland mobile number."""
    text = _SEPARATORS.sub("", raw.strip())
    for prefix in _COUNTRY_PREFIXES:
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix) :]
            break
    return text if _MOBILE.fullmatch(text) else None


def mask_mobile(phone: str) -> str:
    """138****5678: enough to tell people apart on a list, not enough to call them."""
    return f"{phone[:3]}****{phone[-4:]}"
