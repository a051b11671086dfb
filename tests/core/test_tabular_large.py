"""Large files stream: rows come one at a time and memory stays flat.

Production files reach 100,000+ rows; 20,000 keep the suite quick while still
being far more than any buffering bug would survive. Nothing here is timed.
"""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from pathlib import Path

import openpyxl
import pytest

from linli.core.tabular import Column, ParsedRow, UniqueCheck, read_table
from linli.core.tabular import parsers as p

ROWS = 20_000
COLUMNS = [
    Column("姓名", ("name",)),
    Column("手机号", ("phone",), p.phone),
    Column("所属组织", ("org",)),
    Column("服务时长（小时）", ("hours",), p.hours),
    Column("服务日期", ("date",), p.date),
    Column("技能", ("skills",), p.items(), required=False),
]
HEADER = ["姓名", "手机号", "所属组织", "服务时长（小时）", "服务日期", "技能"]
NAMES = ["张秀英", "李建国", "王桂兰", "赵志强"]


def row(n: int) -> list[object]:
    return [NAMES[n % 4], f"138{n:08d}", f"百步亭花园社区第{n % 50}网格", "2.5", "2026-11-02", "理发、维修"]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "service.csv"
    with path.open("w", encoding="gb18030", newline="") as stream:
        stream.write(",".join(HEADER) + "\r\n")
        for n in range(ROWS):
            stream.write(",".join(map(str, row(n))) + "\r\n")
    return path


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "service.xlsx"
    workbook = openpyxl.Workbook()  # not write-only: Excel's shared strings, as real files have
    sheet = workbook.active
    sheet.title = "服务记录"
    sheet.append(HEADER)
    for n in range(ROWS):
        cells = row(n)
        cells[1], cells[3], cells[4] = int(cells[1]), 2.5, dt.datetime(2026, 11, 2)
        sheet.append(cells)
    workbook.save(path)
    return path


def alive_rows() -> int:
    return sum(1 for thing in gc.get_objects() if type(thing) is ParsedRow)


@pytest.mark.parametrize("fixture", ["big_csv", "big_xlsx"])
def test_large_file_streams_in_batches(request, fixture):
    path = request.getfixturevalue(fixture)
    with read_table(path, COLUMNS, checks=[UniqueCheck("手机号")]) as reader:
        count = 0
        last = None
        for number, batch in enumerate(reader.batches(5000)):
            assert len(batch) <= 5000
            count += len(batch)
            last = batch[-1]
            if number == 2:  # only the batch in hand exists, not the 15,000 rows before it
                assert alive_rows() <= 5000
        assert count == reader.rows_valid == ROWS and reader.problem_count == 0
    assert last is not None and last.row_number == ROWS + 1
    assert last.values["手机号"] == f"138{ROWS - 1:08d}" and last.values["技能"] == ("理发", "维修")


def test_large_csv_memory_stays_flat(big_csv):
    """Holding every row would take tens of megabytes; a streaming pass needs a few.

    (The xlsx path streams through openpyxl's read-only mode; tracing its XML
    parsing would take longer than the rest of the suite.)
    """
    tracemalloc.start()
    try:
        with read_table(big_csv, COLUMNS) as reader:
            for parsed in reader:
                assert parsed.ok
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
