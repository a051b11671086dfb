"""What the dispatch commands share: naming volunteers, reading times in China time, printing tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from linli.core import CliState, NotFound, Program, t
from linli.core.models import Member
from linli.core.services import Context

from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.states import state_name

MEMBER = click.argument("member", metavar="MEMBER")
ORDER = click.argument("order_id", metavar="ORDER", type=int)
DATETIME = click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"])


def member_id(ctx: Context, text: str) -> int:
    """A volunteer named by member number or by mobile phone."""
    found: int | None = None
    if len(text) == 11 and text.isdigit():
        found = ctx.session.scalar(select(Member.id).where(Member.phone == text))
    elif text.isdigit() and ctx.session.get(Member, int(text)) is not None:
        found = int(text)
    if found is None:
        raise NotFound("dispatch.member_unknown", member=text)
    return found


def category_name(program: Program, key: str) -> str:
    """How lists name a category: its display name from the program (the key when it is no longer configured)."""
    term = program.activity_categories.get(key)
    return term.name if term else key


def zoned(ctx: Context, value: dt.datetime | None) -> dt.datetime | None:
    """A time typed on the command line is wall-clock time where the program runs (China time)."""
    return value.replace(tzinfo=ctx.zone) if value is not None and value.tzinfo is None else value


def local(ctx: Context, value: dt.datetime | None) -> str:
    return value.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M") if value else "—"


def move(state: CliState, work: Callable[[Context], Order]) -> None:
    """Run one transition as the operator and say where the order stands now."""
    runtime = state.runtime()
    order = runtime.act(state.operator, work)
    locale = runtime.program.locale
    click.echo(t("dispatch.moved", locale, order=order.id, state=state_name(order.state, locale)))


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = Table(*headers, title=title)
    for row in rows:
        table.add_row(*("—" if cell is None else str(cell) for cell in row))
    Console().print(table)
