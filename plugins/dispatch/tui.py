"""The dispatch board of ``linli tui``: orders by state, the moves each state allows, and suggested volunteers with reasons."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Static, Tab, Tabs

from linli.core import Context, t
from linli.core.services import lookup_member
from linli.tui.api import PluginScreen

from linli.plugins.dispatch.cli.common import category_name, local
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.orders import accept_order, cancel_order, dispatch_order, publish_order, reassign_order
from linli.plugins.dispatch.people import requester_label
from linli.plugins.dispatch.queries import list_orders
from linli.plugins.dispatch.states import TRANSITIONS, action_name, state_name

# The board's columns: the states an administrator tells apart, in the order an order moves.
GROUPS: Mapping[str, tuple[str, ...]] = {
    "new": ("created", "published"),
    "dispatched": ("dispatched",),
    "accepted": ("accepted",),
    "done": ("completed",),
    "rated": ("rated",),
    "cancelled": ("cancelled",),
}
COLUMNS = ("order", "category", "requester", "queue", "volunteer", "state", "accept_by")
MOVES = ("dispatch", "publish", "accept", "reassign", "complete", "rate", "cancel")
SUGGESTIONS = 5
SCORES = range(1, 6)


@dataclass(frozen=True)
class Line:
    """One order as the board shows it."""

    id: int
    state: str
    volunteer_id: int | None
    cells: tuple[str, ...]


class DispatchBoard(PluginScreen):
    # A plugin cannot add to the app's stylesheet, so the board brings its own layout.
    DEFAULT_CSS = """
    #board { height: 1fr; }
    #board-orders { width: 3fr; height: 1fr; }
    #board-detail { width: 2fr; height: 1fr; padding: 0 1; border-left: solid $primary; }
    """
    CATALOGUE = "dispatch_tui"
    BINDINGS = [
        Binding("s", "next_group", "dispatch_tui.next_group"),
        Binding("d", "dispatch", "dispatch.action_dispatch"),
        Binding("p", "publish", "dispatch.action_publish"),
        Binding("a", "accept", "dispatch.action_accept"),
        Binding("g", "reassign", "dispatch.action_reassign"),
        Binding("o", "complete", "dispatch.action_complete"),
        Binding("t", "rate", "dispatch.action_rate"),
        Binding("x", "cancel", "dispatch.action_cancel"),
        Binding("ctrl+r", "reload", "dispatch_tui.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, Line] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(self.say(f"group_{group}"), id=f"group-{group}") for group in GROUPS), id="board-groups")
        with Horizontal(id="board"):
            yield DataTable(id="board-orders", cursor_type="row", zebra_stripes=True)
            yield Static("", id="board-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(t(f"dispatch.column_{key}", self.locale), key=key)
        table.focus()

    @property
    def group(self) -> str:
        active = self.query_one(Tabs).active or "group-new"
        return active.removeprefix("group-")

    def action_next_group(self) -> None:
        self.query_one(Tabs).action_next_tab()

    @on(Tabs.TabActivated, "#board-groups")
    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        lines = await self.view(partial(_board, states=GROUPS[self.group]))
        if lines is None:
            return
        table = self.query_one(DataTable)
        table.clear()
        self.lines = {line.id: line for line in lines}
        for line in lines:
            table.add_row(*line.cells, key=str(line.id))
        if not lines:
            self.query_one("#board-detail", Static).update(self.say("no_order"))
        self.refresh_bindings()

    def current(self) -> Line | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.lines.get(int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moves the highlighted order's state allows are live; the others are shown dimmed."""
        if action not in MOVES:
            return True
        line = self.current()
        return True if line is not None and action in TRANSITIONS[line.state] else None

    @on(DataTable.RowHighlighted, "#board-orders")
    def highlighted(self) -> None:
        self.refresh_bindings()
        line = self.current()
        if line is not None:
            self.describe(line)

    @work(exclusive=True, group="detail")
    async def describe(self, line: Line) -> None:
        allowed = TRANSITIONS[line.state]
        state = state_name(line.state, self.locale)
        if not allowed:
            self.query_one("#board-detail", Static).update(self.say("closed", order=line.id, state=state))
            return
        actions = "、".join(action_name(action, self.locale) for action in allowed)
        text = [self.say("allowed", order=line.id, state=state, actions=actions)]
        if {"dispatch", "reassign"} & allowed.keys():
            text.append("")
            text.extend(self.suggestions(await self.view(partial(_suggest, order_id=line.id))))
        self.query_one("#board-detail", Static).update("\n".join(text))

    def suggestions(self, found: Sequence[Mapping[str, Any]] | None) -> list[str]:
        if found is None:
            return [self.say("no_matching")]
        if not found:
            return [self.say("no_suggestions")]
        text = [self.say("suggestions")]
        for rank, one in enumerate(found, 1):
            text.append(self.say("suggestion", rank=rank, name=one["name"], member=one["member_id"], score=f"{one['score']:.1f}"))
            text.extend(f"   {reason}" for reason in one["reasons"])
        return text

    async def move(self, work: Callable[[Context], str]) -> None:
        """Make one move as the operator, say where the order stands, and reload the board."""
        said = await self.act(work)
        if said is not None:
            self.notify(said)
        self.load()

    async def volunteer(self, line: Line, action: str) -> str | None:
        return await self.ask(
            self.say("ask_volunteer", order=line.id, action=action_name(action, self.locale)),
            placeholder=self.say("volunteer_placeholder"),
            required=self.say("volunteer_required"),
        )

    @work(exclusive=True, group="decide")
    async def action_dispatch(self) -> None:
        line = self.current()
        if line is not None and (who := await self.volunteer(line, "dispatch")):
            await self.move(partial(_to_volunteer, move=dispatch_order, order_id=line.id, who=who))

    @work(exclusive=True, group="decide")
    async def action_reassign(self) -> None:
        line = self.current()
        if line is not None and (who := await self.volunteer(line, "reassign")):
            await self.move(partial(_to_volunteer, move=reassign_order, order_id=line.id, who=who))

    @work(exclusive=True, group="decide")
    async def action_publish(self) -> None:
        line = self.current()
        if line is not None and await self.confirm(self.say("confirm_publish", order=line.id)):
            await self.move(partial(_moved, move=publish_order, order_id=line.id))

    @work(exclusive=True, group="decide")
    async def action_accept(self) -> None:
        """A dispatched order is accepted by its volunteer; a published one by whoever the operator names."""
        line = self.current()
        if line is None:
            return
        if line.volunteer_id is not None and line.state == "dispatched":
            if await self.confirm(self.say("confirm_accept", volunteer=line.cells[4], order=line.id)):
                await self.move(partial(_to_volunteer, move=accept_order, order_id=line.id, who=str(line.volunteer_id)))
        elif who := await self.volunteer(line, "accept"):
            await self.move(partial(_to_volunteer, move=accept_order, order_id=line.id, who=who))

    @work(exclusive=True, group="decide")
    async def action_complete(self) -> None:
        line = self.current()
        if line is None:
            return
        minutes = await self.number(line, "minutes", range(1, 24 * 60 + 1))
        if minutes is not None:
            await self.move(partial(_moved, move=partial(complete_order, minutes=minutes), order_id=line.id))

    @work(exclusive=True, group="decide")
    async def action_rate(self) -> None:
        line = self.current()
        if line is None:
            return
        score = await self.number(line, "score", SCORES)
        if score is not None:
            await self.move(partial(_rated, order_id=line.id, score=score))

    @work(exclusive=True, group="decide")
    async def action_cancel(self) -> None:
        line = self.current()
        if line is None:
            return
        asked = self.say("ask_reason", order=line.id)
        reason = await self.ask(asked, placeholder=self.say("reason_placeholder"), required=self.say("reason_required"))
        if reason:
            await self.move(partial(_moved, move=partial(cancel_order, reason=reason), order_id=line.id))

    async def number(self, line: Line, what: str, allowed: range) -> int | None:
        """A whole number in *allowed*, asked for; anything else is named in a warning and gives None."""
        asked = self.say(f"ask_{what}", order=line.id)
        text = await self.ask(asked, placeholder=self.say(f"{what}_placeholder"), required=self.say(f"{what}_required"))
        if text is None:
            return None
        if text.isdigit() and int(text) in allowed:
            return int(text)
        self.notify(self.say(f"bad_{what}", text=text), severity="warning")
        return None


