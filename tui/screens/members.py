"""Members: search as you type by name, phone or ID tail; one page from the database at a time; a detail panel;
register (n), edit (e) and give a role (r) in modal forms that call the services."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static

from linli.core.i18n import state_label, t
from linli.core.services import Context, assign_role, register_member, update_member
from linli.tui.queries import PAGE, MemberFields, member_detail, member_fields, member_page
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.member_detail import MemberDetailPanel
from linli.tui.widgets.member_form import MemberForm
from linli.tui.widgets.role_form import RoleForm


def _register(ctx: Context, f: MemberFields) -> int:
    return register_member(ctx, name=f.name, phone=f.phone, home_node=f.home_node, id_number=f.id_number or None, tags=f.tags, skills=f.skills).id


def _update(ctx: Context, member_id: int, changes: dict[str, Any]) -> int:
    return update_member(ctx, member_id, **changes).id


def _assign(ctx: Context, member_id: int, role: str, node: str) -> int:
    return assign_role(ctx, member_id=member_id, node=node, role=role).id


def changes(start: MemberFields, typed: MemberFields) -> dict[str, Any]:
    """The fields the edit form changed; a blank phone or ID number keeps the stored one (the form only knows it masked)."""
    changed = {key: value for key, value in asdict(typed).items() if value != getattr(start, key)}
    for key in ("phone", "id_number"):
        if not changed.get(key):
            changed.pop(key, None)
    return changed


class MembersScreen(LinliScreen):
    # Letters act only once the table has focus (Enter leaves the search box); in the box they are typed.
    KEYS = (
        ("ctrl+n", "page(1)", "next_page"),
        ("ctrl+b", "page(-1)", "previous_page"),
        ("slash", "focus_search", "search"),
        ("n", "register", "register_member"),
        ("e", "edit", "edit_member"),
        ("r", "assign", "assign_role"),
    )

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
            with VerticalScroll(id="member-page"):  # an active volunteer's page is taller than the screen
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

    @on(Input.Submitted, "#search")
    def to_table(self) -> None:
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search box these letters are typed, so the footer shows them dimmed until the table has focus.
        return None if action in ("register", "edit", "assign") and isinstance(self.focused, Input) else True
    def current(self) -> int | None:
        """The member under the table's cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def tag_names(self) -> dict[str, str]:
        return {key: term.name for key, term in self.linli.runtime.program.member_tags.items()}

    @work(exclusive=True, group="form")
    async def action_register(self) -> None:
        # A new neighbour usually lives where the highlighted member does: start from that node.
        member_id = self.current()
        near = await self.linli.view(partial(member_fields, member_id=member_id)) if member_id is not None else None
        start = MemberFields("", "", "", near.home_node if near else "", (), ())
        self.app.push_screen(MemberForm(self.say("member_form_register"), start=start, tags=self.tag_names(), save=self.register, keep_numbers=False))

    async def register(self, fields: MemberFields) -> int | None:
        member_id = await self.linli.act(partial(_register, f=fields))
        if member_id is not None:
            self.notify(self.say("member_registered", name=fields.name, id=member_id))
            self.load()
        return member_id

    @work(exclusive=True, group="form")
    async def action_edit(self) -> None:
        member_id = self.current()
        if member_id is None:
            self.notify(self.say("choose_member"), severity="warning")
            return
        start = await self.linli.view(partial(member_fields, member_id=member_id))
        if start is not None:
            heading = self.say("member_form_edit", member=start.name)
            save = partial(self.update, member_id, start)
            self.app.push_screen(MemberForm(heading, start=start, tags=self.tag_names(), save=save, keep_numbers=True))

    async def update(self, member_id: int, start: MemberFields, typed: MemberFields) -> int | None:
        done = await self.linli.act(partial(_update, member_id=member_id, changes=changes(start, typed)))
        if done is not None:
            self.notify(self.say("member_updated", name=typed.name))
            self.load()
            self.show_detail(member_id)
        return done

    @work(exclusive=True, group="form")
    async def action_assign(self) -> None:
        member_id = self.current()
        if member_id is None:
            self.notify(self.say("choose_member"), severity="warning")
            return
        start = await self.linli.view(partial(member_fields, member_id=member_id))
        if start is None:
            return
        save = partial(self.assign, member_id, start.name)
        self.app.push_screen(RoleForm(self.say("role_form", member=start.name), roles=self.role_choices(), node=start.home_node, save=save))

    def role_choices(self) -> dict[str, str]:
        """Each role of the program with the levels it may be held at."""
        program = self.linli.runtime.program
        levels = {level.key: level.name for level in program.levels}
        return {
            key: self.say("role_option", name=spec.name, levels="、".join(levels.get(lv, lv) for lv in spec.levels)) if spec.levels else spec.name
            for key, spec in program.roles.items()
        }

    async def assign(self, member_id: int, name: str, role: str, node: str) -> int | None:
        assignment_id = await self.linli.act(partial(_assign, member_id=member_id, role=role, node=node))
        if assignment_id is not None:
            self.notify(self.say("role_assigned", member=name, role=self.linli.runtime.program.roles[role].name))
        return assignment_id
