"""Importing a sheet from the program screen (F5, ``i``): a worker thread behind a progress bar, the CLI's summary and options, all or nothing."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from linli.core.models import Activity, Member, ServiceRecord
from linli.core.runtime import Runtime
from linli.core.tabular import Column, read_table
from linli.tui.app import LinliApp
from linli.tui.widgets.import_form import ImportForm
from tests.core.importers.sheets import MEMBER_HEADER, SERVICE_HEADER, write_csv
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_program_form, run_form, settle


def member_row(name: str, phone: str, node: str) -> list[str]:
    return [name, phone, "", "", "", node, "", "", "", "", ""]


def names(runtime: Runtime) -> set[str]:
    with runtime.reading() as session:
        return set(session.scalars(sa.select(Member.name)))


async def import_through_form(app: LinliApp, pilot: Pilot[None], path: Path, kind: str = "members") -> ImportForm:
    form = await open_program_form(app, pilot, "i")
    assert isinstance(form, ImportForm)
    form.query_one("#import-kind", Select).value = kind
    form.query_one("#import-path", Input).value = str(path)
    await run(app, pilot, form)
    return form


async def run(app: LinliApp, pilot: Pilot[None], form: ImportForm) -> None:
    await run_form(app, pilot, form, "import")


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


def service_row(phone: str, activity: str, start: str, end: str) -> list[str]:
    return [phone, activity, start, end, "", "", ""]


def approved_minutes(runtime: Runtime, phone: str) -> list[tuple[str, int]]:
    with runtime.reading() as session:
        query = sa.select(ServiceRecord.state, ServiceRecord.approved_minutes).join(Member, Member.id == ServiceRecord.member_id).where(Member.phone == phone)
        return sorted((state, minutes or 0) for state, minutes in session.execute(query))


def test_service_hours_approved_on_import_into_created_activities(program: Program, tmp_path: Path) -> None:
    with program.runtime.reading() as session:
        phone = session.scalars(sa.select(Member.phone).where(Member.status == "active").order_by(Member.id)).first()
    host = program.runtime.program.nodes[0].code
    path = write_csv(tmp_path / "台账.csv", [SERVICE_HEADER, service_row(phone, "社区义诊", "2026-11-01 09:00", "2026-11-01 11:00")])

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await open_program_form(app, pilot, "i")
        assert isinstance(form, ImportForm) and not form.query_one("#service-options").display  # members first: no such options
        form.query_one("#import-kind", Select).value = "service"
        await settle(app, pilot)
        assert form.query_one("#service-options").display
        form.query_one("#import-path", Input).value = str(path)
        form.query_one("#import-approve", Checkbox).value = True
        form.query_one("#import-create", Checkbox).value = True
        await run(app, pilot, form)
        assert "服务类别" in summary_text(form)  # creating activities needs their category and host
        form.query_one("#import-category", Input).value = "sanitation"
        form.query_one("#import-host", Input).value = host
        await run(app, pilot, form)
        text = summary_text(form)
        assert "新增 1 行" in text and "等待审核" not in text, text

    before = approved_minutes(program.runtime, phone)
    drive(program.runtime, scenario)
    assert approved_minutes(program.runtime, phone) == sorted([*before, ("approved", 120)])
    with program.runtime.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Activity).where(Activity.title == "社区义诊")) == 1


def test_a_refusal_points_to_the_forms_checkbox_not_the_cli_flag(english: Program, tmp_path: Path) -> None:
    node = english.runtime.program.nodes[-1].code
    path = write_csv(tmp_path / "roster.csv", [MEMBER_HEADER, member_row("导入己", "不是号码", node)])

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        text = summary_text(await import_through_form(app, pilot, path))
        assert "nothing was imported" in text and "--skip-invalid" not in text, text
        assert app.say("import_skip_invalid") in text

    drive(english.runtime, scenario)


def test_an_importer_of_a_plugin_the_program_does_not_enable_is_listed_but_refused(program: Program, tmp_path: Path) -> None:
    assert "merchants" not in program.runtime.program.sections
    path = write_csv(tmp_path / "目录.csv", [["编码"], ["A1"]])

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await import_through_form(app, pilot, path, kind="catalogue")
        shown = str(form.query_one("#import-kind SelectCurrent #label", Static).render())  # the kind chosen, as the form shows it
        assert "merchants" in shown and "未启用" in shown, shown
        text = summary_text(form)
        assert "merchants" in text and "未导入任何数据" in text, text
        assert not form.running

    drive(program.runtime, scenario)
