"""B3 — the terminal UI at district scale: opening the members screen, and search as you type.

The district's roster (bench/district_data.py, B1's seeded sheets) is imported
as ``linli import orgs`` and ``linli import members`` import it; then the
Textual app runs headless under Pilot, signed in as the district admin:

* launch → the dashboard's figures shown, and launch → F3 → the members
  screen interactive (its first page shown, the figures not awaited);
* for three members (``--members-sought``), each keystroke of the name, the
  whole phone number, the phone's last four digits and the ID number's last
  four, timed from the key press to the page of results handed to the table.

The floor of a keystroke is the same page query run directly in this
process (``member_page`` without the UI), so the ratio is what the terminal
UI adds to the database's answer::

    python -m bench.tui_scale --scale small      # 2,000 volunteers
    python -m bench.tui_scale --scale hanyang    # 454,300 volunteers

Targets: ≤ 0.5 s to interactive, ≤ 100 ms p99 per keystroke.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from bench.district import ADMIN, PROGRAM
from bench.district_data import SCALES, generate
from bench.harness import Run, Stage, parser, peak_rss_mib, scratch_database
from linli.core.db import Base
from linli.core.importers import MemberImporter, OrgImporter, run_import
from linli.core.models import Member
from linli.core.runtime import Runtime, open_runtime
from linli.core.services import Context, bootstrap_admin, sync_nodes
from linli.tui.app import LinliApp
from linli.tui.queries import member_page
from linli.tui.screens.dashboard import DashboardScreen
from linli.tui.screens.members import MembersScreen

DATA = Path(tempfile.gettempdir()) / "linli-bench-district"
SIZE = (120, 36)
INTERACTIVE_TARGET = 0.5
SEARCH_P99_TARGET = 0.1
POLL = 0.002  # seconds between looks at the screen while waiting
WAIT = 120.0  # give up on a screen after this long (the district dashboard takes seconds on a busy machine)


@dataclass(frozen=True)
class Target:
    """The member the searches look for: the first one registered with an ID number."""

    id: int
    name: str
    phone: str
    id_tail: str

    def searches(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "phone tail": self.phone[-4:], "ID tail": self.id_tail}


@dataclass
class Keystrokes:
    """Per keystroke: seconds until the page reached the table, CPU seconds meanwhile, the same query run directly (floor); and the rows shown last."""

    ui: list[float]
    cpu: list[float]
    floor: list[float]
    shown: list[tuple[str, str]]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    arguments = parser("B3: the members screen at district scale, driven by Pilot.")
    arguments.add_argument("--data", type=Path, default=DATA, help="where B1's generated sheets are kept between runs")
    arguments.add_argument("--members-sought", type=int, choices=(1, 2, 3), default=3, help="how many members to search for (more keystrokes, steadier p99)")
    options = arguments.parse_args(argv)
    run = Run("B3 TUI at scale", options.scale, options.database)
    files = generate(SCALES[options.scale], options.data / options.scale)
    with tempfile.TemporaryDirectory() as scratch, scratch_database(options.database, Path(scratch)) as url:
        config = Path(scratch) / "linli.yaml"
        config.write_text(PROGRAM, "utf-8")
        runtime = open_runtime(config, database_url=url)
        try:
            populate(run, runtime, files.orgs, files.roster, files.members)
            measure(run, runtime, options.members_sought)
        finally:
            runtime.close()
    return run.finish(json_only=options.json_only)


def populate(run: Run, runtime: Runtime, orgs: Path, roster: Path, members: int) -> None:
    """The schema, the admin, the org tree and the roster, through linli's import paths."""
    Base.metadata.create_all(runtime.database.engine)
    with runtime.database.writing() as session:
        bootstrap_admin(session, username=ADMIN, display_name="区管理员", password="bench-password")
    runtime.act(ADMIN, sync_nodes)
    act = partial(runtime.act, ADMIN)
    run_import(OrgImporter(), orgs, runtime.program, act)
    with run.stage("import members", members) as stage:
        summary = run_import(MemberImporter(), roster, runtime.program, act)
    if not summary.written:
        raise SystemExit("\n".join(["import members: refused", *summary.report(runtime.program.locale)[:20]]))
    stage.notes["created"] = summary.created


