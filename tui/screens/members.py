"""Members: search as you type by name, phone or ID tail; one page from the database at a time; a detail panel."""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from linli.core.i18n import state_label, t
from linli.tui.queries import PAGE, member_detail, member_page
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.member_detail import MemberDetailPanel


class MembersScreen(LinliScreen):
    KEYS = (("ctrl+n", "page(1)", "next_page"), ("ctrl+b", "page(-1)", "previous_page"), ("slash", "focus_search", "search"))

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="members"):
            with Vertical(id="member-list"):
                yield Input(id="search", placeholder=self.say("search_members"))
                yield DataTable(id="member-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="page")
            yield MemberDetailPanel(id="member-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("id", "name", "phone", "node", "status"):
            table.add_column(self.say(f"column_{key}"), key=key)
        self.query_one("#search", Input).focus()
        self.load()

    @on(Input.Changed, "#search")
    def search(self) -> None:
        self.page = 0
        self.load()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_page(self, step: int) -> None:
        table = self.query_one(DataTable)
        if self.page + step < 0 or (step > 0 and table.row_count < PAGE):
            self.app.bell()
            return
        self.page += step
        self.load()

    @work(exclusive=True, group="page")
    async def load(self) -> None:
        text = self.query_one("#search", Input).value
        lines = await self.linli.view(partial(member_page, text=text, page=self.page))
        if lines is None:
            return
        table = self.query_one(DataTable)
        table.clear()
        locale = self.linli.lang
        for line in lines:
            table.add_row(str(line.id), line.name, line.phone, line.node, t(state_label("member", line.status).key, locale), key=str(line.id))
        self.query_one("#page", Static).update(self.say("page", page=self.page + 1, rows=len(lines)))

    @on(DataTable.RowHighlighted, "#member-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_detail(int(event.row_key.value))

    @work(exclusive=True, group="detail")
    async def show_detail(self, member_id: int) -> None:
        detail = await self.linli.view(partial(member_detail, member_id=member_id))
        if detail is not None:
            self.query_one(MemberDetailPanel).detail = detail
