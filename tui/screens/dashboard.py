"""Dashboard: the report's figures for the operator's subtree, hours by month, the review backlog, plugin panels.

The figures are computed off the UI thread in stages, a line above them saying which one runs (a bar's widgets
cost more to lay out than this line), and only once the screen has painted and the operator has paused a moment:
an operator who goes straight on to another screen (F3 to find a volunteer) doesn't wait for them, and leaving
the dashboard cancels what remains (a stage already running in its thread finishes, the next ones never start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.containers import Grid, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, Label, Sparkline, Static

from linli.core.errors import LinliError
from linli.core.services import Context
from linli.core.services.reports import Report, build_report
from linli.tui.queries import monthly_hours, pending_count
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.figure import Figure

FIGURES = ("registered_volunteers", "volunteer_share", "teams", "projects", "activities", "participants", "people_served", "service_hours")


#: What the dashboard computes, in order, each in its own read: (name in the ``tui.dashboard_stage_*`` keys, the read).
STAGES: tuple[tuple[str, Callable[[Context], Any]], ...] = (("report", build_report), ("review", pending_count), ("trend", monthly_hours))


#: How long the painted dashboard waits for a key before computing its figures.
SETTLE_SECONDS = 0.2


class DashboardScreen(LinliScreen):
    KEYS = (("ctrl+r", "refresh", "refresh"),)

    def __init__(self) -> None:
        super().__init__()
        self.complete = False  # every stage shown since the last (re)start
        self.waiting: Timer | None = None  # set while the painted screen waits to start on its figures

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static("", id="dashboard-progress")
            yield Static("", id="scope")
            with Grid(id="figures"):
                for name in FIGURES:
                    yield Figure(self.say(f"figure_{name}"), id=f"figure-{name}")
                yield Figure(self.say("figure_pending"), id="figure-pending")
            yield Label(self.say("hours_by_month"))
            yield Sparkline([], id="months")
            yield from self._panels()
        yield Footer()

    def _panels(self) -> Iterable[Widget]:
        """Panels plugins add through ``linli_tui_panels``, each under its title."""
        runtime, username = self.linli.runtime, self.linli.username
        try:
            contributions = runtime.hooks.linli_tui_panels(program=runtime.program)
        except LinliError as error:  # a broken plugin costs its panel, not the dashboard
            self.notify(error.render(self.linli.lang), severity="error", timeout=8)
            return
        for contributed in contributions:
            for title, panel in contributed or ():
                yield Label(title, classes="panel-title")
                yield panel(runtime, username)

    def on_screen_resume(self) -> None:
        """Shown (first, or again after a modal): compute what is missing once painted and the operator has paused.

        The reads hold the GIL between steps, so running them while the operator
        goes straight on (F3 at launch to find a volunteer) slows the next screen down.
        """
        if not self.complete:
            self.call_after_refresh(self._wait_then_refresh)

    def _wait_then_refresh(self) -> None:
        if self.is_current and not self.complete:  # not left (or finished) since it asked
            self.waiting = self.set_timer(SETTLE_SECONDS, self.action_refresh)

    def on_screen_suspend(self) -> None:
        """Another screen is shown: stop computing figures nobody sees (what is missing is computed on coming back)."""
        if self.waiting is not None:
            self.waiting.stop()
            self.waiting = None
        self.workers.cancel_group(self, "dashboard")

    @work(exclusive=True, group="dashboard")
    async def action_refresh(self) -> None:
        stage = self.query_one("#dashboard-progress", Static)
        self.complete, self.waiting = False, None
        stage.display = True
        for step, (name, read) in enumerate(STAGES, start=1):
            stage.update(self.say("dashboard_stage", stage=self.say(f"dashboard_stage_{name}"), step=step, steps=len(STAGES)))
            try:
                found = await self.linli.view(read)
            except Exception as error:  # a database failure costs the figures, not the terminal UI
                found = None
                detail = self.say("dashboard_failed_detail", stage=self.say(f"dashboard_stage_{name}"), detail=str(error) or type(error).__name__)
                self.notify(detail, title=self.say("dashboard_failed"), severity="error", timeout=10)
            if found is None:  # refused (view has said why) or failed: the bar stays, saying where it stopped
                stage.update(self.say("dashboard_stage_failed", stage=self.say(f"dashboard_stage_{name}")))
                return
            self.show(name, found)
        self.complete = True
        stage.display = False

    def show(self, stage: str, found: Any) -> None:
        if stage == "report":
            report: Report = found
            self.query_one("#scope", Static).update(self.say("scope", scope=report.scope))
            for name in FIGURES:
                value = getattr(report, name)
                shown = "-" if value is None else f"{value:.1%}" if name == "volunteer_share" else f"{value:,}"
                self.query_one(f"#figure-{name}", Figure).value = shown
        elif stage == "review":
            self.query_one("#figure-pending", Figure).value = f"{found:,}"
        else:
            self.query_one("#months", Sparkline).data = found
