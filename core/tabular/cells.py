"""The values a cell can hold, and the two things every reader does with them.

Excel cells arrive typed (``int``, ``float``, ``datetime``, ``time``,
``timedelta``, ``bool``); CSV cells are always ``str``. Parsers accept both,
and :func:`as_text` turns either back into what the administrator saw, for
messages and for the rejects file.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from typing import TypeAlias

Cell: TypeAlias = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

#: Invisible characters that survive ``str.strip()`` and sneak in from web forms and WeChat.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
#: A leading apostrophe we add to rejects cells so Excel doesn't run them as formulas.
FORMULA_START = ("=", "+", "-", "@")


def clean(value: Cell) -> Cell:
    """Strip text cells (spaces, full-width spaces, zero-width marks); keep typed ones.

    Also undoes the ``'`` that :mod:`~linli.core.tabular.rejects` puts before
    ``=``, ``+``, ``-`` and ``@``, so a fixed rejects file imports as is.
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text and (text[0] in _INVISIBLE or text[-1] in _INVISIBLE):
        text = text.strip(_INVISIBLE).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        text = text[1:]
    return text


def is_blank(value: Cell) -> bool:
    """True for an empty cell: ``None`` or text that :func:`clean` leaves empty."""
    return value is None or (isinstance(value, str) and not clean(value))


def as_text(value: object) -> str:
    """A cell as Excel shows it: integral floats without ``.0``, 15 significant digits, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def fold(text: str) -> str:
    """The form two labels are compared in: full-width → half-width, no case, no spaces.

    ``"服务时长（小时）"`` and ``"服务时长 (小时)"`` fold alike, so do ``"Phone"`` and
    ``"PHONE"``; a ``*`` that templates put on required headers is dropped.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE and ch != "*")


def plain(value: Cell) -> str:
    """A cell as NFKC text, for parsing numbers and dates typed with full-width digits."""
    return unicodedata.normalize("NFKC", as_text(clean(value))).strip()


def as_number(value: Cell) -> int | float | Decimal | None:
    """*value* if it is a finite number; bools (ints to Python, TRUE to Excel) are not."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
