"""Malformed program files and member sheets: located problems, never a traceback, nothing written on refusal."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

import linli.configs
from linli.core.config import ProgramLoader
from linli.core.db import Database
from linli.core.errors import LinliError
from linli.core.importers import MemberImporter, run_import
from linli.core.models import Member
from linli.core.plugins import make_plugin_host
from linli.core.tabular import read_table
from tests.core.factories import make_program, make_world

PRESET = (Path(linli.configs.__file__).parent / "baibuting.yaml").read_text(encoding="utf-8")
LOADER = ProgramLoader(make_plugin_host(autoload=False))
# The characters YAML gives meaning to, and a few that trip readers.
YAML_NOISE = st.text(alphabet=list(":-{}[]&*!|>'\"#%@`,?\t\n \\\u3000\ufeff\x00a1中"), max_size=40)
HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]
GOOD_ROW = ["张秀英", "13800000001", "", "女", "", "G0101", "", "", "", "", ""]


@st.composite
def mangled_preset(draw: st.DrawFn) -> str:
    """The Baibuting preset with a slice replaced by noise: almost valid, as a hand edit goes wrong."""
    start = draw(st.integers(0, len(PRESET)))
    end = draw(st.integers(start, min(len(PRESET), start + 200)))
    return PRESET[:start] + draw(YAML_NOISE) + PRESET[end:]


@settings(max_examples=150, deadline=None)
@given(st.one_of(mangled_preset(), YAML_NOISE, st.text(max_size=300)))
def test_the_loader_locates_every_problem_and_never_raises(text: str) -> None:
    result = LOADER.check_text(text, "linli.yaml")
    assert result.ok or result.problems
    for problem in result.problems:
        assert problem.file == "linli.yaml" and problem.message()  # every problem names its file and says something
        rendered = problem.render()
        assert rendered.startswith("linli.yaml") and "Traceback" not in rendered


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_malformed_member_row_is_refused_and_nothing_written(database: Database, tmp_path: Path) -> None:
    world = make_world(database)  # one program for every example: building it per example would dominate

    @settings(max_examples=25, deadline=None)
    @given(bad=st.lists(CELL, min_size=0, max_size=13))
    def check(bad: list[str]) -> None:
        sheet = tmp_path / "名册.csv"
        with sheet.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([HEADER, GOOD_ROW, bad])
        before = count_members(database)
        try:
            summary = run_import(MemberImporter(), sheet, world.program, world.act)
        except LinliError as refused:  # a whole-file refusal (e.g. not text): a message, never a traceback
            assert refused.render("zh-CN") and count_members(database) == before
            return
        if summary.written:
            assert summary.problem_count == 0
        else:
            assert summary.problems and all(p.row is not None for p in summary.problems)
            assert count_members(database) == before

    check()


def count_members(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Member)) or 0


def test_a_huge_sheet_with_one_bad_row_at_the_end_streams_and_names_the_row(tmp_path: Path) -> None:
    rows = 200_000
    sheet = tmp_path / "名册.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows([f"志愿者{i}", f"139{i:08d}", "", "", "", "BBT", "", "", "", "", ""] for i in range(rows))
        writer.writerow(["坏行", "1380000", "", "", "", "BBT", "", "", "", "", ""])
    importer = MemberImporter()
    program = make_program()
    tracemalloc.start()
    try:
        with read_table(sheet, importer.columns(program), checks=importer.checks()) as reader:
            for _ in reader.batches(5000):
                pass
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reader.rows_read == rows + 1 and reader.problem_count == 1
    assert reader.problems[0].row == rows + 2  # the header is row 1
    assert peak < 64 * 2**20  # the batch in hand, not 200,000 rows (about a gigabyte as Python objects)
