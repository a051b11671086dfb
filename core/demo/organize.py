"""Teams and roles of the demo, through the service layer.

百步亭 has 190+ special teams for 40,000 volunteers (one per ~200), some
stations paired with a partner unit's team (一站一队); every node gets the
roles the program binds to its level, held by keen local volunteers who
meet the role's requirements. Roles needing stars are filled only when a
star plugin answers, and only by volunteers it rates high enough: stars are
never faked.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from linli.core.demo.people import tag_roles
from linli.core.demo.places import TEAM_NAMES, partner_units
from linli.core.demo.roster import Roster, Volunteer, encourage
from linli.core.demo.tree import DemoTree
from linli.core.services import create_team, pair_team, star_levels
from linli.core.services.context import Context
from linli.core.services.role_batches import RoleRow, assign_roles
from linli.core.services.team_rosters import add_team_members

VOLUNTEERS_PER_TEAM = 200
PAIRED_SHARE = 0.4  # stations with a partner unit's team
LOCAL_SHARE = 0.7  # of a special team's members live near its station


@dataclass(frozen=True)
class DemoTeam:
    id: int
    name: str
    members: tuple[Volunteer, ...]


def form_teams(ctx: Context, tree: DemoTree, roster: Roster, rng: random.Random) -> list[DemoTeam]:
    """Special teams anchored at stations with members from anywhere, then the partner units' paired teams."""
    today, units, teams = ctx.today(), tree.units, []
    names: set[str] = set()
    for _ in range(max(3, round(len(roster.volunteers) / VOLUNTEERS_PER_TEAM))):
        unit = rng.choice(units)
        name = f"{unit.place}{rng.choice(TEAM_NAMES)}"
        if name in names:
            continue
        names.add(name)
        founded = today - dt.timedelta(days=rng.randint(180, 1800))
        local = [v for v in roster.under(unit) if v.registered_on <= founded]
        anywhere = roster.registered_by(founded)
        size = rng.randint(8, 40)
        chosen = _sample(rng, local, round(size * LOCAL_SHARE)) + _sample(rng, anywhere, size)
        teams.append(_team(ctx, name, unit.code, None, chosen[:size], founded))
    # A partner unit's team is made of its staff: the in-service party members reporting to the community.
    in_service_tags = {key for key, role in tag_roles(ctx.program.member_tags).items() if role == "in_service"}
    in_service = [v for v in roster.volunteers if in_service_tags & set(v.tags)] or roster.volunteers
    units_paired = [unit for unit in units if rng.random() < PAIRED_SHARE]
    partners = partner_units(ctx.program.info)
    for unit, partner in zip(units_paired, rng.sample(partners, min(len(partners), len(units_paired))), strict=False):
        founded = today - dt.timedelta(days=rng.randint(180, 1000))
        chosen = _sample(rng, [v for v in in_service if v.registered_on <= founded], rng.randint(6, 20))
        team = _team(ctx, f"{partner}志愿服务队", unit.code, partner, chosen, founded)
        pair_team(ctx, team.id, unit.code)
        teams.append(team)
    return teams


def _team(ctx: Context, name: str, anchor: str, partner: str | None, chosen: list[Volunteer], founded: dt.date) -> DemoTeam:
    members = tuple({v.id: v for v in chosen}.values())
    team = create_team(ctx, name=name, anchor=anchor, partner_unit=partner)
    add_team_members(ctx, team.id, [v.id for v in members], joined_on=founded)
    encourage(members)
    return DemoTeam(team.id, name, members)


def _sample(rng: random.Random, volunteers: list[Volunteer], count: int) -> list[Volunteer]:
    return rng.sample(volunteers, min(count, len(volunteers)))


def fill_roles(ctx: Context, tree: DemoTree, roster: Roster, rng: random.Random, *, starred: bool) -> int:
    """Fill every seat of the roles that need stars (*starred*) or of those that don't; returns how many.

    Each seat goes to the keenest volunteer living below the node who has the
    required tags (and stars) and no role yet.
    """
    specs = [spec for spec in ctx.program.roles.values() if (spec.min_stars is not None) == starred]
    if not specs:
        return 0
    stars = star_levels(ctx, [v.id for v in roster.volunteers]) if starred else None
    if starred and stars is None:
        return 0  # no plugin rates stars yet, so nobody can be shown to meet a star requirement
    today, rows = ctx.today(), []
    for spec in specs:
        levels = spec.levels or (ctx.program.levels[tree.unit_depth].key,)
        for node in (node for node in tree.nodes if node.level in levels):
            candidates = [
                v
                for v in roster.under(node)
                if not v.holds_role and set(spec.required_tags) <= set(v.tags) and (stars is None or stars.get(v.id, 0) >= (spec.min_stars or 0))
            ]
            for holder in sorted(candidates, key=lambda v: -v.keenness)[: spec.max_per_node or 1]:
                holder.holds_role = True
                encourage([holder])
                started = min(today, holder.registered_on + dt.timedelta(days=rng.randint(30, 720)))
                rows.append(RoleRow(holder.id, node.code, spec.key, started))
    return len(assign_roles(ctx, rows))
