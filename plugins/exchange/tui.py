"""The exchange screen of ``linli tui``: the catalogue, a member's points and eligibility, redeem, verify and cancel codes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from linli.core import Context, t
from linli.tui.api import PluginScreen

from linli.plugins.exchange.codes import shown
from linli.plugins.exchange.desk import Offer, Standing, catalogue, standing
from linli.plugins.exchange.lifecycle import cancel, show_code, verify
from linli.plugins.exchange.redeem import redeem

COLUMNS = ("code", "name", "merchant", "points", "stock", "terms", "verdict")
NONE = "—"

# A change to one redemption named by its pickup code (typed=...), answering what to tell the operator.
CodeChange = Callable[..., str]


class ExchangeScreen(PluginScreen):
    # A plugin cannot add to the app's stylesheet, so the screen brings its own layout.
    DEFAULT_CSS = """
    #exchange-standing { padding: 0 1; text-style: bold; }
    #exchange-verdict { padding: 0 1; height: auto; }
    #exchange-catalogue { height: 1fr; }
    """
    CATALOGUE = "exchange_tui"
    # A merchant's clerk works the counter here: verifying pickup codes is theirs, redeeming and cancelling an administrator's.
    ROLES = frozenset({"admin", "clerk"})
    BINDINGS = [
        Binding("m", "find_member", "exchange_tui.find_member"),
        Binding("r", "redeem", "exchange_tui.redeem"),
        Binding("v", "verify", "exchange_tui.verify"),
        Binding("c", "cancel", "exchange_tui.cancel"),
        Binding("ctrl+r", "reload", "exchange_tui.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[Offer] = []
        self.member: Standing | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="exchange-member", placeholder=self.say("member_placeholder"))
        yield Static(self.say("no_member"), id="exchange-standing")
        yield DataTable(id="exchange-catalogue", cursor_type="row", zebra_stripes=True)
        yield Static("", id="exchange-verdict")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in COLUMNS:
            table.add_column(self.say(f"column_{key}"), key=key)
        table.focus()
        self.action_reload()

    @work(exclusive=True, group="load")
    async def action_reload(self) -> None:
        offers = await self.view(catalogue)
        if offers is None:
            return
        self.offers = offers
        if self.member is not None:
            self.member = await self.view(partial(standing, reference=str(self.member.member_id)))
        self.show()

    def show(self) -> None:
        table, kept = self.query_one(DataTable), self.chosen()
        table.clear()
        for offer in self.offers:
            stock = self.say("unlimited") if offer.stock is None else str(offer.stock)
            table.add_row(offer.code, offer.name, offer.merchant, str(offer.price), stock, offer.terms or NONE, self.verdict(offer), key=offer.code)
        if kept is not None:
            table.move_cursor(row=table.get_row_index(kept.code))  # the cursor stays on the item just redeemed
        status = self.say("no_member") if self.member is None else self.say("standing", member=self.member.label, balance=self.member.balance)
        self.query_one("#exchange-standing", Static).update(status)

    def verdict(self, offer: Offer) -> str:
        if self.member is None:
            return NONE
        refusal = self.member.verdicts.get(offer.code)
        return self.say("may") if refusal is None else refusal

    @on(DataTable.RowHighlighted, "#exchange-catalogue")
    def highlighted(self) -> None:
        """The whole verdict on the item under the cursor: a refusal is often wider than its column."""
        offer = self.chosen()
        text = "" if offer is None or self.member is None else f"{offer.name}：{self.verdict(offer)}"
        self.query_one("#exchange-verdict", Static).update(text)

    def action_find_member(self) -> None:
        self.query_one("#exchange-member", Input).focus()

    @on(Input.Submitted, "#exchange-member")
    def find_member(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.look_up(event.value.strip())

    @work(exclusive=True, group="member")
    async def look_up(self, reference: str) -> None:
        found = await self.view(partial(standing, reference=reference))
        if found is None:
            return
        self.member = found
        self.show()
        self.query_one(DataTable).focus()

    def chosen(self) -> Offer | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        code = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((offer for offer in self.offers if offer.code == code), None)

    @work(exclusive=True, group="decide")
    async def action_redeem(self) -> None:
        member, offer = self.member, self.chosen()
        if member is None or offer is None:
            self.notify(self.say("pick_member" if member is None else "pick_item"), severity="warning")
            return
        question = self.say("confirm_redeem", member=member.label, item=offer.name, points=offer.price, balance=member.balance)
        if await self.confirm(question):
            receipt = await self.act(partial(_redeem, member_id=member.member_id, item=offer.code))
            if receipt is not None:
                self.notify(receipt, timeout=30)
            self.action_reload()

    @work(exclusive=True, group="decide")
    async def action_verify(self) -> None:
        await self.close_code("code_verify", "confirm_verify", _verify)

    @work(exclusive=True, group="decide")
    async def action_cancel(self) -> None:
        await self.close_code("code_cancel", "confirm_cancel", _cancel)

    async def close_code(self, prompt: str, question: str, change: CodeChange) -> None:
        """Ask for a pickup code, show what it is for, and on yes make *change* to it."""
        code = await self.ask(self.say(prompt), placeholder=self.say("code_placeholder"), required=self.say("code_required"))
        if not code:
            return
        described = await self.view(partial(_describe, typed=code))
        if described is not None and await self.confirm(self.say(question, shown=described)):
            done = await self.act(partial(change, typed=code))
            if done is not None:
                self.notify(done)
            self.action_reload()



def _redeem(ctx: Context, member_id: int, item: str) -> str:
    done = redeem(ctx, member_id, item)
    locale = ctx.program.locale
    expires = done.expires_at.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")
    lines = (
        t("exchange.redeemed", locale, item=done.item_name, quantity=done.quantity, points=done.points, merchant=done.merchant_name),
        t("exchange.your_code", locale, code=shown(done.code), expires=expires),
    )
    return "\n".join(lines)


def _describe(ctx: Context, typed: str) -> str:
    found, locale = show_code(ctx, typed), ctx.program.locale
    state = t(f"exchange.state_{found.state}", locale)
    return t("exchange.shown", locale, code=shown(found.code), item=found.item_name, quantity=found.quantity, merchant=found.merchant_name, points=found.points, state=state)


def _verify(ctx: Context, typed: str) -> str:
    done = verify(ctx, typed)
    return t("exchange.verified", ctx.program.locale, code=shown(done.code), item=done.item_name, quantity=done.quantity)


def _cancel(ctx: Context, typed: str) -> str:
    done = cancel(ctx, typed)
    return t("exchange.cancelled", ctx.program.locale, code=shown(done.code), points=done.points)
