"""The service points' share of a demo: one point of every configured kind, so the 15-minute service circle has a map and orders route.

Each point is anchored at a node drawn from below the top of the tree (a
grid, a building entrance), as a community opens points where its
volunteers live.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from linli.core import Context, t
from linli.core.models import OrgNode

from linli.plugins.service_points.points import add_point, kinds


def fill_demo(ctx: Context, rng: random.Random) -> list[str]:
    known = kinds(ctx.program)
    nodes = list(ctx.session.scalars(select(OrgNode).where(OrgNode.parent_id.is_not(None)).order_by(OrgNode.code)))
    if not known or not nodes:
        return []
    locale = ctx.program.locale
    for number, (kind, spec) in enumerate(known.items(), 1):
        node = rng.choice(nodes)
        name = t("service_points.demo_point_name", locale, node=node.name, kind=spec["name"])
        add_point(ctx, code=f"SP-{number:02d}", name=name, kind=kind, node=node.code)
    return [t("service_points.demo_opened", locale, count=len(known))]
