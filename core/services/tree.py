"""The organization tree in memory, for rolling per-node figures up to the nodes a report shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from linli.core.models import OrgNode


class NodeTree:
    """A subtree's nodes held in memory (thousands at most), for rolling figures up to chosen nodes."""

    def __init__(self, nodes: list[OrgNode]) -> None:
        self.nodes = nodes
        ids = {node.id for node in nodes}
        self.roots = sorted((n for n in nodes if n.parent_id not in ids), key=lambda n: n.path)
        self._children: dict[int, list[OrgNode]] = defaultdict(list)
        for node in sorted(nodes, key=lambda n: n.id):  # siblings in the order they were created, not path text
            if node.parent_id in ids:
                self._children[node.parent_id].append(node)  # type: ignore[index]

    def children_of(self, node: OrgNode) -> list[OrgNode]:
        return self._children.get(node.id, [])

    def breakdown(self) -> list[OrgNode]:
        """The nodes a report breaks down by: the children of a single root, else the roots."""
        return self.children_of(self.roots[0]) if len(self.roots) == 1 else self.roots

    def ids_below(self, tops: Iterable[OrgNode]) -> list[int]:
        top_ids = {top.id for top in tops}
        return [n.id for n in self.nodes if top_ids.intersection(map(int, n.path.strip("/").split("/")))]

    def residents(self, tops: Iterable[OrgNode]) -> int | None:
        """A node's own population, else the sum of its children's (None when nothing is known)."""
        total: int | None = None
        for top in tops:
            value = top.residents if top.residents is not None else self.residents(self.children_of(top))
            if value is not None:
                total = (total or 0) + value
        return total
