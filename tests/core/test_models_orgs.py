"""The organization tree: materialized paths, one-query subtrees, level rules, syncing the program's tree."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from linli.core import OrgNodeSpec, Refused
from linli.core.db import Database
from linli.core.models import OrgNode
from linli.core.services import ancestors, children, create_node, get_node, subtree, subtree_ids, sync_nodes
from tests.core.factories import NODES, World, counting, make_program, make_world


def add_depth_four(world: World) -> None:
    """Below 楼栋小组 1栋 add a unit (单元) level, so the tree is four deep."""
    program = make_program(levels=(*world.program.levels, type(world.program.levels[0])("unit", "单元")))
    world.program = program
    world.act(lambda ctx: create_node(ctx, code="G0101-U1", name="安居苑1栋1单元", level="unit", parent="G0101"))


def test_paths_spell_the_ids_from_the_root(database: Database) -> None:
    world = make_world(database)
    with world.database.reading() as session:
        root, station, group = (get_node(session, code) for code in ("BBT", "S01", "G0101"))
        assert root.path == f"/{root.id}/"
        assert group.path == f"/{root.id}/{station.id}/{group.id}/"
        assert (root.depth, station.depth, group.depth) == (0, 1, 2)


def test_subtree_at_depth_four_is_one_query(database: Database) -> None:
    world = make_world(database)
    add_depth_four(world)
    with world.database.reading() as session:
        station = get_node(session, "S01")
        root = get_node(session, "BBT")
        with counting(session) as statements:
            codes = [n.code for n in subtree(session, station)]
        assert len(statements) == 1
        assert codes == ["S01", "G0101", "G0101-U1", "G0102"]
        assert {n.code for n in subtree(session, root)} == {"BBT", "S01", "S02", "G0101", "G0102", "G0201", "G0101-U1"}
        ids = set(session.scalars(subtree_ids(get_node(session, "G0101"))))
        assert ids == {get_node(session, "G0101").id, get_node(session, "G0101-U1").id}


def test_subtree_does_not_catch_siblings_sharing_an_id_prefix(database: Database) -> None:
    world = make_world(database)
    # Ids 1 and 10..19 share a textual prefix; a subtree of /1/ must not include /10/.
    with world.acting() as ctx:
        for number in range(12):
            create_node(ctx, code=f"R{number}", name=f"街道{number}", level="center")
    with world.database.reading() as session:
        first = session.scalars(sa.select(OrgNode).where(OrgNode.parent_id.is_(None)).order_by(OrgNode.id)).first()
        assert first is not None
        assert subtree(session, first)[0].id == first.id
        assert all(n.path.startswith(first.path) for n in subtree(session, first))
        assert len(subtree(session, first)) == 6  # BBT and its five descendants, no R-node


def test_subtree_range_uses_the_path_index(database: Database) -> None:
    world = make_world(database)
    with world.database.reading() as session:
        station = get_node(session, "S01")
        dialect = session.get_bind().dialect
        sql = str(subtree_ids(station).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
        else:
            session.execute(sa.text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(row[0] for row in session.execute(sa.text("EXPLAIN " + sql)))
        assert "ix_org_node_path" in plan


def test_ancestors_and_children(database: Database) -> None:
    world = make_world(database)
    add_depth_four(world)
    with world.database.reading() as session:
        unit = get_node(session, "G0101-U1")
        with counting(session) as statements:
            chain = [n.code for n in ancestors(session, unit)]
        assert chain == ["BBT", "S01", "G0101"]
        assert len(statements) == 1
        assert ancestors(session, get_node(session, "BBT")) == []
        assert [n.code for n in children(session, get_node(session, "BBT"))] == ["S01", "S02"]


def test_child_level_must_be_below_parent(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        create_node(ctx, code="X1", name="错挂的站", level="station", parent="G0101")
    assert refused.value.key == "orgs.level_not_below_parent"
    assert "楼栋志愿服务小组" in str(refused.value)


def test_unknown_level_and_duplicate_code_are_refused(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx, pytest.raises(Refused) as unknown:
        create_node(ctx, code="X2", name="网格", level="grid", parent="S01")
    assert unknown.value.key == "orgs.unknown_level"
    with world.acting() as ctx, pytest.raises(Refused) as duplicate:
        create_node(ctx, code="S01", name="重复", level="group", parent="S02")
    assert duplicate.value.key == "orgs.duplicate_code"


def test_sync_is_idempotent(database: Database) -> None:
    world = make_world(database)
    with world.acting() as ctx:
        again = sync_nodes(ctx)
    assert again.created == [] and again.updated == []
    with world.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(OrgNode)) == 6


def test_sync_follows_renames_and_moves(database: Database) -> None:
    world = make_world(database)
    # 安居苑2栋 moves to 百步亭花园站 and is renamed; its path and any subtree follow.
    g0102 = OrgNodeSpec("G0102", "花园2栋小组", "group", 280)
    s01, s02 = NODES[0].children
    moved = replace(
        NODES[0],
        children=(replace(s01, children=s01.children[:1]), replace(s02, children=(*s02.children, g0102))),
    )
    world.program = make_program(nodes=(moved,))
    with world.acting() as ctx:
        result = sync_nodes(ctx)
    assert [n.code for n in result.updated] == ["G0102"]
    with world.database.reading() as session:
        node, garden = get_node(session, "G0102"), get_node(session, "S02")
        assert node.name == "花园2栋小组" and node.parent_id == garden.id
        assert node.path == f"{garden.path}{node.id}/"
        assert [n.code for n in subtree(session, get_node(session, "S01"))] == ["S01", "G0101"]


def test_sync_checks_levels(database: Database) -> None:
    world = make_world(database)
    bad = OrgNodeSpec("BAD", "错层级", "center", children=(OrgNodeSpec("BAD2", "同级", "center"),))
    world.program = make_program(nodes=(*NODES, bad))
    with world.acting() as ctx, pytest.raises(Refused) as refused:
        sync_nodes(ctx)
    assert refused.value.params["code"] == "BAD2"
