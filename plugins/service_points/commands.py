"""``linli service-points``: open, staff, list and look up the service points of the 15-minute circle."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from linli.core import CliState, t
from linli.core.services import Context, get_node, require_scope

from linli.plugins.service_points.models import ServicePointTeam
from linli.plugins.service_points.points import add_point, kinds, list_points, nearest, staff_point


@click.group(name="service-points")
def points_group() -> None:
    """Service points (家站服务点): barber, medical, craftsman, teacher's home, merchant station …

    \b
    Examples:
      linli service-points add CYL-LF01 --name 朝阳里义务理发点 --kind barber --org CYL-G03 --hours "每周二 8:30-11:30"
      linli service-points staff CYL-LF01 4
      linli service-points list --kind barber
      linli service-points nearest --kind barber --org CYL-G05-E02
    """


@points_group.command()
@click.argument("code")
@click.option("--name", required=True)
@click.option("--kind", required=True, help="A kind key from the service_points section.")
@click.option("--org", "node", metavar="CODE", required=True, help="The org node the point belongs to.")
@click.option("--hours", "opening_hours", help="Opening hours as shown on the door.")
@click.option("--address")
@click.pass_obj
def add(state: CliState, code: str, name: str, kind: str, node: str, opening_hours: str | None, address: str | None) -> None:
    """Open a service point.

    \b
    Example:
      linli service-points add CYL-YH01 --name 医护义务服务点 --kind medical --org CYL-G01 --hours "周六 9:00-11:00"
    """
    runtime = state.runtime()
    point = runtime.act(
        state.operator, lambda ctx: add_point(ctx, code=code, name=name, kind=kind, node=node, opening_hours=opening_hours, address=address)
    )
    click.echo(t("service_points.added", runtime.program.locale, point=point.label()))


@points_group.command()
@click.argument("code")
@click.argument("team_id", metavar="TEAM", type=int)
@click.pass_obj
def staff(state: CliState, code: str, team_id: int) -> None:
    """Let a team (by number) staff a point; its members may accept orders routed there.

    \b
    Example:
      linli service-points staff CYL-LF01 4
    """
    runtime = state.runtime()
    point = runtime.act(state.operator, lambda ctx: staff_point(ctx, code, team_id))
    click.echo(t("service_points.staffed", runtime.program.locale, point=point.label(), team=team_id))


@points_group.command(name="list")
@click.option("--org", metavar="CODE", help="Only points in this node's subtree.")
@click.option("--kind", help="Only points of this kind.")
@click.pass_obj
def list_command(state: CliState, org: str | None, kind: str | None) -> None:
    """List service points with their node, hours and teams.

    \b
    Example:
      linli service-points list --org CYL-G03 --kind craftsman
    """
    runtime = state.runtime()

    def rows(ctx: Context) -> list[list[str]]:
        root = get_node(ctx.session, org) if org else None
        if root is not None:
            require_scope(ctx, root)
        names = kinds(ctx.program)
        found = list_points(ctx, root=root, kind=kind)
        return [
            [p.code, p.name, names.get(p.kind, {}).get("name", p.kind), p.node.label(), p.opening_hours or "—", _teams(p.staffing)] for p in found
        ]

    _print(runtime.program.locale, "list_title", ("code", "name", "kind", "node", "hours", "teams"), runtime.view(state.operator, rows))


@points_group.command(name="nearest")
@click.option("--kind", "wanted", multiple=True, required=True, help="Kinds of point wanted (repeatable).")
@click.option("--org", "node", metavar="CODE", required=True, help="Where the service is needed.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True)
@click.pass_obj
def nearest_command(state: CliState, wanted: tuple[str, ...], node: str, limit: int) -> None:
    """The points of the wanted kinds nearest to a node in the org tree (what routing picks first).

    \b
    Example:
      linli service-points nearest --kind barber --org CYL-G05
    """
    runtime = state.runtime()

    def rows(ctx: Context) -> list[list[str]]:
        found = nearest(ctx, kinds_wanted=wanted, node=get_node(ctx.session, node))[:limit]
        return [[near.point.code, near.point.name, near.point.node.label(), str(near.distance), near.point.opening_hours or "—"] for near in found]

    _print(runtime.program.locale, "nearest_title", ("code", "name", "node", "distance", "hours"), runtime.view(state.operator, rows))


def _teams(staffing: list[ServicePointTeam]) -> str:
    return "、".join(f"#{staff.team_id}" for staff in staffing) or "—"


def _print(locale: str, title: str, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    table = Table(*(t(f"service_points.column_{c}", locale) for c in columns), title=t(f"service_points.{title}", locale))
    for row in rows:
        table.add_row(*row)
    Console().print(table)