def _board(ctx: Context, states: Sequence[str]) -> list[Line]:
    locale = ctx.program.locale
    return [_line(ctx, order, locale) for order in list_orders(ctx, states=states)]


def _line(ctx: Context, order: Order, locale: str) -> Line:
    volunteer = order.member.label() if order.member else "—"
    cells = (
        f"#{order.id}",
        category_name(ctx.program, order.category),
        requester_label(order.need.requester),
        order.queue_node.name,
        volunteer,
        state_name(order.state, locale),
        local(ctx, order.accept_by),
    )
    return Line(order.id, order.state, order.member_id, cells)


def _suggest(ctx: Context, order_id: int) -> Sequence[Mapping[str, Any]] | None:
    found: Sequence[Mapping[str, Any]] | None = ctx.hooks.linli_order_suggestions(ctx=ctx, order_id=order_id, limit=SUGGESTIONS)
    return found


def _moved(ctx: Context, move: Callable[[Context, int], Order], order_id: int) -> str:
    order = move(ctx, order_id)
    return t("dispatch.moved", ctx.program.locale, order=order.id, state=state_name(order.state, ctx.program.locale))


def _to_volunteer(ctx: Context, move: Callable[[Context, int, int], Order], order_id: int, who: str) -> str:
    volunteer = lookup_member(ctx.session, who)
    return _moved(ctx, lambda c, o: move(c, o, volunteer.id), order_id)


def _rated(ctx: Context, order_id: int, score: int) -> str:
    rated = rate_order(ctx, order_id, score=score)
    key = "dispatch.rated_after_approval" if rated.after_approval else "dispatch.rated"
    return t(key, ctx.program.locale, order=order_id, score=score)
