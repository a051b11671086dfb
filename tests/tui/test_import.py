"""Importing a sheet from the program screen (F5, ``i``): a worker thread behind a progress bar, the CLI's summary, all or nothing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select, Static

from linli.core.models import Member
from linli.core.runtime import Runtime
from linli.core.tabular import Column, read_table
from linli.tui.app import LinliApp
from linli.tui.screens.program import ProgramScreen
from linli.tui.widgets.import_form import ImportForm
from tests.core.importers.sheets import MEMBER_HEADER, write_csv
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_screen, settle


def member_row(name: str, phone: str, node: str) -> list[str]:
    return [name, phone, "", "", "", node, "", "", "", "", ""]


def names(runtime: Runtime) -> set[str]:
    with runtime.reading() as session:
        return set(session.scalars(sa.select(Member.name)))


async def import_through_form(app: LinliApp, pilot: Pilot[None], path: Path, kind: str = "members") -> ImportForm:
    await open_screen(app, pilot, "f5")
    assert isinstance(app.screen, ProgramScreen)
    await pilot.press("i")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, ImportForm)
    form.query_one("#import-kind", Select).value = kind
    form.query_one("#import-path", Input).value = str(path)
    await pilot.click("#import-run")
    await settle(app, pilot)
    return form


def summary_text(form: ImportForm) -> str:
    return str(form.query_one("#import-summary", Static).render())


def test_a_members_sheet_is_imported_and_summarised(program: Program, tmp_path: Path) -> None:
    node = program.runtime.program.nodes[-1].code
    path = write_csv(tmp_path / "名册.csv", [MEMBER_HEADER, member_row("导入甲", "13700000001", node), member_row("导入乙", "13700000002", node)])

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await import_through_form(app, pilot, path)
        text = summary_text(form)
        assert "新增 2 行" in text and "名册.csv" in text, text
        bar = form.query_one("#import-progress", ProgressBar)
        assert bar.progress == bar.total == 2

    drive(program.runtime, scenario)
    assert {"导入甲", "导入乙"} <= names(program.runtime)


def test_a_bad_row_is_named_and_nothing_is_written(program: Program, tmp_path: Path) -> None:
    node = program.runtime.program.nodes[-1].code
    path = write_csv(tmp_path / "名册.csv", [MEMBER_HEADER, member_row("导入丙", "13700000003", node), member_row("导入丁", "不是号码", node)])
    before = names(program.runtime)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        text = summary_text(await import_through_form(app, pilot, path))
        assert "未导入任何数据" in text and "名册.csv:3:手机号" in text, text

    drive(program.runtime, scenario)
    assert names(program.runtime) == before


def test_a_file_without_a_required_column_becomes_a_notification(program: Program, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [["姓名"], ["导入戊"]])
    before = names(program.runtime)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await import_through_form(app, pilot, path)
        assert app.screen is form and summary_text(form) == ""
        assert any("手机号" in notice.message for notice in notices(app)), [n.message for n in notices(app)]

    drive(program.runtime, scenario)
    assert names(program.runtime) == before


def test_the_reader_reports_increasing_counts_to_a_callback(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "numbers.csv", [["number"], *([str(n)] for n in range(450))])
    seen: list[tuple[int, int | None]] = []
    with read_table(path, [Column("number")], progress=lambda done, total: seen.append((done, total))) as reader:
        assert sum(1 for _ in reader) == 450
    counts = [done for done, _ in seen]
    assert counts == [0, 200, 400, 450]
    assert all(total is None or total >= 450 for _, total in seen)
