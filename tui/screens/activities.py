"""Activities: the activities in scope page by page, planning one from a project, its roster, check-in and check-out.

A checked-out record waits in the review screen; every change goes through the services of
:mod:`linli.core.services` (``create_activity``, ``open_activity``, ``sign_up``, ``check_in``, ``check_out``).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from linli.core.i18n import state_label, t
from linli.core.services import Context, check_in, check_out, create_activity, lookup_member, open_activity, sign_up
from linli.tui.activity_queries import PAGE, ActivityLine, RosterLine, activity_page, project_choices, roster
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.activity_form import ActivityDraft, ActivityForm
from linli.tui.widgets.reason import ReasonModal


def _shown(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


def plan(ctx: Context, draft: ActivityDraft) -> str:
    """Create the drafted activity from its project; its label for the notification."""
    activity = create_activity(
        ctx, project_id=draft.project_id, title=draft.title, host_node=draft.host_node, starts_at=draft.starts_at, ends_at=draft.ends_at
    )
    return activity.label()


def publish(ctx: Context, activity_id: int) -> str:
    return open_activity(ctx, activity_id).label()


def enrol(ctx: Context, activity_id: int, reference: str) -> str:
    """Sign up the member an administrator typed (number or phone); their label for the notification."""
    member = lookup_member(ctx.session, reference)
    return sign_up(ctx, activity_id=activity_id, member_id=member.id, source="operator").member.label()


def arrive(ctx: Context, record_id: int) -> str:
    return check_in(ctx, record_id).member.label()


def leave(ctx: Context, record_id: int) -> tuple[str, int]:
    record = check_out(ctx, record_id)
    return record.member.label(), record.minutes or 0


class ActivitiesScreen(LinliScreen):
    KEYS = (
        ("n", "new", "new_activity"),
        ("p", "open_signup", "open_signup"),
        ("s", "sign_up", "sign_up"),
        ("i", "check_in", "check_in"),
        ("o", "check_out", "check_out"),
        ("ctrl+n", "page(1)", "next_page"),
        ("ctrl+b", "page(-1)", "previous_page"),
        ("ctrl+r", "reload", "refresh"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.page = 0
        self.activity: ActivityLine | None = None
        self.lines: dict[int, ActivityLine] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="activities"):
            yield DataTable(id="activity-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="activity-page")
            yield Static(self.say("roster_none"), id="roster-title")
            yield DataTable(id="roster-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        activities = self.query_one("#activity-table", DataTable)
        for key in ("id", "title", "host", "starts_at", "status", "roster"):
            activities.add_column(self.say(f"column_{key}"), key=key)
        people = self.query_one("#roster-table", DataTable)
        for key in ("id", "member", "record_state", "check_in", "check_out", "minutes"):
            people.add_column(self.say(f"column_{key}"), key=key)
        activities.focus()
        self.action_reload()

    def state(self, kind: str, value: str) -> str:
        return t(state_label(kind, value).key, self.linli.lang)

    def action_page(self, step: int) -> None:
        table = self.query_one("#activity-table", DataTable)
        if self.page + step < 0 or (step > 0 and table.row_count < PAGE):
            self.app.bell()
            return
        self.page += step
        self.action_reload()

    @work(exclusive=True, group="load")
    async def action_reload(self) -> None:
        lines = await self.linli.view(partial(activity_page, page=self.page))
        if lines is None:
            return
        table = self.query_one("#activity-table", DataTable)
        chosen = self.activity.id if self.activity else None
        table.clear()
        self.lines = {line.id: line for line in lines}
        for line in lines:
            cells = (str(line.id), line.title, line.host, _shown(line.starts_at), self.state("activity", line.status), str(line.roster))
            table.add_row(*cells, key=str(line.id))
        self.query_one("#activity-page", Static).update(self.say("activities_page", page=self.page + 1, rows=len(lines)))
        if chosen in self.lines:
            table.move_cursor(row=table.get_row_index(str(chosen)))
        self.show_roster(self._highlighted())

    def _highlighted(self) -> ActivityLine | None:
        table = self.query_one("#activity-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.lines.get(int(str(key)))

    @on(DataTable.RowHighlighted, "#activity-table")
    def highlighted(self) -> None:
        self.show_roster(self._highlighted())

    @on(DataTable.RowSelected, "#activity-table")
    def to_roster(self) -> None:
        self.query_one("#roster-table", DataTable).focus()

    @work(exclusive=True, group="roster")
    async def show_roster(self, line: ActivityLine | None) -> None:
        self.activity = line
        table = self.query_one("#roster-table", DataTable)
        if line is None:
            table.clear()
            self.query_one("#roster-title", Static).update(self.say("roster_none"))
            return
        people = await self.linli.view(partial(roster, activity_id=line.id))
        if people is None or self.activity is not line:
            return
        self.fill_roster(line, people)

    def fill_roster(self, line: ActivityLine, people: list[RosterLine]) -> None:
        table = self.query_one("#roster-table", DataTable)
        row = table.cursor_row
        table.clear()
        for p in people:
            cells = (str(p.id), p.member, self.state("record", p.state), _shown(p.check_in_at), _shown(p.check_out_at), str(p.minutes or "-"))
            table.add_row(*cells, key=str(p.id))
        if people:
            table.move_cursor(row=min(row, len(people) - 1))
        status = self.state("activity", line.status)
        self.query_one("#roster-title", Static).update(self.say("roster_title", activity=line.title, status=status, count=len(people)))

    def _record(self) -> int | None:
        """The roster row under the cursor, or None after saying one must be chosen."""
        table = self.query_one("#roster-table", DataTable)
        if self.activity is None or not table.row_count:
            self.notify(self.say("choose_record"), severity="warning")
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @work(exclusive=True, group="decide")
    async def action_new(self) -> None:
        projects = await self.linli.view(project_choices)
        if projects is None:
            return
        if not projects:
            self.notify(self.say("no_projects"), severity="warning")
            return
        draft = await self.app.push_screen_wait(ActivityForm(projects, self.linli.lang))
        if draft is None:
            return
        created = await self.linli.act(partial(plan, draft=draft))
        if created is not None:
            self.notify(self.say("activity_created", activity=created))
            self.page, self.activity = 0, None
            self.action_reload()

    @work(exclusive=True, group="decide")
    async def action_open_signup(self) -> None:
        if self.activity is None:
            self.notify(self.say("choose_activity"), severity="warning")
            return
        opened = await self.linli.act(partial(publish, activity_id=self.activity.id))
        if opened is not None:
            self.notify(self.say("activity_opened", activity=opened))
        self.action_reload()

    @work(exclusive=True, group="decide")
    async def action_sign_up(self) -> None:
        line = self.activity
        if line is None:
            self.notify(self.say("choose_activity"), severity="warning")
            return
        question = self.say("sign_up_member", activity=line.title)
        asking = ReasonModal(question, placeholder=self.say("member_reference"), required=self.say("member_required"))
        reference = await self.app.push_screen_wait(asking)
        if reference:
            member = await self.linli.act(partial(enrol, activity_id=line.id, reference=reference))
            if member is not None:
                self.notify(self.say("signed_up", member=member))
            self.action_reload()

    @work(exclusive=True, group="decide")
    async def action_check_in(self) -> None:
        record_id = self._record()
        if record_id is not None:
            member = await self.linli.act(partial(arrive, record_id=record_id))
            if member is not None:
                self.notify(self.say("checked_in", member=member))
            self.action_reload()

    @work(exclusive=True, group="decide")
    async def action_check_out(self) -> None:
        record_id = self._record()
        if record_id is not None:
            done = await self.linli.act(partial(leave, record_id=record_id))
            if done is not None:
                self.notify(self.say("checked_out", member=done[0], minutes=done[1]))
            self.action_reload()
