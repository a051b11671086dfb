"""A progress bar for long imports that stays out of the way everywhere else.

It draws only when stderr is a terminal and the job is big enough to be worth
watching; piped output, CI logs and tests see nothing, and the wrapped
iterable is passed through untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeAlias, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")

#: Below this many items a bar would flash and vanish; don't draw one.
MIN_TOTAL = 5000
#: Items between two reports to a callback: often enough to move a bar, rare enough not to flood a UI thread.
REPORT_EVERY = 200

#: Told (items so far, estimated total or None) as a pass goes, e.g. by a TUI's progress bar.
OnProgress: TypeAlias = Callable[[int, "int | None"], None]


def track(
    items: Iterable[T],
    *,
    total: int | None,
    label: str,
    min_total: int = MIN_TOTAL,
    console: Console | None = None,
) -> Iterator[T]:
    """Yield *items*, drawing a bar on stderr when it is a terminal and *total* ≥ *min_total*.

    *total* is an estimate (a sheet's stated size, a CSV's line count); an
    unknown total counts as small.
    """
    console = console or Console(stderr=True)
    if not console.is_terminal or total is None or total < min_total:
        yield from items
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def reported(items: Iterable[T], *, total: int | None, on_progress: OnProgress, every: int = REPORT_EVERY) -> Iterator[T]:
    """Yield *items*, calling *on_progress* at the start, every *every* items and once at the end."""
    count = 0
    on_progress(count, total)
    for item in items:
        yield item
        count += 1
        if count % every == 0:
            on_progress(count, total)
    if count % every:
        on_progress(count, total)
