"""Ordering bulk rows so the service layer's batch inserts stay batches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def by_empty_fields(rows: Iterable[T]) -> list[T]:
    """*rows* (dataclasses) with those that leave the same fields empty next to each other.

    SQLAlchemy's bulk insert starts a new statement wherever the set of
    non-empty columns changes, and splices each statement's results onto all
    rows so far; mixed rows (members with and without an ID number, records
    with and without check-in times) make thousands of statements and a cost
    growing with the square of the rows, grouped rows make a few.
    """
    return sorted(rows, key=_empty)


def _empty(row: Any) -> tuple[bool, ...]:
    return tuple(getattr(row, field.name) is None for field in fields(row))
