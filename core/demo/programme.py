"""What each node runs over the year, and the project library (项目库) behind it.

The centre holds the categories whose rhythm belongs at the top (festivals,
trainings, flood duty, the yearly story session); each station picks the
services its volunteers can carry (:func:`~linli.core.demo.rhythms.station_programme`).
Every series is run under a library project: the centre's own, or, for
about half the stations' series, a project of the station.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from linli.core.config.program import Term
from linli.core.demo.rhythms import rhythm_of, station_programme
from linli.core.demo.roster import Pool, Roster
from linli.core.demo.tree import DemoTree, PlannedNode
from linli.core.services import create_project
from linli.core.services.context import Context

STATION_PROJECT_SHARE = 0.5
PROJECT_BRANDS = tuple("暖心 邻里 红色 温馨 阳光 同心 幸福 连心 守望 爱心".split())


@dataclass(frozen=True)
class Series:
    """A node's recurring activity in one category, in *routes* sectors, under a library project."""

    node: PlannedNode
    key: str
    category: Term
    routes: int
    pool: Pool
    project_id: int


def plan_series(ctx: Context, tree: DemoTree, roster: Roster, rng: random.Random) -> list[Series]:
    """Every node's series, with the projects they run under created in the library."""
    categories = ctx.program.activity_categories
    at_top = {key: term for key, term in categories.items() if rhythm_of(term).at_top}
    in_stations = {key: term for key, term in categories.items() if key not in at_top}
    wanted = [(node, key, term, 1) for node in tree.tops for key, term in at_top.items()]
    for node in tree.units:
        wanted += [(node, key, term, routes) for key, term, routes in station_programme(in_stations, len(roster.under(node)), rng)]
    library = _Library(ctx, tree.tops[0], rng)
    pools = {node.code: Pool(roster.under(node)) for node, *_ in wanted}
    return [Series(node, key, term, routes, pools[node.code], library.project(node, key, term)) for node, key, term, routes in wanted]


@dataclass
class _Library:
    ctx: Context
    top: PlannedNode
    rng: random.Random
    ids: dict[tuple[str, str], int] = field(default_factory=dict)

    def project(self, node: PlannedNode, key: str, category: Term) -> int:
        """The project a node's series runs under, created the first time it is needed."""
        own = node.depth == self.top.depth or self.rng.random() < STATION_PROJECT_SHARE
        host = node if own else self.top
        if (host.code, key) not in self.ids:
            title = f"“{self.rng.choice(PROJECT_BRANDS)}”{category.name}" if host is self.top else f"{host.place}{category.name}"
            project = create_project(self.ctx, title=title + "项目", category=key, host_node=host.code, description=category.description)
            self.ids[host.code, key] = project.id
        return self.ids[host.code, key]
