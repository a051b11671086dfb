"""The organization tree: creating nodes, syncing the program's inline tree, tree queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, literal, select, update
from sqlalchemy.orm import Session

from linli.core.config.program import OrgNodeSpec, Program
from linli.core.errors import NotFound, Refused
from linli.core.models.orgs import OrgNode, subtree_clause
from linli.core.services.audit import Change, record_many
from linli.core.services.context import Context
from linli.core.services.rows import chunks
from linli.core.services.scope import require_scope

# Written on insert and replaced right after the flush that assigns the id.
_UNPLACED = "?"


def get_node(session: Session, code: str) -> OrgNode:
    node = session.scalars(select(OrgNode).where(OrgNode.code == code)).one_or_none()
    if node is None:
        raise NotFound("orgs.not_found", code=code)
    return node


def subtree_ids(node: OrgNode) -> Select[int]:
    """Ids of *node* and all its descendants, as a select to use in ``IN (…)`` or a join."""
    return select(OrgNode.id).where(subtree_clause(node.path))


def subtree(session: Session, node: OrgNode) -> list[OrgNode]:
    """*node* and all its descendants, parents before children: one indexed query."""
    return list(session.scalars(select(OrgNode).where(subtree_clause(node.path)).order_by(OrgNode.path)))


def ancestors(session: Session, node: OrgNode) -> list[OrgNode]:
    """From the root down to *node*'s parent: one query on primary keys read off the path."""
    ids = node.ancestor_ids
    if not ids:
        return []
    found = {n.id: n for n in session.scalars(select(OrgNode).where(OrgNode.id.in_(ids)))}
    return [found[i] for i in ids]


def children(session: Session, node: OrgNode) -> list[OrgNode]:
    return list(session.scalars(select(OrgNode).where(OrgNode.parent_id == node.id).order_by(OrgNode.id)))


def create_node(ctx: Context, *, code: str, name: str, level: str, parent: str | None = None, residents: int | None = None) -> OrgNode:
    """Add a node under *parent* (a code), or a new root when *parent* is None."""
    parent_node = get_node(ctx.session, parent) if parent is not None else None
    require_scope(ctx, parent_node)
    _check_level(ctx.program, code, level, parent_node.level if parent_node else None)
    if ctx.session.scalar(select(func.count()).where(OrgNode.code == code)):
        raise Refused("orgs.duplicate_code", code=code)
    node = OrgNode(code=code, name=name, level=level, residents=residents, parent=parent_node, path=_UNPLACED)
    ctx.session.add(node)
    _place(ctx.session, [node])
    record_many(ctx, [Change("org.create", "org_node", node.id, after=node.summary())])
    return node


@dataclass
class SyncResult:
    created: list[OrgNode] = field(default_factory=list)
    updated: list[OrgNode] = field(default_factory=list)


def sync_nodes(ctx: Context) -> SyncResult:
    """Make the table hold the program's inline tree; running it again changes nothing.

    Nodes are matched by code. Names, levels, residents and parents follow the
    program; nodes the program does not list (added with :func:`create_node`) stay.
    """
    require_scope(ctx, None)
    session, result = ctx.session, SyncResult()
    pairs = [pair for root in ctx.program.nodes for pair in root.walk()]
    duplicate = next((code for code, count in Counter(spec.code for spec, _ in pairs).items() if count > 1), None)
    if duplicate is not None:
        raise Refused("orgs.duplicate_code", code=duplicate)
    by_code: dict[str, OrgNode] = {}
    for chunk in chunks(spec.code for spec, _ in pairs):
        by_code |= {n.code: n for n in session.scalars(select(OrgNode).where(OrgNode.code.in_(chunk)))}
    changes: list[Change] = []
    for depth_pairs in _by_depth(pairs):
        new_nodes = []
        for spec, parent_spec in depth_pairs:
            _check_level(ctx.program, spec.code, spec.level, parent_spec.level if parent_spec else None)
            parent = by_code[parent_spec.code] if parent_spec else None
            node = by_code.get(spec.code)
            if node is None:
                node = OrgNode(code=spec.code, name=spec.name, level=spec.level, residents=spec.residents, parent=parent, path=_UNPLACED)
                session.add(node)
                by_code[spec.code] = node
                new_nodes.append(node)
            elif _update(session, node, spec, parent, changes):
                result.updated.append(node)
        _place(session, new_nodes)
        result.created.extend(new_nodes)
    changes.extend(Change("org.create", "org_node", n.id, after=n.summary()) for n in result.created)
    record_many(ctx, changes)
    return result


def _by_depth(pairs: Sequence[tuple[OrgNodeSpec, OrgNodeSpec | None]]) -> list[list[tuple[OrgNodeSpec, OrgNodeSpec | None]]]:
    """Group (spec, parent) pairs by depth, so each depth is inserted in one flush."""
    depth: dict[str, int] = {}
    layers: list[list[tuple[OrgNodeSpec, OrgNodeSpec | None]]] = []
    for spec, parent in pairs:
        d = depth[spec.code] = depth[parent.code] + 1 if parent else 0
        if d == len(layers):
            layers.append([])
        layers[d].append((spec, parent))
    return layers


def _update(session: Session, node: OrgNode, spec: OrgNodeSpec, parent: OrgNode | None, changes: list[Change]) -> bool:
    before = node.summary()
    node.name, node.level, node.residents = spec.name, spec.level, spec.residents
    if node.parent_id != (parent.id if parent else None):
        _reparent(session, node, parent)
    if node.summary() == before:
        return False
    changes.append(Change("org.update", "org_node", node.id, before=before, after=node.summary()))
    return True


def _reparent(session: Session, node: OrgNode, parent: OrgNode | None) -> None:
    """Move *node* with its subtree: one UPDATE rewrites every path prefix."""
    old = node.path
    new = (parent.path if parent else "/") + f"{node.id}/"
    node.parent = parent
    session.execute(
        update(OrgNode)
        .where(subtree_clause(old))
        .values(path=literal(new) + func.substr(OrgNode.path, len(old) + 1))
        .execution_options(synchronize_session="fetch")
    )


def _place(session: Session, nodes: Sequence[OrgNode]) -> None:
    """Flush *nodes* (parents already placed) to get their ids, then write their paths."""
    if not nodes:
        return
    session.flush()
    for node in nodes:
        node.path = (node.parent.path if node.parent else "/") + f"{node.id}/"
    session.flush()


def _check_level(program: Program, code: str, level: str, parent_level: str | None) -> None:
    try:
        depth = program.level_depth(level)
    except KeyError:
        raise Refused("orgs.unknown_level", code=code, level=level, known="、".join(lv.key for lv in program.levels)) from None
    if parent_level is not None and depth <= program.level_depth(parent_level):
        raise Refused(
            "orgs.level_not_below_parent",
            code=code,
            level=program.level(level).name,
            parent_level=program.level(parent_level).name,
        )
