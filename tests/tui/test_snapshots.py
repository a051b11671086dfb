"""Snapshots of every screen in both locales, on a demo program built here with a fixed seed and a fixed clock.

The pictures are SVG files in ``tests/tui/__snapshots__/test_snapshots/``. After an
intended change to what a screen shows, regenerate them and look at the diff before
committing (the failure report ``snapshot_report.html`` shows old and new side by side)::

    pytest -n0 tests/tui/test_snapshots.py --snapshot-update

A new screen is one line in ``SHOTS``, naming the preset that enables it for a
plugin's screen (``"exchange": Shot("exchange", preset="hanyang")``), then
``--snapshot-update`` once. The demo and "now" are fixed, so a changed picture
means a changed screen, or changed demo data (the audit screen shows how many
entries the demo wrote).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from linli.core.config import ProgramLoader
from linli.core.db import Base, Database, sqlite_url
from linli.core.demo import fill, plan, program_text
from linli.core.models import Activity, Member
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import Context, bootstrap_admin, create_activity, open_activity, record_manual
from linli.tui.app import LinliApp
from tests.tui.helpers import SIZE, settle

MEMBERS, SEED = 50, 7
BACKLOG = "楼道清扫"
# A fixed clock: "today", the last twelve months and every timestamp written stay put from run to run.
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
LOCALES = ("zh-CN", "en")

Then = Callable[[LinliApp, Pilot[None]], Awaitable[None]]


async def pick_member(app: LinliApp, pilot: Pilot[None]) -> None:
    app.screen.query_one("#member-table", DataTable).focus()
    await pilot.press("down", "down")
    await settle(app, pilot)


async def pick_reviewed_activity(app: LinliApp, pilot: Pilot[None]) -> None:
    """Highlight the activity whose three records await review, so its roster is on screen."""
    with app.runtime.reading() as session:
        activity_id = session.scalar(sa.select(Activity.id).where(Activity.title == BACKLOG))
    table = app.screen.query_one("#activity-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(activity_id)))
    await settle(app, pilot)


@dataclass(frozen=True)
class Shot:
    """What to photograph: a screen by its name (None: sign-in) in a preset's demo, after anything *then* does on it."""

    screen: str | None
    then: Then | None = None
    preset: str = "baibuting"


SHOTS: dict[str, Shot] = {
    "sign_in": Shot(None),
    "dashboard": Shot("dashboard"),
    "members": Shot("members", then=pick_member),
    "review": Shot("review"),
    "program": Shot("program"),
    "audit": Shot("audit"),
    "activities": Shot("activities", then=pick_reviewed_activity),
    "exchange": Shot("exchange", preset="hanyang"),
    "dispatch": Shot("dispatch", preset="chaoyangli"),
}


def remeasure(table: DataTable[Any]) -> None:
    """Size every column to its cells again: now and then (about one load in twelve) a table
    filled while its screen mounts keeps columns as narrow as their headings, a race in Textual."""
    for row_key in list(table.rows):
        for column_key in list(table.columns):
            table.update_cell(row_key, column_key, table.get_cell(row_key, column_key), update_width=True)
    table.check_idle()  # the widths are worked out when the table is next idle


def review_backlog(ctx: Context) -> None:
    """Three volunteers' records awaiting review, checked out yesterday at the top node's activity."""
    ends = ctx.now() - dt.timedelta(days=1)
    category = next(iter(ctx.program.activity_categories))
    root = ctx.program.nodes[0].code
    activity = create_activity(ctx, title=BACKLOG, category=category, host_node=root, starts_at=ends - dt.timedelta(hours=3), ends_at=ends)
    open_activity(ctx, activity.id)
    for member_id in ctx.session.scalars(sa.select(Member.id).where(Member.status == "active").order_by(Member.id).limit(3)):
        record_manual(ctx, member_id=member_id, activity_id=activity.id, minutes=120)


def build_demo(directory: Path, preset: str) -> Runtime:
    """The demo program (built-in plugins only, so installed third-party ones change nothing) on a fresh SQLite file."""
    host = make_plugin_host(autoload=False)
    loader = ProgramLoader(host)
    base = loader.check_preset(preset).program
    assert base is not None
    tree = plan(base, MEMBERS, SEED)
    config = directory / "linli.yaml"
    config.write_text(program_text(preset, base, tree, members=MEMBERS, seed=SEED), "utf-8")
    # The program screen shows the file; a relative name keeps the temporary directory out of the picture.
    program = dataclasses.replace(loader.load(config), source=Path("linli.yaml"))
    database = Database(sqlite_url(directory / "linli.db"))
    Base.metadata.create_all(database.engine)
    runtime = Runtime(program, host, database, now=lambda: NOW)
    with database.writing() as session:
        admin = bootstrap_admin(session, username="admin", display_name="管理员", password="snapshot-password-1", now=runtime.now)
        fill(runtime.context(session, admin), tree, SEED)
    runtime.act("admin", review_backlog)
    return runtime


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Runtime]]:
    """Each preset's demo, built once for the module; the screens only read it."""
    built: dict[str, Runtime] = {}

    def demo(preset: str) -> Runtime:
        if preset not in built:
            built[preset] = build_demo(tmp_path_factory.mktemp(preset), preset)
        return built[preset]

    yield demo
    for runtime in built.values():
        runtime.close()


def in_locale(runtime: Runtime, locale: str) -> Runtime:
    """The same program and database, its messages in *locale*."""
    return dataclasses.replace(runtime, program=dataclasses.replace(runtime.program, locale=locale))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", list(SHOTS))
def test_screen(demos: Callable[[str], Runtime], name: str, locale: str, snap_compare: Any) -> None:
    shot = SHOTS[name]
    app = LinliApp(in_locale(demos(shot.preset), locale), username=None if shot.screen is None else "admin")

    async def arrange(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        if shot.screen is not None:
            app.action_show(shot.screen)
            await settle(app, pilot)
        if shot.then is not None:
            await shot.then(app, pilot)
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor is caught on or off by chance: keep it on
        for table in app.screen.query(DataTable):
            remeasure(table)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=arrange)
