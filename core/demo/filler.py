"""Filling an empty database with a demo program, stage by stage, through the service layer.

Every stage draws from its own random stream named after the seed and the
stage, so the same seed gives the same data, and changing how one stage
draws leaves the others as they were.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from linli.core.config.program import Program
from linli.core.demo.calendar import hold_year
from linli.core.demo.organize import fill_roles, form_teams
from linli.core.demo.people import member_rows
from linli.core.demo.programme import plan_series
from linli.core.demo.roster import Roster
from linli.core.demo.tree import DemoTree, plan_tree
from linli.core.errors import Refused
from linli.core.models import Activity, Member, ServiceRecord
from linli.core.services import register_members, sync_nodes
from linli.core.services.context import Context


@dataclass(frozen=True)
class DemoSummary:
    nodes: int
    members: int
    teams: int
    roles: int
    projects: int
    activities: int
    records: int
    minutes: int
    rated: int
    # What each plugin added, as it describes it (merchants synced, clerks to sign in as, orders on the board).
    plugins: tuple[str, ...] = ()


def plan(program: Program, members: int, seed: int) -> DemoTree:
    """The demo's organization tree; planned before the program file is written, since it sets the residents there."""
    return plan_tree(program, members, _stream(seed, "tree"))


def fill(ctx: Context, tree: DemoTree, seed: int, *, password: str | None = None) -> DemoSummary:
    """Put the demo into *ctx*'s database, in the caller's transaction; refused when it already holds volunteers.

    Enabled plugins add their share last (``linli_demo_fill``); accounts they
    create get *password*, the admin's.
    """
    if ctx.session.scalar(select(Member.id).limit(1)) is not None:
        raise Refused("demo.not_empty_members")
    # The grown tree is the program's inline tree plus the demo's nodes: one sync writes it in a batch per level.
    sync_nodes(replace(ctx, program=replace(ctx.program, nodes=tree.roots)))
    rows = list(member_rows(ctx.program, tree.quotas, ctx.today(), _stream(seed, "members")))
    roster = Roster.of(register_members(ctx, rows), rows, _stream(seed, "keenness"))
    teams = form_teams(ctx, tree, roster, _stream(seed, "teams"))
    roles = fill_roles(ctx, tree, roster, _stream(seed, "roles"), starred=False)
    series = plan_series(ctx, tree, roster, _stream(seed, "programme"))
    hold_year(ctx, roster, series, teams, _stream(seed, "service"))
    # After the year's service, so a star plugin rating hours can find volunteers who qualify.
    roles += fill_roles(ctx, tree, roster, _stream(seed, "starred roles"), starred=True)
    members = [volunteer.id for volunteer in roster.volunteers]
    added = ctx.hooks.linli_demo_fill(ctx=ctx, stream=lambda name: _stream(seed, f"plugin {name}"), members=members, password=password)
    # Plugins may serve too (a completed order is an activity with its record), so the service figures are counted last.
    activities, records, minutes, rated = _service_totals(ctx)
    return DemoSummary(
        nodes=len(tree.nodes),
        members=len(rows),
        teams=len(teams),
        roles=roles,
        projects=len({one.project_id for one in series}),
        activities=activities,
        records=records,
        minutes=minutes,
        rated=rated,
        plugins=tuple(line for lines in added for line in lines),
    )


def _service_totals(ctx: Context) -> tuple[int, int, int, int]:
    """Activities, approved records, their minutes and the records rated by the people served."""
    approved = ServiceRecord.state == "approved"
    records, minutes, rated = ctx.session.execute(
        select(func.count(), func.coalesce(func.sum(ServiceRecord.approved_minutes), 0), func.count(ServiceRecord.score)).where(approved)
    ).one()
    return ctx.session.scalar(select(func.count()).select_from(Activity)) or 0, records, int(minutes), rated


def _stream(seed: int, stage: str) -> random.Random:
    return random.Random(f"linli demo {seed} {stage}")
