"""Files that aren't tables, the rejects file, and the progress bar."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from linli.core.errors import LinliError
from linli.core.tabular import Column, TableError, UniqueCheck, read_table, rejects_path, track, write_rejects
from linli.core.tabular import parsers as p

COLUMNS = [
    Column("姓名", ("name",)),
    Column("手机号", ("phone",), p.phone),
    Column("服务时长（小时）", ("hours",), p.hours, required=False),
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode(encoding)


def error_of(path: Path, **options) -> TableError:
    with pytest.raises(TableError) as caught:
        read_table(path, COLUMNS, **options)
    assert isinstance(caught.value, LinliError)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        # Seeded, so every pytest-xdist worker collects the same test id.
        ("members.xlsx", random.Random(7).randbytes(2048).replace(b"PK", b"pk"), "tabular.bad_xlsx"),
        ("members.xlsx", b"PK\x03\x04" + b"\x00" * 200, "tabular.bad_xlsx"),
        ("members.xlsx", b"", "tabular.empty_file"),
        ("members.csv", b"", "tabular.empty_file"),
        ("members.csv", b" \r\n\r\n", "tabular.empty_file"),
        ("members.csv", b"\xef\xbb\xbf", "tabular.no_header"),
        ("members.csv", b"\r\n,,,\r\n", "tabular.no_header"),
        ("members.txt", "姓名,手机号\n".encode(), "tabular.unsupported_type"),
        ("members", b"x", "tabular.unsupported_type"),
        ("members.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "tabular.old_xls"),
        ("members.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "tabular.old_xls"),
        ("members.xls", b"<html><table><tr><td>1</td></tr></table></html>", "tabular.old_xls"),
        ("members.csv", b"\x00\x01\x02binary\x00", "tabular.not_text"),
        ("members.csv", "姓名,手机号\r\n张秀英,13812345678\r\n".encode() + b"\xff\xfe\xfd\r\n", "tabular.bad_encoding"),
        ("members.csv", csv_bytes([["姓名", "手机号"], ['"张秀英', "13812345678"]]) + b"x" * 200_000, "tabular.bad_csv"),
    ],
)
def test_files_that_are_not_tables_give_catalogued_errors(tmp_path, name, content, key):
    path = tmp_path / name
    path.write_bytes(content)
    error = error_of(path)
    assert error.key == key
    assert error.render("zh-CN") and error.render("en")
    assert name.split(".")[0] in str(error)


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes("姓名,手机号\r\n张秀英,13812345678\r\n".encode() + b"\xff\xfe\xfd\r\n")
    assert str(error_of(path)) == "members.csv：第3行有无法识别的文字编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"


def test_missing_file_and_folder(tmp_path):
    assert error_of(tmp_path / "nowhere.xlsx").key == "tabular.not_found"
    (tmp_path / "folder.csv").mkdir()
    assert error_of(tmp_path / "folder.csv").key == "tabular.unsupported_type"


def test_workbook_renamed_to_csv_is_read_as_a_workbook(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "手机号"])
    workbook.active.append(["张秀英", "13812345678"])
    workbook.save(tmp_path / "members.csv")
    with read_table(tmp_path / "members.csv", COLUMNS) as reader:
        assert reader.table.kind == "xlsx"
        assert [row.values["手机号"] for row in reader] == ["13812345678"]


def test_truncated_workbook_is_an_error_not_a_traceback(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "手机号"])
    for n in range(3000):
        workbook.active.append(["张秀英", f"138{n:08d}"])
    workbook.save(tmp_path / "whole.xlsx")
    data = (tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "members.xlsx").write_bytes(data[: len(data) // 2])
    assert error_of(tmp_path / "members.xlsx").key in {"tabular.bad_xlsx", "tabular.bad_xlsx_row"}


def test_rejects_round_trip(tmp_path):
    source = tmp_path / "members.csv"
    rows = [
        ["序号", "姓名", "手机号", "服务时长（小时）"],
        ["1", "张秀英", "13812345678", "2"],
        ["2", "李建国", "1381234", "=1+1"],
        ["3", "王桂兰", "+86 139 8765 4321", "-1"],
        ["4", "赵志强", "13812345678", "1"],
    ]
    source.write_bytes(csv_bytes(rows, "gbk"))
    with read_table(source, COLUMNS, checks=[UniqueCheck("手机号")]) as reader:
        target = write_rejects(source, reader)
    assert target == rejects_path(source) == tmp_path / "members.rejects.csv"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    written = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert written == [
        ["序号", "姓名", "手机号", "服务时长（小时）", "问题"],
        ["2", "李建国", "1381234", "'=1+1", "手机号: 不是有效的手机号：“1381234”（应为11位手机号）\n"
         "服务时长（小时）: 不是有效的时长：“=1+1”（应为小时数，如 2、2.5、“1小时30分”）"],
        ["3", "王桂兰", "'+86 139 8765 4321", "'-1", "服务时长（小时）: 不是有效的时长：“-1”（应为小时数，如 2、2.5、“1小时30分”）"],
        ["4", "赵志强", "13812345678", "1", "手机号: 与第2行重复：“13812345678”"],
    ]
    # The administrator fixes the rejects in Excel and imports that file as it is.
    fixed = [row[:4] + [row[4]] for row in written]
    fixed[1][2], fixed[1][3], fixed[2][3], fixed[3][2] = "13911112222", "1.5", "1", "13733334444"
    with target.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(fixed)
    with read_table(target, COLUMNS) as reader:
        again = list(reader)
        assert [warning.column for warning in reader.warnings] == ["序号"]  # 问题 is expected, not unknown
    assert all(row.ok for row in again)
    assert [row.values["手机号"] for row in again] == ["13911112222", "13987654321", "13733334444"]


def test_rejects_in_english_and_nothing_written_when_all_rows_are_valid(tmp_path):
    source = tmp_path / "members.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "phone"])
    workbook.active.append(["张秀英", 13812345678])
    workbook.save(source)
    with read_table(source, COLUMNS) as reader:
        assert write_rejects(source, reader) is None
        assert not rejects_path(source).exists()
        workbook.active.append(["李建国", 123])
    workbook.save(source)
    with read_table(source, COLUMNS) as reader:
        target = write_rejects(source, reader, locale="en")
    assert target.read_text("utf-8-sig").splitlines()[:2] == [
        "name,phone,problem",
        "李建国,123,phone: not a valid mobile number: “123” (expected 11 digits)",
    ]


def test_rejects_into_an_unwritable_place_is_a_catalogued_error(tmp_path):
    source = tmp_path / "members.csv"
    source.write_bytes(csv_bytes([["姓名", "手机号"], ["张秀英", "1"]]))
    rejects_path(source).mkdir()  # a folder where the file should go
    with read_table(source, COLUMNS) as reader, pytest.raises(TableError) as caught:
        write_rejects(source, reader)
    assert caught.value.key == "tabular.cannot_write"


def test_progress_is_silent_off_a_terminal_and_small_jobs():
    quiet = Console(file=io.StringIO())
    assert list(track(range(10_000), total=10_000, label="x", console=quiet)) == list(range(10_000))
    assert quiet.file.getvalue() == ""
    terminal = Console(file=io.StringIO(), force_terminal=True)
    assert list(track(range(10), total=10, label="x", console=terminal)) == list(range(10))
    assert terminal.file.getvalue() == ""


def test_progress_draws_on_a_terminal_for_large_jobs():
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80)
    assert list(track(iter(range(6000)), total=6000, label="正在读取 members.xlsx", console=terminal)) == list(range(6000))
    assert "members.xlsx" in terminal.file.getvalue()


def test_reader_progress_option_is_quiet_under_pytest(tmp_path, capsys):
    source = tmp_path / "members.csv"
    source.write_bytes(csv_bytes([["姓名", "手机号"]] + [["张秀英", f"138{n:08d}"] for n in range(6000)]))
    with read_table(source, COLUMNS, progress=True) as reader:
        assert sum(1 for _ in reader) == 6000
    assert capsys.readouterr().err == ""


def test_every_message_key_used_is_in_the_catalogue():
    import re

    from linli.core.i18n import catalogue

    source = "".join(path.read_text("utf-8") for path in Path(p.__file__).parent.glob("*.py"))
    used = set(re.findall(r'"(tabular\.\w+)"', source))
    assert len(used) > 25
    assert sorted(used - set(catalogue("zh-CN"))) == [] and sorted(used - set(catalogue("en"))) == []
