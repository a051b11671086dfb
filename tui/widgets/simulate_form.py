"""Simulate a proposed program file from the program screen (``s``): ``linli simulate`` in a thread behind a progress bar.

The replay is :func:`~linli.core.simulate.simulate`, exactly as ``linli
simulate`` runs it: the approved records are copied into an in-memory
database and replayed there, so nothing is written to the program's
database. The bar follows the replay day by day; the summary is the CLI's,
as lines instead of tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Static

from linli.core.config import ProgramLoader
from linli.core.errors import ConfigError, LinliError
from linli.core.i18n import t
from linli.core.simulate import Comparison, SimulationResult, simulate

if TYPE_CHECKING:
    from linli.tui.app import LinliApp


def simulation_lines(result: SimulationResult, locale: str) -> list[str]:
    """The CLI's summary in the program's locale: the totals, members per star level before and after, then the two breakdowns."""
    change = result.proposed_points - result.actual_points
    lines = [t("simulate.summary", locale, records=result.records, actual=result.actual_points, proposed=result.proposed_points, change=change)]
    levels = sorted(set(result.stars_before) | set(result.stars_after))
    if levels:
        lines.append(t("simulate.stars", locale))
        for level in levels:
            before, after = result.stars_before.get(level, 0), result.stars_after.get(level, 0)
            lines.append(t("tui.simulate_stars_row", locale, level=level, before=before, after=after))
    for rows, key in ((result.by_org, "simulate.by_org"), (result.by_category, "simulate.by_category")):
        lines.append(t(key, locale))
        lines.extend(_row(row, locale) for row in rows)
    return lines


def _row(row: Comparison, locale: str) -> str:
    return t("tui.simulate_row", locale, name=row.name, actual=f"{row.actual:,}", proposed=f"{row.proposed:,}", change=f"{row.change:+,}")


class SimulateForm(ModalScreen[None]):
    """Escape or Close leaves the form, but not while a replay runs: its thread reports back here."""

    DEFAULT_CSS = """
    SimulateForm { align: center middle; }
    SimulateForm .modal { width: 90; }
    SimulateForm #simulate-summary { max-height: 16; overflow-y: auto; }
    """
    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.running = False

    @property
    def linli(self) -> LinliApp:
        return cast("LinliApp", self.app)

    def compose(self) -> ComposeResult:
        say = self.linli.say
        with Vertical(classes="modal"):
            yield Static(say("simulate_title"))
            yield Input(id="simulate-path", placeholder=say("simulate_path"))
            yield Input(id="simulate-since", placeholder=say("simulate_since"))
            yield ProgressBar(id="simulate-progress", show_eta=False)
            yield Static("", id="simulate-summary", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(say("simulate_run"), id="simulate-run", variant="primary")
                yield Button(say("import_close"), id="simulate-close")

    @on(Button.Pressed, "#simulate-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#simulate-run")
    def start(self) -> None:
        summary = self.query_one("#simulate-summary", Static)
        raw = self.query_one("#simulate-path", Input).value.strip()
        if not raw:
            summary.update(self.linli.say("simulate_path_required"))
            return
        since_text = self.query_one("#simulate-since", Input).value.strip()
        try:
            since = dt.date.fromisoformat(since_text) if since_text else None
        except ValueError:
            summary.update(self.linli.say("simulate_since_invalid", value=since_text))
            return
        self.running = True
        self.query_one("#simulate-run", Button).disabled = True
        summary.update(self.linli.say("simulate_running"))
        self.query_one("#simulate-progress", ProgressBar).update(total=None, progress=0)
        self.simulating(Path(raw).expanduser(), since)

    @work(thread=True, group="simulate", exclusive=True)
    def simulating(self, path: Path, since: dt.date | None) -> None:
        app = self.linli
        runtime, username = app.runtime, app.username
        assert username is not None, "the program screen is shown only when signed in"
        try:
            proposed = ProgramLoader(runtime.host).load(path)
            result = simulate(runtime, proposed, username, since=since, progress=lambda done, total: app.call_from_thread(self.advance, done, total))
        except LinliError as error:
            app.call_from_thread(self.failed, error)
        else:
            app.call_from_thread(self.finished, result)

    def advance(self, done: int, total: int | None) -> None:
        self.query_one("#simulate-progress", ProgressBar).update(total=total, progress=done)

    def failed(self, error: LinliError) -> None:
        """A refusal is a notification; a proposal that does not load also lists its problems, FILE:LINE:COL as ``linli config check``."""
        self.running = False
        self.query_one("#simulate-run", Button).disabled = False
        problems = error.problems if isinstance(error, ConfigError) else []
        self.query_one("#simulate-summary", Static).update("\n".join(problem.render(self.linli.lang) for problem in problems))
        self.linli.notify(error.render(self.linli.lang), title=self.linli.say("refused"), severity="error", timeout=8)

    def finished(self, result: SimulationResult) -> None:
        self.running = False
        bar = self.query_one("#simulate-progress", ProgressBar)
        bar.update(total=max(bar.total or 0, 1), progress=max(bar.total or 0, 1))
        self.query_one("#simulate-run", Button).disabled = False
        self.query_one("#simulate-summary", Static).update("\n".join(simulation_lines(result, self.linli.lang)))
