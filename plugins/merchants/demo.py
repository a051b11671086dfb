"""The merchants' share of a demo: their clerks' accounts, then the program file's catalogue synced, so the exchange has items in stock."""

from __future__ import annotations

from linli.core import Context, t
from linli.core.services import create_operator

from linli.plugins.merchants.specs import SECTION, from_section
from linli.plugins.merchants.sync import sync_catalogue


def fill_demo(ctx: Context, password: str | None) -> list[str]:
    """Create every clerk the directory names (syncing refuses a missing one), sync, and say who can sign in."""
    section = ctx.program.section(SECTION)
    if section is None:
        return []
    locale = ctx.program.locale
    merchants, _ = from_section(section)
    clerks: dict[str, str] = {}
    for merchant in merchants:
        for username in merchant.clerks:
            clerks.setdefault(username, merchant.name)
    for username, merchant_name in clerks.items():
        name = t("merchants.demo_clerk_name", locale, merchant=merchant_name)
        create_operator(ctx, username=username, display_name=name, role="clerk", password=password)
    saved = sync_catalogue(ctx)
    lines = [t("merchants.demo_synced", locale, merchants=saved.merchants.created, items=saved.items.created)]
    if clerks:
        key = "merchants.demo_clerks" if password is not None else "merchants.demo_clerks_no_password"
        lines.append(t(key, locale, usernames=", ".join(clerks)))
    return lines