def targets(ctx: Context) -> list[Target]:
    """The members the searches look for: the first with an ID number in each third of the roster.

    The first one is also found on the first page of every search (it
    comes first among its namesakes); the others add keystrokes to the sample.
    """
    last = ctx.session.scalar(select(func.max(Member.id))) or 0
    found = []
    for start in (0, last // 3, 2 * last // 3):
        query = select(Member).where(Member.id > start, Member.id_tail.is_not(None)).order_by(Member.id).limit(1)
        member = ctx.session.scalars(query).one()
        found.append(Target(member.id, member.name, member.phone, member.id_tail or ""))
    return found


def measure(run: Run, runtime: Runtime, count: int) -> None:
    sought = runtime.view(ADMIN, targets)[:count]
    typed = asyncio.run(_drive(runtime, sought, run))
    every = [seconds for per_target in typed for strokes in per_target.values() for seconds in strokes.ui]
    for kind in typed[0]:
        strokes = Keystrokes(*([value for per_target in typed for value in getattr(per_target[kind], part)] for part in ("ui", "cpu", "floor", "shown")))
        run.stages.append(
            Stage(
                f"search {kind} ({len(strokes.ui)} keys)",
                seconds=sum(strokes.ui),
                cpu_seconds=sum(strokes.cpu),
                floor_seconds=sum(strokes.floor),
                peak_rss_mib=peak_rss_mib(),
                notes={"ui_ms": summary(strokes.ui), "query_ms": summary(strokes.floor), "each_ms": [round(s * 1000) for s in strokes.ui]},
            )
        )
    interactive = run.get("launch → members interactive").seconds
    run.facts["target"] = {"id": sought[0].id, "name": sought[0].name}
    run.facts["found"] = found(sought[0], {kind: strokes.shown for kind, strokes in typed[0].items()})
    run.facts["interactive_s"] = round(interactive, 3)
    run.facts["search_ms"] = summary(every)
    run.facts["targets_met"] = {"interactive": interactive <= INTERACTIVE_TARGET, "search_p99": percentile(every, 99) <= SEARCH_P99_TARGET}


@dataclass
class Clock:
    """Wall and CPU seconds from its creation; CPU as well because on a shared machine the wall clock counts others' work."""

    wall: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=time.process_time)

    def stage(self, name: str) -> Stage:
        return Stage(name, seconds=time.perf_counter() - self.wall, cpu_seconds=time.process_time() - self.cpu, peak_rss_mib=peak_rss_mib())


async def _drive(runtime: Runtime, sought: list[Target], run: Run) -> list[dict[str, Keystrokes]]:
    clock, app = Clock(), LinliApp(runtime, username=ADMIN)
    async with app.run_test(size=SIZE) as pilot:
        # The figures start once the dashboard has painted: until then no worker runs, so wait for them all to be shown.
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.complete)
        run.stages.append(clock.stage("launch → dashboard figures"))
    # The figures load in a worker and F3 need not wait for them: "interactive" is timed in a launch that does not.
    clock, app = Clock(), LinliApp(runtime, username=ADMIN)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, MembersScreen) and app.screen.query_one(DataTable).row_count)
        run.stages.append(clock.stage("launch → members interactive"))
        await until(pilot, lambda: not busy(app))  # the dashboard's figures, still loading, would slow the first searches
        return [{kind: await _type(app, pilot, runtime, text) for kind, text in target.searches().items()} for target in sought]


async def _type(app: LinliApp, pilot: Pilot[None], runtime: Runtime, text: str) -> Keystrokes:
    """Type *text* into the member search one key at a time, timing each key until its page reaches the table."""
    box = app.screen.query_one("#search", Input)
    box.value = ""
    box.focus()
    await until(pilot, lambda: not busy(app))
    # The screen ends each load by writing the page line; noting when it does times the whole round trip.
    page = app.screen.query_one("#page", Static)
    written: list[float] = []
    update = page.update
    page.update = lambda *args, **kwargs: (written.append(time.perf_counter()), update(*args, **kwargs))[1]  # type: ignore[method-assign]
    strokes = Keystrokes([], [], [], [])
    try:
        for end, key in enumerate(text, start=1):
            before, pressed, cpu = len(written), time.perf_counter(), time.process_time()
            await pilot.press(key)
            await until(pilot, lambda before=before: len(written) > before and not busy(app))
            strokes.ui.append(written[-1] - pressed)
            strokes.cpu.append(time.process_time() - cpu)
            started = time.perf_counter()
            runtime.view(ADMIN, partial(member_page, text=text[:end], page=0))
            strokes.floor.append(time.perf_counter() - started)
    finally:
        del page.update
    table = app.screen.query_one(DataTable)
    strokes.shown.extend((str(table.get_cell_at((row, 0))), str(table.get_cell_at((row, 2)))) for row in range(table.row_count))
    return strokes


def busy(app: LinliApp) -> bool:
    return any(worker.is_running for worker in app.workers)


async def until(pilot: Pilot[None], ready: Callable[[], object]) -> None:
    waited = 0.0
    while not ready():
        if waited > WAIT:
            raise SystemExit("the screen did not become ready in time")
        await pilot.pause(POLL)
        waited += POLL


def found(target: Target, shown: dict[str, list[tuple[str, str]]]) -> dict[str, bool]:
    """Whether each search's first page shows the target (its id and masked phone)."""
    masked = f"{target.phone[:3]}****{target.phone[-4:]}"
    return {kind: (str(target.id), masked) in rows for kind, rows in shown.items()}


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> dict[str, float]:
    """p50 and p99 in milliseconds."""
    return {"p50": round(statistics.median(values) * 1000, 1), "p99": round(percentile(values, 99) * 1000, 1)}


if __name__ == "__main__":
    main()
