"""Dashboard: the report's figures for the operator's subtree, hours by month, the review backlog, plugin panels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
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


@dataclass(frozen=True)
class Overview:
    report: Report
    pending: int
    months: list[float]


def overview(ctx: Context) -> Overview:
    return Overview(build_report(ctx), pending_count(ctx), monthly_hours(ctx))


class DashboardScreen(LinliScreen):
    KEYS = (("ctrl+r", "refresh", "refresh"),)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
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

    def on_mount(self) -> None:
        self.action_refresh()

    @work(exclusive=True)
    async def action_refresh(self) -> None:
        found = await self.linli.view(overview)
        if found is None:
            return
        report = found.report
        self.query_one("#scope", Static).update(self.say("scope", scope=report.scope))
        for name in FIGURES:
            value = getattr(report, name)
            shown = "-" if value is None else f"{value:.1%}" if name == "volunteer_share" else f"{value:,}"
            self.query_one(f"#figure-{name}", Figure).value = shown
        self.query_one("#figure-pending", Figure).value = f"{found.pending:,}"
        self.query_one("#months", Sparkline).data = found.months
