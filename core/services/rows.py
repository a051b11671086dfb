"""Helpers for the bulk paths (imports): problems per row, and set-based lookups in chunks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session

from linli.core.db.base import Base
from linli.core.errors import LinliError, Refused
from linli.core.i18n import t

T = TypeVar("T")
M = TypeVar("M", bound=Base)

# Well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
LOOKUP_CHUNK = 5000


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one input row; *index* counts from 0 in the rows given."""

    index: int
    error: LinliError


class RowsRefused(Refused):
    """A batch was refused as a whole because some rows are wrong; nothing was written.

    ``problems`` lists every bad row, so a whole spreadsheet is corrected in one go.
    """

    def __init__(self, area: Literal["members", "service"], problems: Sequence[RowProblem]) -> None:
        super().__init__(f"{area}.rows_refused", count=len(problems))
        self.problems = list(problems)

    def render(self, locale: str | None = None) -> str:
        # The first problem is spelled out in the same locale as the summary.
        first = self.problems[0]
        return t(self.key, locale, count=len(self.problems), first=first.index + 1, detail=first.error.render(locale))


def raise_problems(area: Literal["members", "service"], problems: Sequence[RowProblem], *, single: bool) -> None:
    """Raise the lone row's own error on a single-record path, else all problems together."""
    if not problems:
        return
    if single:
        raise problems[0].error
    raise RowsRefused(area, sorted(problems, key=lambda p: p.index))


def chunks(items: Iterable[T], size: int = LOOKUP_CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_many(session: Session, model: type[M], values: Sequence[dict[str, Any]], *, match_on: tuple[str, ...]) -> list[M]:
    """Batch ``INSERT … RETURNING`` giving the new ORM objects in the order of *values*.

    SQLite cannot return a batch's rows in parameter order (asked to, SQLAlchemy
    falls back to one INSERT per row), so returned rows are matched to their
    parameters by the *match_on* columns; rows alike in those are interchangeable.
    """
    if not values:
        return []
    slots: dict[tuple[Any, ...], list[M]] = defaultdict(list)
    # render_nulls: rows blank in different columns still go in one batch, not one INSERT each.
    statement = insert(model).returning(model).execution_options(render_nulls=True)
    for created in session.scalars(statement, list(values)):
        slots[tuple(getattr(created, column) for column in match_on)].append(created)
    return [slots[tuple(row[column] for column in match_on)].pop() for row in values]
