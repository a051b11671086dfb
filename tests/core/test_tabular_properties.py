"""Whatever an administrator types into a cell, the answer is a value or a located problem."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linli.core.tabular import CellProblem, Column, RowProblem, UniqueCheck, read_table
from linli.core.tabular import parsers as p

PARSERS = [
    p.text,
    p.integer,
    p.hours,
    p.date,
    p.datetime,
    p.phone,
    p.id_card,
    p.score,
    p.items(),
    p.items(p.phone),
    p.choice({"男": "male", "女": "female"}),
]
# Text the way it arrives: anything at all, plus near misses built from digits and the separators parsers know.
NEAR_MISS = st.text(alphabet="0123456789０１２３.-/:年月日时分小h +，、;\u3000★☆XE", max_size=30)
TEXT = st.one_of(st.text(max_size=60), NEAR_MISS)
TYPED = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.booleans(),
)


@given(value=st.one_of(TEXT, TYPED))
@settings(max_examples=600, deadline=None)
def test_parsers_return_or_raise_cell_problems(value):
    for parse in PARSERS:
        try:
            parse(value)
        except CellProblem as problem:
            assert problem.key.startswith("tabular.")


COLUMNS = [
    Column("姓名", ("name",)),
    Column("手机号", ("phone",), p.phone, required=False),
    Column("出生日期", ("birthday",), p.date, required=False),
    Column("服务时长", ("hours",), p.hours, required=False),
    Column("技能", ("skills",), p.items(), required=False),
]
CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)


@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=6), max_size=12))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_csv_cells_give_only_located_problems(tmp_path, rows):
    path = tmp_path / "members.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["姓名", "手机号", "出生日期", "服务时长", "技能"])
        writer.writerows(rows)
    with read_table(path, COLUMNS, checks=[UniqueCheck("手机号")]) as reader:
        parsed = list(reader)
    numbers = [row.row_number for row in parsed]
    assert numbers == sorted(set(numbers)) and all(2 <= n <= len(rows) + 1 for n in numbers)
    headers = {"姓名", "手机号", "出生日期", "服务时长", "技能"}
    for row in parsed:
        for problem in row.problems:
            assert isinstance(problem, RowProblem)
            assert (problem.file, problem.row) == ("members.csv", row.row_number)
            assert problem.column in headers
            assert problem.render("zh-CN").startswith(f"members.csv:{row.row_number}:{problem.column}: ")
            assert problem.render("en")


def test_typed_values_used_in_messages_render():
    for value in (Decimal("NaN"), float("inf"), dt.timedelta(days=-1), 10**30):
        try:
            p.hours(value)
        except CellProblem as problem:
            assert RowProblem("f.xlsx", 2, "时长", problem.key, problem.params).render()
