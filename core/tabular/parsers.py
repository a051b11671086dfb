"""Cell parsers: each turns one non-blank cell into a value or raises :class:`CellProblem`.

A parser is any ``Callable[[Cell], T]`` whose result depends on the cell
alone: the reader parses alike text cells of a column once. The reader never
passes a blank cell (the :class:`~linli.core.tabular.columns.Column` decides
what blank means), and it adds file, row and column to whatever a parser raises. Every parser takes
both Excel's typed cells and CSV's strings, and full-width digits (１３８…),
because that is what district spreadsheets contain.

Use them as a namespace: ``from linli.core.tabular import parsers as p`` and
``Column("出生日期", parse=p.date)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from linli.core.idcard import IdNumberError, parse_id_number
from linli.core.phone import normalize_mobile
from linli.core.tabular.cells import Cell, as_number, as_text, clean, fold, plain
from linli.core.tabular.dates import date, datetime
from linli.core.tabular.problems import CellProblem, shown

__all__ = ["Parser", "choice", "date", "datetime", "hours", "id_card", "integer", "items", "phone", "score", "text"]

T = TypeVar("T")
Parser = Callable[[Cell], Any]

_INTEGER = re.compile(r"(\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(?:\.0+)?")
_HOURS = re.compile(
    r"(?:(?P<h>\d{1,5}(?:\.\d{1,4})?)(?![\d.])\s*(?:个?小时|个?钟头|h|hrs?|hours?|时)?)?"
    r"\s*(?:(?P<m>\d{1,5})\s*(?:分钟|分|m|mins?|minutes?))?"
)
_CLOCK = re.compile(r"(?P<h>\d{1,3}):(?P<m>\d{2})(?::(?P<s>\d{2}))?")
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+")
_SPLIT = re.compile(r"[、，,;；\n]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only, unlike \d
_CENTI = Decimal("0.01")


def text(value: Cell) -> str:
    """Text as written, stripped; numbers lose Excel's ``.0`` (门牌号 101, not 101.0)."""
    return as_text(clean(value))


def integer(value: Cell) -> int:
    """A whole number ≥ 0: ``3``, ``3.0``, ``"３"``, ``"1,200"``."""
    number = as_number(value)
    if number is None and isinstance(value, str):
        match = _INTEGER.fullmatch(plain(value))
        number = int(match[1].replace(",", "")) if match else None
    if number is None or number < 0 or number != int(number):
        raise CellProblem("tabular.not_integer", value=shown(value))
    return int(number)


def hours(value: Cell) -> Decimal:
    """A duration in hours: ``2.5``, ``"2小时"``, ``"1小时30分"``, ``"90分钟"``, ``"2:30"``.

    Excel turns a typed ``2:30`` into a time of day (or a timedelta for
    ``[h]:mm`` cells); both are read as a duration. Minutes give a result
    rounded to 0.01 hours.
    """
    result: Decimal | None = None
    number = as_number(value)
    if number is not None:
        result = Decimal(str(number))
    elif isinstance(value, dt.timedelta):
        result = (Decimal(value.total_seconds()) / 3600).quantize(_CENTI)
    elif isinstance(value, dt.time):
        result = (Decimal(value.hour) + Decimal(value.minute * 60 + value.second) / 3600).quantize(_CENTI)
    elif isinstance(value, str):
        result = _hours_text(plain(value).lower())
    if result is None or result < 0:
        raise CellProblem("tabular.not_hours", value=shown(value))
    return result


def _hours_text(text: str) -> Decimal | None:
    if match := _CLOCK.fullmatch(text):
        seconds = int(match["m"]) * 60 + int(match["s"] or 0)
        return (int(match["h"]) + Decimal(seconds) / 3600).quantize(_CENTI) if int(match["m"]) < 60 else None
    match = _HOURS.fullmatch(text)
    if match is None or (match["h"] is None and match["m"] is None):
        return None
    result = Decimal(match["h"] or 0)
    if match["m"] is not None:
        result = (result + Decimal(match["m"]) / 60).quantize(_CENTI)
    return result


def phone(value: Cell) -> str:
    """A mainland mobile number as 11 digits (rules of :mod:`linli.core.phone`)."""
    if type(value) is str and _MOBILE.fullmatch(value):
        return value  # already what normalizing gives: most cells of a roster or a ledger
    number = as_number(value)
    typed = str(int(number)) if number is not None and number == int(number) else plain(value)
    digits = normalize_mobile(typed)
    if digits is None:
        raise CellProblem("tabular.not_phone", value=shown(value))
    return digits


_ID_PROBLEMS = {"birth_date": "tabular.id_card_birth_date", "checksum": "tabular.id_card_checksum"}


def id_card(value: Cell) -> str:
    """An 18-character resident ID number (rules of :mod:`linli.core.idcard`), X upper-case.

    Excel stores a typed ID number as a float and keeps only 15 digits, so a
    numeric cell is reported as damaged rather than imported wrong.
    """
    number = as_number(value)
    if (isinstance(number, float | Decimal) and number >= 1e14) or (
        isinstance(value, str) and _SCIENTIFIC.fullmatch(plain(value).upper())
    ):
        raise CellProblem("tabular.id_card_number", value=shown(value))
    code = str(number) if isinstance(number, int) else re.sub(r"\s", "", plain(value))
    try:
        return parse_id_number(code).number
    except IdNumberError as error:
        raise CellProblem(_ID_PROBLEMS.get(error.reason, "tabular.not_id_card"), value=shown(value)) from None


def items(item: Parser | None = None) -> Parser:
    """A parser for list cells (``助老、环保；义诊``): split on 、，,;； and newlines.

    Items are stripped, empties dropped, repeats dropped (order kept); each
    item goes through *item* when given, e.g. ``items(choice(SKILLS))``.
    """

    def parse(value: Cell) -> tuple[Any, ...]:
        result: list[Any] = []
        for part in _SPLIT.split(as_text(clean(value))):
            part = clean(part)
            if part:
                parsed = item(part) if item is not None else part
                if parsed not in result:
                    result.append(parsed)
        return tuple(result)

    return parse


def choice(labels: Mapping[str, T]) -> Callable[[Cell], T]:
    """A parser accepting the keys of *labels* (compared folded) and returning their values.

    ``choice({"男": "male", "女": "female", "male": "male", "female": "female"})``
    """
    table: dict[str, T] = {}
    for label, result in labels.items():
        key = fold(label)
        if key in table and table[key] != result:
            raise ValueError(f"labels {label!r} and another fold alike but mean different values")
        table[key] = result
    accepted = " / ".join(labels)

    def parse(value: Cell) -> T:
        try:
            return table[fold(as_text(clean(value)))]
        except KeyError:
            raise CellProblem("tabular.not_choice", value=shown(value), choices=accepted) from None

    return parse


def score(value: Cell) -> int:
    """A rating 1–5: ``4``, ``"4分"``, ``"★★★★☆"``."""
    number = as_number(value)
    if number is None and isinstance(value, str):
        text = plain(value)
        if text and set(text) <= {"★", "☆"}:
            number = text.count("★")
        elif match := re.fullmatch(r"(\d)(?:\.0+)?\s*(?:分|星)?", text):
            number = int(match[1])
    if number is None or number != int(number) or not 1 <= number <= 5:
        raise CellProblem("tabular.not_score", value=shown(value))
    return int(number)
