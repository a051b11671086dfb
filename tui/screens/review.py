"""Review: checked-out records awaiting review in scope; mark many, approve them, or reject them with a reason."""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from linli.core.services import ReviewResult, review
from linli.tui.queries import PendingRecord, pending_records
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.confirm import ConfirmModal
from linli.tui.widgets.reason import ReasonModal

MARK = "✓"


class ReviewScreen(LinliScreen):
    KEYS = (
        ("space", "toggle", "mark"),
        ("ctrl+a", "mark_all", "mark_all"),
        ("a", "approve", "approve"),
        ("x", "reject", "reject"),
        ("ctrl+r", "reload", "refresh"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-summary")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(MARK, key="mark", width=2)
        for key in ("id", "member", "activity", "minutes", "checked_out"):
            table.add_column(self.say(f"column_{key}"), key=key)
        self.action_reload()

    @work(exclusive=True, group="load")
    async def action_reload(self) -> None:
        records = await self.linli.view(pending_records)
        if records is not None:
            self.show(records)

    def show(self, records: list[PendingRecord]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.marked &= {r.id for r in records}
        for r in records:
            shown = r.checked_out.strftime("%Y-%m-%d %H:%M") if r.checked_out else "-"
            mark = MARK if r.id in self.marked else ""
            table.add_row(mark, str(r.id), r.member, r.activity, str(r.minutes or 0), shown, key=str(r.id))
        self.summarize()

    def summarize(self) -> None:
        table = self.query_one(DataTable)
        self.query_one("#review-summary", Static).update(self.say("review_summary", waiting=table.row_count, marked=len(self.marked)))

    @on(DataTable.RowSelected, "#review-table")
    def action_toggle(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        record_id = int(str(key.value))
        self.marked ^= {record_id}
        table.update_cell(key, "mark", MARK if record_id in self.marked else "")
        self.summarize()

    def action_mark_all(self) -> None:
        table = self.query_one(DataTable)
        every = {int(str(key.value)) for key in table.rows}
        self.marked = set() if self.marked == every else every
        for key in table.rows:
            table.update_cell(key, "mark", MARK if int(str(key.value)) in self.marked else "")
        self.summarize()

    def chosen(self) -> list[int]:
        """The marked records, or the one under the cursor when none is marked."""
        if self.marked:
            return sorted(self.marked)
        table = self.query_one(DataTable)
        if not table.row_count:
            return []
        return [int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))]

    @work(exclusive=True, group="decide")
    async def action_approve(self) -> None:
        ids = self.chosen()
        question = ConfirmModal(self.say("confirm_approve", count=len(ids)), yes=self.say("answer_yes"), no=self.say("answer_no"))
        if ids and await self.app.push_screen_wait(question):
            self.done(await self.linli.act(partial(review, approve=ids)))

    @work(exclusive=True, group="decide")
    async def action_reject(self) -> None:
        ids = self.chosen()
        asking = ReasonModal(self.say("reject_reason", count=len(ids)), placeholder=self.say("reason"), required=self.say("reason_required"))
        reason = await self.app.push_screen_wait(asking) if ids else None
        if reason:
            self.done(await self.linli.act(partial(review, reject=dict.fromkeys(ids, reason))))

    def done(self, result: ReviewResult | None) -> None:
        if result is not None:
            self.notify(self.say("reviewed", approved=len(result.approved), rejected=len(result.rejected)))
            self.marked.clear()
        self.action_reload()
