"""``linli needs``: take a resident's need (点单 or 开门询单) and list the needs still waiting."""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core import CliState, t
from linli.core.models import OrgNode, subtree_clause
from linli.core.services import Context

from linli.plugins.dispatch.cli.common import category_name, local, print_table
from linli.plugins.dispatch.models import Need
from linli.plugins.dispatch.needs import NeedRow, open_needs_clause, raise_need
from linli.plugins.dispatch.people import requester_label
from linli.plugins.dispatch.queries import scope_root


@click.group()
def needs() -> None:
    """Residents' needs: asked for by the resident (点单) or taken at the door by a station (开门询单).

    \b
    Examples:
      linli needs add --name 王秀英 --phone 13800000001 --org CYL-G01 --category elder_care --channel door
      linli needs list --org CYL-G01
    """


@needs.command()
@click.option("--name", required=True, help="The person to serve.")
@click.option("--org", "node", metavar="CODE", required=True, help="The household's org node (e.g. its building entrance).")
@click.option("--category", required=True, help="An activity category key, e.g. elder_care.")
@click.option("--channel", type=click.Choice(["self", "door"]), default="self", show_default=True, help="self: 点单; door: 开门询单.")
@click.option("--phone", help="Mobile number; a registered volunteer with it is linked as the person served.")
@click.option("--address", help="Household address.")
@click.option("--description", help="What is needed, in the resident's words.")
@click.option("--urgency", help="An urgency key from the dispatch section (default: its default_urgency).")
@click.option("--preferred", "preferred_time", help="When the resident would like it, e.g. 周六上午.")
@click.pass_obj
def add(
    state: CliState,
    name: str,
    node: str,
    category: str,
    channel: str,
    phone: str | None,
    address: str | None,
    description: str | None,
    urgency: str | None,
    preferred_time: str | None,
) -> None:
    """Take one need; the requester is found again by phone and name, or recorded.

    \b
    Example:
      linli needs add --name 王秀英 --phone 13800000001 --org CYL-G01 --category plumbing --description 水龙头漏水
    """
    runtime = state.runtime()
    row = NeedRow(name, node, category, phone, address, description, urgency, preferred_time)
    need = runtime.act(state.operator, lambda ctx: raise_need(ctx, row, channel=channel))
    named = category_name(runtime.program, need.category)
    click.echo(t("dispatch.need_added", runtime.program.locale, need=need.id, category=named))


@needs.command(name="list")
@click.option("--org", metavar="CODE", help="Needs in this node's subtree (default: your scope).")
@click.option("--all", "everything", is_flag=True, help="Include needs that already have an order.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@click.pass_obj
def list_command(state: CliState, org: str | None, everything: bool, limit: int) -> None:
    """List needs, newest first; by default only those waiting for an order.

    \b
    Example:
      linli needs list --org CYL-G01
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def rows(ctx: Context) -> list[list[object]]:
        query = select(Need).join(OrgNode, OrgNode.id == Need.node_id).options(selectinload(Need.requester), selectinload(Need.node))
        root = scope_root(ctx, org)
        if root is not None:
            query = query.where(subtree_clause(root.path))
        if not everything:
            query = query.where(open_needs_clause())
        found = ctx.session.scalars(query.order_by(Need.id.desc()).limit(limit))
        return [
            [
                n.id,
                category_name(ctx.program, n.category),
                requester_label(n.requester),
                n.node.code,
                n.urgency,
                n.channel,
                local(ctx, n.raised_at),
                n.description,
            ]
            for n in found
        ]

    columns = ("need", "category", "requester", "node", "urgency", "channel", "raised_at", "description")
    print_table(t("dispatch.needs_title", locale), [t(f"dispatch.column_{c}", locale) for c in columns], runtime.view(state.operator, rows))
