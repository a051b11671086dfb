"""Running one import: read the sheet, write through the services, all or nothing, then report.

Every kind of sheet (orgs, members, service) is an :class:`Importer`: its
columns, its checks across rows, and a ``write`` that turns parsed rows into
service-layer calls. :func:`run_import` does the rest the same way for all of
them: one pass over the file inside one write transaction, every problem
located as ``FILE:ROW:COLUMN``, and a rollback when any row is bad unless the
administrator asked to skip invalid rows (then a rejects CSV lies beside the
input, ready to fix and import again).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any, Protocol, TypeVar

from linli.core.config.program import Program
from linli.core.errors import LinliError
from linli.core.services.context import Context
from linli.core.services.rows import RowsRefused, collector_paused
from linli.core.tabular import Column, ParsedRow, RowCheck, RowProblem, TableReader, read_table, render_problems, write_rejects
from linli.core.tabular.problems import CellProblem
from linli.core.tabular.progress import OnProgress
from linli.core.tabular.reader import MAX_PROBLEMS

#: Rows per service call: big enough for set-based lookups, small enough to keep memory flat.
BATCH = 5000
#: Batches between full garbage collections (see :func:`_collected`).
FULL_EVERY = 10

R = TypeVar("R")
T = TypeVar("T")
#: Runs work in one write transaction as the importing operator (``Runtime.act`` bound to a user).
Act = Callable[[Callable[[Context], Any]], Any]


@dataclass
class Outcome:
    """What a writer did with the valid rows; problems are keyed by row number, columns by key."""

    created: int = 0
    skipped: int = 0
    activities: int = 0
    problems: dict[int, list[CellProblem]] = field(default_factory=dict)

    def flag(self, row: int, problem: CellProblem) -> None:
        self.problems.setdefault(row, []).append(problem)

    def refuse(self, row: int, column: str | None, error: LinliError) -> None:
        """A service refused the row: keep its message, placed in *column*."""
        self.flag(row, CellProblem(error.key, column=column, **error.params))


class Importer(Protocol):
    """One kind of sheet. ``write`` must consume every batch: the pass counts the file's problems."""

    kind: str

    def columns(self, program: Program) -> list[Column]: ...
    def checks(self) -> list[RowCheck]: ...
    def write(self, ctx: Context, batches: Iterator[list[ParsedRow]]) -> Outcome: ...


@dataclass
class ImportSummary:
    """The result an administrator reads: counts, located problems, and whether anything was written."""

    kind: str
    file: str
    rows: int
    created: int
    skipped: int
    rejected: int
    written: bool
    problems: list[RowProblem]
    problem_count: int
    warnings: tuple[RowProblem, ...]
    activities: int = 0
    rejects: Path | None = None

    def report(self, locale: str | None = None) -> list[str]:
        """One ``FILE:ROW:COLUMN: problem`` line each, in row order, capped like the reader's."""
        return render_problems(self.problems, self.problem_count, locale)


class _Undone(Exception):
    """Raised inside the transaction to roll it back when a row is bad; carries what was found."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("import undone")
        self.outcome = outcome


def run_import(
    importer: Importer,
    path: str | PathLike[str],
    program: Program,
    act: Act,
    *,
    skip_invalid: bool = False,
    sheet: str | None = None,
    progress: bool | OnProgress = False,
) -> ImportSummary:
    """Import *path* with *importer*; without *skip_invalid* nothing is written unless every row is valid.

    *progress* is the reader's: True for a terminal bar, or a callable told (rows so far, estimated total).
    """
    source = Path(path)
    with read_table(source, importer.columns(program), sheet=sheet, checks=importer.checks(), progress=progress) as reader:

        def work(ctx: Context) -> Outcome:
            outcome = importer.write(ctx, _collected(reader.batches(BATCH)))
            if not skip_invalid and (outcome.problems or reader.problem_count):
                raise _Undone(outcome)
            return outcome

        try:
            with collector_paused():
                outcome, written = act(work), True
        except _Undone as undone:
            outcome, written = undone.outcome, False
        located = _locate(reader, outcome.problems)
        rejected = reader.rows_read - reader.rows_valid + len(located)
        problems = sorted([*reader.problems, *(p for row in located.values() for p in row)], key=lambda p: p.row or 0)
        summary = ImportSummary(
            kind=importer.kind,
            file=reader.file,
            rows=reader.rows_read,
            created=outcome.created if written else 0,
            skipped=outcome.skipped,
            rejected=rejected,
            written=written,
            problems=problems[:MAX_PROBLEMS],
            problem_count=reader.problem_count + sum(len(row) for row in located.values()),
            warnings=reader.warnings,
            activities=outcome.activities if written else 0,
        )
        if skip_invalid and rejected:
            summary.rejects = write_rejects(source, _merged(reader, located), headers=reader.headers, locale=program.locale)
    return summary


def _collected(batches: Iterator[list[ParsedRow]]) -> Iterator[list[ParsedRow]]:
    """The batches, with garbage collected after each while the automatic collector is paused.

    Collecting the two young generations frees most of a batch's reference
    cycles; a full collection scans everything earlier batches left alive,
    which grows with the file (a third of a 454,300-row import when done after
    every batch, bench/district.py), so it runs every :data:`FULL_EVERY`
    batches, enough to free the cycles that outlive their batch and keep
    memory flat.
    """
    for number, batch in enumerate(batches, start=1):
        yield batch
        gc.collect(2 if number % FULL_EVERY == 0 else 1)


def _locate(reader: TableReader, problems: Mapping[int, list[CellProblem]]) -> dict[int, list[RowProblem]]:
    """Writers name columns by key; reports name them as the file's header says."""
    headers = {bound.column.key: bound.header for bound in reader.header.bound}
    return {
        row: [RowProblem(reader.file, row, headers.get(p.column or ""), p.key, p.params) for p in found]
        for row, found in sorted(problems.items())
    }


def _merged(reader: TableReader, located: Mapping[int, list[RowProblem]]) -> Iterator[ParsedRow]:
    """A second pass over the file with the database's problems added to their rows, for the rejects file."""
    for row in reader:
        extra = located.get(row.row_number)
        yield replace(row, problems=(*row.problems, *extra)) if extra else row


def valid_rows(batch: list[ParsedRow]) -> list[ParsedRow]:
    return [row for row in batch if row.ok]


def in_rounds(
    call: Callable[[list[R]], T], rows: list[tuple[int, R]], outcome: Outcome, columns: Mapping[str, str]
) -> tuple[T | None, list[tuple[int, R]]]:
    """Call a bulk all-or-nothing service function with (row number, item) pairs.

    The services check a whole batch before writing any of it, so a refused
    call leaves nothing behind: the refused rows are flagged (their message
    placed in the column *columns* maps its key to) and the rest go again.
    Returns the result and the pairs it was for, or None when every row was refused.
    """
    while rows:
        try:
            return call([item for _, item in rows]), rows
        except RowsRefused as refused:
            bad = {problem.index for problem in refused.problems}
            for problem in refused.problems:
                outcome.refuse(rows[problem.index][0], columns.get(problem.error.key), problem.error)
            rows = [pair for index, pair in enumerate(rows) if index not in bad]
    return None, rows
