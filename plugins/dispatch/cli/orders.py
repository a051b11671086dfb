"""``linli orders``: make, move and look at service orders (点单—派单—接单—评单)."""

from __future__ import annotations

import datetime as dt

import click

from linli.core import CliState, t
from linli.core.services import Context

from linli.plugins.dispatch.cli.common import DATETIME, MEMBER, ORDER, category_name, local, member_id, move, print_table, zoned
from linli.plugins.dispatch.models import Order
from linli.plugins.dispatch.completion import complete_order, rate_order
from linli.plugins.dispatch.orders import accept_order, cancel_order, dispatch_order, make_order, publish_order, reassign_order
from linli.plugins.dispatch.people import requester_label
from linli.plugins.dispatch.queries import list_orders, timeline
from linli.plugins.dispatch.states import STATES, action_name, state_name
from linli.plugins.dispatch.steps import get_order


@click.group()
def orders() -> None:
    """Service orders: make them from needs, dispatch or publish them, accept, complete, rate.

    \b
    Examples:
      linli orders make 12                 a station turns need #12 into an order (制单)
      linli orders dispatch 7 13800000001  the centre sends order #7 to a volunteer (派单)
      linli orders accept 7 13800000001    the volunteer accepts (接单)
      linli orders complete 7 --minutes 90
      linli orders rate 7 5 --comment 很及时   the resident rates (评单)
    """


@orders.command()
@click.argument("need_id", metavar="NEED", type=int)
@click.option("--by", "made_by", metavar="ORG_CODE", help="The node making the order (default: the need's station per the channel's order_level).")
@click.option("--publish/--no-publish", default=None, help="Publish for volunteers to accept (default: as the channel's mode says).")
@click.pass_obj
def make(state: CliState, need_id: int, made_by: str | None, publish: bool | None) -> None:
    """Turn a need into an order (制单), queued at the making node or the nearest service point.

    \b
    Example:
      linli orders make 12 --by CYL-G03 --publish
    """
    move(state, lambda ctx: make_order(ctx, need_id, made_by=made_by, publish=publish))


@orders.command()
@ORDER
@click.pass_obj
def publish(state: CliState, order_id: int) -> None:
    """Publish an order for the volunteers of its queue to accept (接单), with the urgency's deadline.

    \b
    Example:
      linli orders publish 7
    """
    move(state, lambda ctx: publish_order(ctx, order_id))


@orders.command()
@ORDER
@MEMBER
@click.pass_obj
def dispatch(state: CliState, order_id: int, member: str) -> None:
    """Dispatch an order to a chosen volunteer (派单), named by member number or phone.

    \b
    Example:
      linli orders dispatch 7 13800000001
    """
    move(state, lambda ctx: dispatch_order(ctx, order_id, member_id(ctx, member)))


@orders.command()
@ORDER
@MEMBER
@click.pass_obj
def accept(state: CliState, order_id: int, member: str) -> None:
    """Record that a volunteer accepts an order (接单): the one dispatched to, or an eligible one.

    \b
    Example:
      linli orders accept 7 13800000001
    """
    move(state, lambda ctx: accept_order(ctx, order_id, member_id(ctx, member)))


@orders.command()
@ORDER
@MEMBER
@click.option("--reason", help="Why the order changes hands.")
@click.pass_obj
def reassign(state: CliState, order_id: int, member: str, reason: str | None) -> None:
    """Give a dispatched or accepted order to another volunteer, who must accept it.

    \b
    Example:
      linli orders reassign 7 13900000002 --reason 原志愿者生病
    """
    move(state, lambda ctx: reassign_order(ctx, order_id, member_id(ctx, member), reason=reason))


@orders.command()
@ORDER
@click.option("--reason", required=True, help="Why the order is called off (kept on the order).")
@click.pass_obj
def cancel(state: CliState, order_id: int, reason: str) -> None:
    """Cancel an order before completion; its need becomes open again.

    \b
    Example:
      linli orders cancel 7 --reason 居民已自行解决
    """
    move(state, lambda ctx: cancel_order(ctx, order_id, reason=reason))


