"""Dates and times as district spreadsheets write them.

Excel hands over ``datetime`` objects for date-formatted cells, bare serial
numbers (45962) for cells formatted as “General”, and CSV exports give
whatever the cell displayed: ``2026-11-02``, ``2026/11/2``, ``2026年11月2日``,
``20261102``, with or without ``8:30``. ``strptime`` would need one attempt per
spelling per row; one regular expression reads them all in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from openpyxl.utils.datetime import from_excel

from linli.core.tabular.cells import Cell, as_number, plain
from linli.core.tabular.problems import CellProblem, shown

_DATE = (
    r"(?P<y>\d{4})(?:"
    r"(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"|\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?"
    r"|(?P<m3>\d{2})(?P<d3>\d{2}))"
)
_TIME = (
    r"(?:\s*T\s*|\s+|(?<=[日号]))"
    r"(?P<H>\d{1,2})(?:"
    r":(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,6})?)?"
    r"|\s*[时点]\s*(?:(?P<M2>\d{1,2})\s*分)?)"
)
_YEAR = re.compile(r"\d{4}")
_WHEN = re.compile(f"{_DATE}(?:{_TIME})?")
#: A serial number exported as text; five digits span 1927–2173, and shorter ones are more
#: likely a year or a typo than a date.
_SERIAL = re.compile(r"\d{5}(?:\.\d{1,12})?")

#: Excel's serial-number range: 1 is 1900-01-01, 2958465 is 9999-12-31.
_MAX_SERIAL = 2958466


def _split(text: str) -> tuple[dt.date, dt.time | None] | None:
    """The date and optional time in *text*, or None when it isn't one (or isn't real)."""
    match = _WHEN.fullmatch(text)
    if match is None:
        return None
    g = match.groupdict()
    try:
        day = dt.date(int(g["y"]), int(g["m"] or g["m2"] or g["m3"]), int(g["d"] or g["d2"] or g["d3"]))
        if g["H"] is None:
            return day, None
        minute = g["M"] or g["M2"] or 0
        return day, dt.time(int(g["H"]), int(minute), int(g["S"] or 0))
    except ValueError:  # 2026-02-30, 25:00
        return None


def _serial(number: float | int | Decimal) -> dt.datetime | None:
    """An Excel serial number as a datetime, or None outside Excel's range."""
    if not 1 <= number < _MAX_SERIAL:
        return None
    try:
        result = from_excel(float(number))
    except (OverflowError, ValueError):  # rounds past 9999-12-31
        return None
    return result if isinstance(result, dt.datetime) else None


def _compact(number: int | float | Decimal) -> dt.date | None:
    """``20261102`` typed as a number: read it as YYYYMMDD."""
    if number != int(number) or not 19000101 <= number <= 29991231:
        return None
    return (_split(str(int(number))) or (None, None))[0]


def date(value: Cell) -> dt.date:
    """A calendar date; a time of day, if present, is dropped."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    number = as_number(value)
    if isinstance(value, str):
        text = plain(value)
        if _SERIAL.fullmatch(text) or _YEAR.fullmatch(text):
            number = Decimal(text)
        elif (found := _split(text)) is not None:
            return found[0]
    if number is not None:
        if number == int(number) and 1900 <= number <= 2100:
            raise CellProblem("tabular.date_year_only", value=shown(value))
        result = _compact(number) or _serial(number)
        if result is not None:
            return result.date() if isinstance(result, dt.datetime) else result
    raise CellProblem("tabular.not_date", value=shown(value))


def datetime(value: Cell) -> dt.datetime:
    """A date with a time of day; a bare date is refused, since the time is what was missing."""
    if isinstance(value, dt.datetime):
        return value
    number = as_number(value)
    if number is None and isinstance(value, str):
        text = plain(value)
        if _SERIAL.fullmatch(text):
            number = Decimal(text)
        else:
            found = _split(text)
            if found is not None and found[1] is not None:
                return dt.datetime.combine(*found)
    if number is not None:
        result = _serial(number)
        if result is not None:
            return result
    raise CellProblem("tabular.not_datetime", value=shown(value))
