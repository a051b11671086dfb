"""Simulating a proposed program file from the program screen (F5, ``s``): ``linli simulate``'s replay in a thread, nothing written."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Static

from linli.core.config import ProgramLoader
from linli.core.db import Base
from linli.core.i18n import t
from linli.core.runtime import Runtime
from linli.core.simulate import simulate
from linli.tui.app import LinliApp
from linli.tui.widgets.simulate_form import SimulateForm
from tests.tui.conftest import Program
from tests.tui.helpers import drive, notices, open_program_form, run_form


def dump(runtime: Runtime) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: what a dry run must leave exactly as it was."""
    with runtime.database.engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(sa.select(table))), key=repr) for name, table in Base.metadata.tables.items()}


def proposal(runtime: Runtime, target: Path) -> Path:
    """The program's own file with every hour worth ten points instead of one."""
    assert runtime.program.source is not None
    text = Path(runtime.program.source).read_text("utf-8")
    rules = "incentives:\n  rules:\n    - {id: base, kind: rate, points: 10, per: hour}\n"
    target.write_text(text.replace("extends: baibuting\n", "extends: baibuting\n" + rules, 1) if "incentives:" not in text else text, "utf-8")
    return target


async def simulate_through_form(app: LinliApp, pilot: Pilot[None], path: Path, since: str = "") -> SimulateForm:
    form = await open_program_form(app, pilot, "s")
    assert isinstance(form, SimulateForm)
    form.query_one("#simulate-path", Input).value = str(path)
    form.query_one("#simulate-since", Input).value = since
    await run(app, pilot, form)
    return form


async def run(app: LinliApp, pilot: Pilot[None], form: SimulateForm) -> None:
    await run_form(app, pilot, form, "simulate")


def test_a_proposed_file_is_replayed_summarised_and_nothing_is_written(program: Program, tmp_path: Path) -> None:
    runtime = program.runtime
    path = proposal(runtime, tmp_path / "proposed.yaml")
    before = dump(runtime)

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await simulate_through_form(app, pilot, path)
        text = str(form.query_one("#simulate-summary", Static).render())
        assert not notices(app), [n.message for n in notices(app)]
        expected = simulate(runtime, ProgramLoader(runtime.host).load(path), "admin")
        assert expected.records and expected.proposed_points != expected.actual_points
        change = expected.proposed_points - expected.actual_points
        head = t("simulate.summary", "zh-CN", records=expected.records, actual=expected.actual_points, proposed=expected.proposed_points, change=change)
        assert text.splitlines()[0] == head, text
        assert all(row.name in text for row in expected.by_org + expected.by_category)
        bar = form.query_one("#simulate-progress", ProgressBar)
        assert bar.total and bar.progress == bar.total

    drive(runtime, scenario)
    assert dump(runtime) == before


def test_a_broken_proposal_or_date_is_explained_not_run(program: Program, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("linli: 1\nextends: baibuting\nincentives: 不是规则\n", "utf-8")

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        form = await simulate_through_form(app, pilot, broken, since="2026-13-01")
        assert "2026-13-01" in str(form.query_one("#simulate-summary", Static).render())
        form.query_one("#simulate-since", Input).value = ""
        await run(app, pilot, form)
        assert app.screen is form and not form.running
        assert [n.severity for n in notices(app)] == ["error"]
        assert "broken.yaml:3" in str(form.query_one("#simulate-summary", Static).render())  # where the proposal is wrong

    drive(program.runtime, scenario)
