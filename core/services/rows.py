"""Helpers for the bulk paths (imports, review): problems per row, set-based lookups in chunks, batch writes."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Table, insert
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


def insert_ids(session: Session, model: type[Base], values: Sequence[dict[str, Any]], *, match_on: tuple[str, ...]) -> list[int]:
    """Batch ``INSERT … RETURNING id`` through Core: the new ids in the order of *values*, no ORM object built.

    For bulk paths whose callers need only ids (imports): the ORM's
    ``insert(model).returning(model)`` builds and identity-maps one object per
    row, which cost a third of a district's roster import. Rows are matched
    to their parameters by *match_on* as in :func:`insert_many`.
    """
    if not values:
        return []
    # A Core statement does not autoflush: pending objects the rows may refer to go first.
    session.flush()
    table = _table(model)
    statement = insert(table).returning(table.c.id, *(table.c[column] for column in match_on))
    slots: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for new_id, *matched in session.execute(statement, list(values)):
        slots[tuple(matched)].append(new_id)
    return [slots[tuple(row[column] for column in match_on)].pop() for row in values]


def insert_rows(session: Session, model: type[Base], values: Sequence[dict[str, Any]]) -> None:
    """Batch ``INSERT`` through Core of rows nobody needs back (a member's tags)."""
    if values:
        session.flush()
        session.execute(insert(_table(model)), list(values))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection inside the block; back as it was afterwards, even on an error.

    A bulk batch keeps thousands of parsed rows, ORM objects, accounts and
    transfer requests alive until it is written, so CPython's collector,
    triggered by their allocations, scans them again and again and promotes
    them into the old generation: more than the import itself
    (bench/import_members.py), about 30% of approving a review batch
    (bench/district.py). Callers collect between batches as they see fit.
    """
    automatic = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if automatic:
            gc.enable()
