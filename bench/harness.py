"""What every benchmark shares: options, a stage timer, the table and the JSON line.

A benchmark is ``python -m bench.<name> --scale small|hanyang --database sqlite|postgres``.
It times its stages with :meth:`Run.stage`, records each stage's baseline (the
"floor", measured in the same process) with :meth:`Run.floor`, and ends with
:meth:`Run.finish`, which prints a Rich table and one JSON line. Absolute
times drift on a shared machine; the ratio to the same-process floor does not,
so that is the figure the README quotes.

Peak memory per stage is the process's resident-set high-water mark (VmHWM),
reset at the start of each stage through ``/proc/self/clear_refs`` where Linux
allows it; elsewhere it is ``getrusage``'s ``ru_maxrss``, a high-water mark
for the whole run so far.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from linli.core.db import scratch_schema

SCALES = ("small", "hanyang")
DATABASES = ("sqlite", "postgres")
POSTGRES_URL = os.environ.get("LINLI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def options(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    """The options every benchmark takes; add your own by calling :func:`parser` instead."""
    return parser(description).parse_args(argv)


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with ``--scale`` and ``--database`` already on it."""
    arguments = argparse.ArgumentParser(description=description)
    arguments.add_argument("--scale", choices=list(SCALES), default="small", help="small: seconds; hanyang: the district's own figures")
    arguments.add_argument("--database", choices=DATABASES, default="sqlite", help="the engine linli writes to")
    arguments.add_argument("--json-only", action="store_true", help="print only the JSON line")
    return arguments


def _reset_peak() -> bool:
    """Restart the VmHWM high-water mark; False where the kernel does not allow it."""
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mib() -> float:
    """Peak resident memory in MiB since the last reset (VmHWM), or for the whole process (ru_maxrss)."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024  # bytes on macOS, KiB on Linux


@dataclass
class Stage:
    """One timed stage; ``rows`` may be set inside the ``with`` block once known."""

    name: str
    rows: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mib: float = 0.0
    floor_seconds: float | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float | None:
        return self.rows / self.seconds if self.rows and self.seconds else None

    @property
    def ratio(self) -> float | None:
        """How many times the floor this stage took (1.0 = as fast as the raw engine)."""
        if self.floor_seconds is None or self.floor_seconds <= 0:
            return None
        return self.seconds / self.floor_seconds

    def as_json(self) -> dict[str, Any]:
        return {
            "stage": self.name,
            "rows": self.rows,
            "seconds": round(self.seconds, 4),
            "cpu_seconds": round(self.cpu_seconds, 4),
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "rows_per_second": round(self.rows_per_second) if self.rows_per_second else None,
            "floor_seconds": None if self.floor_seconds is None else round(self.floor_seconds, 4),
            "ratio": None if self.ratio is None else round(self.ratio, 2),
            **self.notes,
        }


@dataclass
class Run:
    """A benchmark run: its stages in order, plus free-form results (``facts``) for the JSON line."""

    benchmark: str
    scale: str
    database: str
    stages: list[Stage] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    @contextmanager
    def stage(self, name: str, rows: int = 0) -> Iterator[Stage]:
        """Time the ``with`` block as stage *name*: wall and CPU seconds, peak RSS."""
        stage = Stage(name, rows)
        _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield stage
        finally:
            stage.seconds = time.perf_counter() - wall
            stage.cpu_seconds = time.process_time() - cpu
            stage.peak_rss_mib = peak_rss_mib()
            self.stages.append(stage)
            # Long runs show where they are; stderr keeps stdout for the table and the JSON line.
            print(f"{self.benchmark}: {name} {stage.seconds:.2f} s, {stage.peak_rss_mib:,.0f} MiB", file=sys.stderr, flush=True)

    def floor(self, name: str, seconds: float) -> None:
        """Record the baseline seconds of the stage called *name* (timed before or after it)."""
        for stage in self.stages:
            if stage.name == name:
                stage.floor_seconds = seconds
                return
        raise KeyError(f"no stage {name!r} in this run")

    def get(self, name: str) -> Stage:
        return next(stage for stage in self.stages if stage.name == name)

    def total_seconds(self) -> float:
        return sum(stage.seconds for stage in self.stages)

    def as_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "scale": self.scale,
            "database": self.database,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "total_seconds": round(self.total_seconds(), 3),
            "peak_rss_mib": round(max((stage.peak_rss_mib for stage in self.stages), default=0.0), 1),
            "stages": [stage.as_json() for stage in self.stages],
            **self.facts,
        }

    def table(self) -> Table:
        table = Table(title=f"{self.benchmark} — scale {self.scale}, {self.database}")
        for heading in ("stage", "rows", "wall s", "CPU s", "peak RSS MiB", "rows/s", "floor s", "× floor"):
            table.add_column(heading, justify="left" if heading == "stage" else "right")
        for stage in self.stages:
            table.add_row(
                stage.name,
                f"{stage.rows:,}" if stage.rows else "",
                f"{stage.seconds:.2f}",
                f"{stage.cpu_seconds:.2f}",
                f"{stage.peak_rss_mib:,.0f}",
                f"{stage.rows_per_second:,.0f}" if stage.rows_per_second else "",
                "" if stage.floor_seconds is None else f"{stage.floor_seconds:.2f}",
                "" if stage.ratio is None else f"{stage.ratio:.1f}",
            )
        peak = max((stage.peak_rss_mib for stage in self.stages), default=0.0)
        table.add_row("total", "", f"{self.total_seconds():.2f}", "", f"{peak:,.0f}", "", "", "", style="bold")
        return table

    def finish(self, *, json_only: bool = False) -> dict[str, Any]:
        """Print the table (unless *json_only*) and then the JSON line; return what was printed as JSON."""
        record = self.as_json()
        if not json_only:
            console = Console(width=max(Console().width, 132))  # a pipe reports 80 columns; the table needs more
            console.print(self.table())
            for key, value in self.facts.items():
                console.print(f"{key}: {value}")
        print(json.dumps(record, ensure_ascii=False, default=str), flush=True)  # a stray Decimal or date prints as text
        return record


def machine() -> dict[str, Any]:
    """What the figures were measured on: core count and CPU model."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version()}


@contextmanager
def scratch_database(database: str, folder: Path) -> Iterator[str]:
    """A URL of an empty database for one run: a SQLite file in *folder*, or a fresh PostgreSQL schema dropped afterwards."""
    if database == "sqlite":
        yield f"sqlite:///{folder / 'linli.db'}"
        return
    with scratch_schema(POSTGRES_URL, prefix="bench") as url:
        yield url


def postgres_dsn(url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL, for raw psycopg floors (COPY)."""
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


__all__ = ["Run", "Stage", "machine", "options", "parser", "peak_rss_mib", "postgres_dsn", "scratch_database"]
