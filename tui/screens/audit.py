"""Audit log: the latest entries, newest first, filtered by the start of their action (``service.``, ``member.`` …)."""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

from linli.tui.queries import audit_entries
from linli.tui.screens.base import LinliScreen


class AuditScreen(LinliScreen):
    KEYS = (("slash", "focus_filter", "filter"), ("ctrl+r", "reload", "refresh"))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="action-filter", placeholder=self.say("filter_action"))
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(self.say(f"column_{key}") for key in ("seq", "at", "operator", "action", "target")))
        self.action_reload()

    def action_focus_filter(self) -> None:
        self.query_one("#action-filter", Input).focus()

    @on(Input.Changed, "#action-filter")
    def filter_changed(self) -> None:
        self.action_reload()

    @work(exclusive=True)
    async def action_reload(self) -> None:
        action = self.query_one("#action-filter", Input).value
        lines = await self.linli.view(partial(audit_entries, action=action))
        if lines is None:
            return
        table = self.query_one(DataTable)
        table.clear()
        for line in lines:
            table.add_row(str(line.seq), line.at.strftime("%Y-%m-%d %H:%M:%S"), line.operator, line.action, line.target)
