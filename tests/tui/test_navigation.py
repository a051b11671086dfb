"""Moving around: F-keys, the command palette, the program and audit screens, and ``linli tui --demo``."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from linli.core.cli import cli
from linli.tui.app import LinliApp
from linli.tui.screens.audit import AuditScreen
from linli.tui.screens.program import ProgramScreen
from tests.tui.conftest import Program
from tests.tui.helpers import drive, open_screen, settle, type_into


def column(table: DataTable[object], index: int) -> list[str]:
    return [str(table.get_cell_at((row, index))) for row in range(table.row_count)]


def test_program_screen_lists_the_installed_plugins(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f5")
        assert isinstance(app.screen, ProgramScreen)
        assert {"incentives", "star_rating"} <= set(column(app.screen.query_one("#plugin-table", DataTable), 0))

    drive(program.runtime, scenario)


def test_audit_log_filters_by_action(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await open_screen(app, pilot, "f6")
        assert isinstance(app.screen, AuditScreen)
        await type_into(app, pilot, "#action-filter", "service.")
        actions = column(app.screen.query_one("#audit-table", DataTable), 3)
        assert actions and all(action.startswith("service.") for action in actions)

    drive(program.runtime, scenario)


def test_command_palette_switches_screens(program: Program) -> None:
    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        app.screen.query_one(Input).value = "操作日志"
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)

    drive(program.runtime, scenario)


def test_tui_demo_opens_the_demo_signed_in_as_admin(demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(demo_dir, tmp_path / "linli-demo-baibuting")
    monkeypatch.chdir(tmp_path)
    opened: list[tuple[str, str | None]] = []
    monkeypatch.setattr(LinliApp, "run", lambda app: opened.append((app.runtime.program.name, app.username)))
    result = CliRunner().invoke(cli, ["tui", "--demo", "baibuting"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert opened == [("百步亭社区志愿服务（演示）", "admin")]


def test_what_lives_as_long_as_the_app_is_left_out_of_full_collections_until_it_exits(program: Program) -> None:
    """Full collections scanning Textual's and SQLAlchemy's long-lived objects paused keystrokes 70-135 ms (bench/tui_scale.py)."""
    frozen: list[int] = []

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        frozen.append(gc.get_freeze_count())

    drive(program.runtime, scenario)
    assert frozen[0] > 10_000
    assert gc.get_freeze_count() == 0
