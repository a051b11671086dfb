"""What the exchange counter shows before a redemption: the catalogue, and where one member stands with each item."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from linli.core import Context, Refused, ledger, t
from linli.core.services import lookup_member, require_admin, require_scope

from linli.plugins.exchange.eligibility import check_eligible
from linli.plugins.exchange.items import ItemFacts, read_item
from linli.plugins.exchange.redeem import UNIT
from linli.plugins.exchange.settings import Settings


@dataclass(frozen=True)
class Offer:
    code: str
    name: str
    merchant: str
    price: int
    stock: int | None  # None: unlimited
    terms: str  # who may redeem and how often, in the program's locale; empty for anyone


@dataclass(frozen=True)
class Standing:
    """A member at the counter: their points, and per item code None (may redeem) or why not."""

    member_id: int
    label: str
    balance: int
    verdicts: dict[str, str | None]


def catalogue(ctx: Context) -> list[Offer]:
    """The items on offer today, in code order, as the catalogue plugin lists them."""
    _admin_or_clerk(ctx)
    locale = ctx.program.locale
    return [Offer(f.code, f.name, f.merchant.name, f.price, f.stock, _terms(ctx, f, locale)) for f in _items(ctx)]


def standing(ctx: Context, reference: str) -> Standing:
    """The member named by id or phone, their points and what each item would say to them (an admin over their home)."""
    who = lookup_member(ctx.session, reference)
    require_scope(ctx, who.home_node)
    settings, locale = Settings.of(ctx.program), ctx.program.locale
    found = ctx.session.scalar(select(ledger.Account).where(ledger.Account.kind == "member", ledger.Account.owner == str(who.id), ledger.Account.unit == UNIT))
    balance = 0 if found is None else ledger.balance(ctx.session, found)
    verdicts: dict[str, str | None] = {}
    for item in _items(ctx):
        try:
            check_eligible(ctx, settings, who, item)
        except Refused as refusal:
            verdicts[item.code] = refusal.render(locale)
            continue
        verdicts[item.code] = None if item.price <= balance else t("exchange_tui.short", locale, price=item.price, balance=balance)
    return Standing(who.id, who.label(), balance, verdicts)


def _admin_or_clerk(ctx: Context) -> None:
    """Admins of any scope and active clerks read the catalogue: it holds no one's personal data."""
    if ctx.operator.role != "clerk" or not ctx.operator.active:
        require_admin(ctx)


def _items(ctx: Context) -> list[ItemFacts]:
    return [read_item(str(found.get("code")), found) for found in ctx.hooks.linli_catalogue(ctx=ctx) or ()]


def _terms(ctx: Context, item: ItemFacts, locale: str) -> str:
    parts = []
    if item.min_stars:
        parts.append(t("exchange_tui.needs_stars", locale, stars=item.min_stars))
    if item.min_hours:
        parts.append(t("exchange_tui.needs_hours", locale, hours=f"{item.min_hours:g}"))
    if item.tags:
        names = [ctx.program.member_tags[tag].name if tag in ctx.program.member_tags else tag for tag in sorted(item.tags)]
        parts.append(t("exchange_tui.needs_tags", locale, tags="、".join(names)))
    if item.within:
        parts.append(t("exchange_tui.needs_within", locale, codes="、".join(item.within)))
    if item.limit:
        parts.append(t(f"exchange_tui.limit_{item.limit[1]}", locale, count=item.limit[0]))
    return "；".join(parts)
