"""``linli teams``: special teams (特色队伍) anchored at a node, members from anywhere, 一站一队 pairing."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from linli.core.cli.app import CliState, cli
from linli.core.exporters.files import print_table
from linli.core.i18n import t
from linli.core.models import OrgNode, Team, TeamMember
from linli.core.models.orgs import subtree_clause
from linli.core.services import Context, create_team, lookup_member, pair_team, require_admin
from linli.core.services.scope import scope_node
from linli.core.services.team_rosters import add_team_members


@cli.group()
def teams() -> None:
    """Special teams (特色队伍): create them, add members from anywhere, pair a station with a team (一站一队).

    \b
    Examples:
      linli teams add 夕阳红志愿服务队 --anchor BK-01
      linli teams join 3 13800000001 13800000002
      linli teams pair 3 BK-01
      linli teams list
    """


@teams.command(name="add")
@click.argument("name")
@click.option("--anchor", required=True, metavar="ORG_CODE", help="The node whose admins manage the team.")
@click.option("--partner-unit", help="The partner unit the team comes from (共建单位), if any.")
@click.pass_obj
def add_team(state: CliState, name: str, anchor: str, partner_unit: str | None) -> None:
    """Create a team anchored at ORG_CODE.

    \b
    Example:
      linli teams add 博译志愿服务队 --anchor BK --partner-unit 中山翻译协会
    """
    runtime = state.runtime()
    team_id = runtime.act(state.operator, lambda ctx: create_team(ctx, name=name, anchor=anchor, partner_unit=partner_unit).id)
    click.echo(t("teams.created", runtime.program.locale, name=name, id=team_id))


@teams.command()
@click.argument("team_id", type=int)
@click.argument("members", nargs=-1, required=True)
@click.pass_obj
def join(state: CliState, team_id: int, members: tuple[str, ...]) -> None:
    """Add MEMBERS (ids or phones) to team TEAM_ID, all or none.

    \b
    Example:
      linli teams join 3 13800000001 42
    """
    runtime = state.runtime()

    def work(ctx: Context) -> int:
        ids = [lookup_member(ctx.session, member).id for member in members]
        return add_team_members(ctx, team_id, ids)

    added = runtime.act(state.operator, work)
    click.echo(t("teams.joined", runtime.program.locale, count=added, id=team_id))


@teams.command()
@click.argument("team_id", type=int)
@click.argument("node", required=False)
@click.pass_obj
def pair(state: CliState, team_id: int, node: str | None) -> None:
    """Pair team TEAM_ID with the station NODE (一站一队); without NODE, unpair it.

    \b
    Example:
      linli teams pair 3 S01
    """
    runtime = state.runtime()
    runtime.act(state.operator, lambda ctx: pair_team(ctx, team_id, node))
    click.echo(t("teams.paired" if node else "teams.unpaired", runtime.program.locale, id=team_id, node=node or ""))


@teams.command(name="list")
@click.pass_obj
def list_teams(state: CliState) -> None:
    """List the teams in your scope with their anchor, pairing and size.

    \b
    Example:
      linli teams list
    """
    runtime = state.runtime()
    locale = runtime.program.locale

    def rows(ctx: Context) -> list[list[object]]:
        require_admin(ctx)
        anchor, paired = OrgNode.__table__.alias("anchor"), OrgNode.__table__.alias("paired")
        size = select(func.count()).where(TeamMember.team_id == Team.id).scalar_subquery()
        query = (
            select(Team.id, Team.name, anchor.c.name, paired.c.name, Team.partner_unit, size)
            .join(anchor, anchor.c.id == Team.anchor_node_id)
            .outerjoin(paired, paired.c.id == Team.paired_node_id)
            .order_by(Team.id)
        )
        root = scope_node(ctx)
        if root is not None:
            query = query.where(Team.anchor_node_id.in_(select(OrgNode.id).where(subtree_clause(root.path))))
        return [list(row) for row in ctx.session.execute(query)]

    headers = [t(f"teams.col_{column}", locale) for column in ("id", "name", "anchor", "paired", "partner", "size")]
    print_table(t("teams.title", locale), headers, runtime.view(state.operator, rows))