@orders.command()
@ORDER
@click.option("--minutes", type=click.IntRange(min=1), required=True, help="Minutes actually served (no travel time).")
@click.option("--started", type=DATETIME, help="When the service began (China time; default: MINUTES before now).")
@click.pass_obj
def complete(state: CliState, order_id: int, minutes: int, started: dt.datetime | None) -> None:
    """Complete an accepted order: its service record waits for review like any other.

    \b
    Example:
      linli orders complete 7 --minutes 90 --started "2026-03-01 09:00"
    """

    def work(ctx: Context) -> Order:
        begun = zoned(ctx, started)
        finished = begun + dt.timedelta(minutes=minutes) if begun else None
        return complete_order(ctx, order_id, minutes=minutes, started_at=begun, finished_at=finished)

    move(state, work)


@orders.command()
@ORDER
@click.argument("score", type=click.IntRange(1, 5))
@click.option("--comment", help="The served person's words.")
@click.pass_obj
def rate(state: CliState, order_id: int, score: int, comment: str | None) -> None:
    """Record the served person's rating (评单), 1–5; rated before review, it counts in the points.

    \b
    Example:
      linli orders rate 7 5 --comment 服务很周到
    """
    runtime = state.runtime()
    rated = runtime.act(state.operator, lambda ctx: rate_order(ctx, order_id, score=score, comment=comment))
    key = "dispatch.rated_after_approval" if rated.after_approval else "dispatch.rated"
    click.echo(t(key, runtime.program.locale, order=order_id, score=score))


@orders.command(name="list")
@click.option("--org", metavar="CODE", help="Orders needed in this node's subtree (default: your scope).")
@click.option("--state", "states", type=click.Choice(STATES), multiple=True, help="Only orders in these states (repeatable).")
@click.option("--member", metavar="MEMBER", help="Only orders held by this volunteer (number or phone).")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@click.pass_obj
def list_command(state: CliState, org: str | None, states: tuple[str, ...], member: str | None, limit: int) -> None:
    """List orders, newest first: category, household, queue, volunteer, state, deadline.

    \b
    Examples:
      linli orders list --state published --state dispatched
      linli orders list --org CYL-G03 --member 13800000001
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def rows(ctx: Context) -> list[list[object]]:
        held_by = member_id(ctx, member) if member else None
        found = list_orders(ctx, org=org, states=states, member_id=held_by, limit=limit)
        return [[o.id, category_name(ctx.program, o.category), requester_label(o.need.requester), *_holding(ctx, o, locale)] for o in found]

    headers = [t(f"dispatch.column_{c}", locale) for c in ("order", "category", "requester", "queue", "volunteer", "state", "accept_by")]
    print_table(t("dispatch.orders_title", locale), headers, runtime.view(state.operator, rows))


def _holding(ctx: Context, order: Order, locale: str) -> list[object]:
    """Where the order is: its queue, its volunteer, its state and deadline."""
    return [order.queue_node.code, volunteer(order), state_name(order.state, locale), local(ctx, order.accept_by)]


def volunteer(order: Order) -> str | None:
    return order.member.label() if order.member else None


@orders.command()
@ORDER
@click.pass_obj
def show(state: CliState, order_id: int) -> None:
    """Show one order: the need, who asked, where it is queued, and its timeline.

    \b
    Example:
      linli orders show 7
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def lines(ctx: Context) -> list[str]:
        order = get_order(ctx.session, order_id)
        need = order.need
        head = t(
            "dispatch.show",
            locale,
            order=order.id,
            state=state_name(order.state, locale),
            category=category_name(ctx.program, order.category),
            requester=requester_label(need.requester),
            address=need.requester.address or "—",
            description=need.description or "—",
            queue=order.queue_node.label(),
            route=order.routed_to or "—",
            volunteer=volunteer(order) or "—",
        )
        events = [
            f"  {local(ctx, e.at)}  {action_name(e.action, locale)} → {state_name(e.to_state, locale)}  {e.note or ''}".rstrip()
            for e in timeline(ctx.session, order.id)
        ]
        return [head, *events]

    click.echo("\n".join(runtime.view(state.operator, lines)))
