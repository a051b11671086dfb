"""Program: the loaded config at a glance — name, file, levels, enabled sections, installed plugins; ``i`` imports a sheet,
``s`` simulates a proposed program file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from linli.tui.screens.base import LinliScreen
from linli.core.importers import offered_importers
from linli.tui.widgets.import_form import ImportForm
from linli.tui.widgets.simulate_form import SimulateForm


class ProgramScreen(LinliScreen):
    KEYS = (("i", "import_sheet", "import_key"), ("s", "simulate", "simulate_key"))

    def compose(self) -> ComposeResult:
        program = self.linli.runtime.program
        yield Header()
        with VerticalScroll(id="program"):
            yield Static(self.say("program_name", name=program.name), id="program-name")
            yield Static(self.say("program_file", path=str(program.source or "-")))
            yield Static(self.say("program_locale", locale=program.locale))
            yield Label(self.say("levels"), classes="panel-title")
            yield Static(" → ".join(level.name for level in program.levels), id="levels")
            yield Label(self.say("sections"), classes="panel-title")
            yield Static("、".join(sorted(program.sections)) or "-", id="sections")
            yield Label(self.say("plugins"), classes="panel-title")
            yield DataTable(id="plugin-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plugin-table", DataTable)
        table.add_columns(*(self.say(f"column_{key}") for key in ("plugin", "version", "origin", "plugin_sections", "enabled")))
        enabled = set(self.linli.runtime.program.sections)
        for info in self.linli.runtime.host.infos():
            origin = self.say("builtin") if info.builtin else info.distribution or "-"
            used = self.say("answer_yes") if enabled & set(info.sections) else ""
            table.add_row(info.name, info.version or "-", origin, "、".join(info.sections) or "-", used)

    def action_import_sheet(self) -> None:
        runtime = self.linli.runtime
        self.app.push_screen(ImportForm(offered_importers(runtime.host, runtime.hooks)))

    def action_simulate(self) -> None:
        self.app.push_screen(SimulateForm())
