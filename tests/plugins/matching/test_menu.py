"""The supply-demand menu: open needs by category and who can serve them, published with masked phones."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

import linli.plugins.matching as matching
from linli.core import Database
from linli.core.services import get_node
from linli.plugins.matching.menu import MENU_COLUMNS, build_menu, write_xlsx
from tests.plugins.dispatch.helpers import chaoyangli_world, need, ordered, volunteer

MASKED = re.compile(r"1\d\d\*{4}\d{4}")


def test_menu_pairs_open_needs_with_volunteers_and_reads_back_from_xlsx(database: Database, tmp_path: Path) -> None:
    world = chaoyangli_world(database, ("matching", matching))
    volunteer(world, "13900000001", "G1-E1", name="本门电工", skills=["水电维修"])
    volunteer(world, "13900000002", "G2-E1", name="理发师", skills=["理发"])
    volunteer(world, "13900000003", "G1-E2", name="热心邻居", willingness=["为老服务"])
    need(world, category="plumbing")
    need(world, category="plumbing", name="李大爷", phone="13700000002")
    ordered(world, category="haircut", node="G2-E1")  # ordered already: no longer open

    with world.acting() as ctx:
        rows = build_menu(ctx, get_node(ctx.session, "CYL"))
        by_category = {(r.category, r.volunteer): (r.open_needs, r.phone, r.node, r.serves_by) for r in rows}
        assert by_category[("plumbing", "本门电工")] == (2, "139****0001", "1号楼1门", "水电维修")
        assert by_category[("haircut", "理发师")] == (0, "139****0002", "5号楼1门", "理发")
        assert by_category[("elder_care", "热心邻居")] == (0, "139****0003", "1号楼2门", "为老服务")
        assert by_category[("empty_nest_care", "热心邻居")][3] == "为老服务"  # one wish can serve two categories
        assert by_category[("tutoring", None)] == (0, None, None, None)  # nobody teaches yet: the gap shows
        in_g2 = {(r.category, r.volunteer) for r in build_menu(ctx, get_node(ctx.session, "G2"))}
        assert ("plumbing", None) in in_g2 and ("haircut", "理发师") in in_g2

    target = tmp_path / "供需菜单.xlsx"
    write_xlsx(target, "朝阳里供需菜单", list(MENU_COLUMNS), rows)
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    width = len(MENU_COLUMNS)
    values = [[*row, *[None] * (width - len(row))] for row in sheet.iter_rows(values_only=True)]  # read-only mode drops trailing blanks
    assert values[0] == list(MENU_COLUMNS)
    assert ["水电维修", 2, "本门电工", "139****0001", "1号楼1门", "水电维修", None] in values
    phones = [row[3] for row in values[1:] if row[3] is not None]
    assert len(phones) == 4 and all(MASKED.fullmatch(phone) for phone in phones)
    assert not any("13900000001" in str(cell) for row in values for cell in row)
