"""Reading whole sheets: headers, encodings, row numbers and located problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from linli.core.tabular import Column, TableError, UniqueCheck, read_table
from linli.core.tabular import parsers as p

GENDER = {"男": "male", "女": "female", "male": "male", "female": "female"}
CHANNEL = {"家门口": "doorstep", "线上": "online", "导入": "import", "doorstep": "doorstep", "online": "online"}

MEMBERS = [
    Column("姓名", ("name",), key="name"),
    Column("手机号", ("phone", "mobile", "手机"), p.phone, key="phone"),
    Column("身份证号", ("id_card",), p.id_card, required=False, key="id_card"),
    Column("性别", ("gender", "sex"), p.choice(GENDER), required=False, key="gender"),
    Column("出生日期", ("birth_date", "birthday"), p.date, required=False, key="birth_date"),
    Column("所属组织", ("org", "organization"), key="org"),
    Column("标签", ("tags",), p.items(), required=False, default=(), key="tags"),
    Column("技能", ("skills",), p.items(), required=False, default=(), key="skills"),
    Column("服务意愿", ("preferences",), p.items(), required=False, default=(), key="preferences"),
    Column("注册方式", ("channel",), p.choice(CHANNEL), required=False, default="import", key="channel"),
    Column("注册日期", ("registered_on",), p.date, required=False, key="registered_on"),
]
SERVICE = [
    Column("手机号", ("phone",), p.phone),
    Column("服务时长（小时）", ("hours",), p.hours),
    Column("开始时间", ("start",), p.datetime),
]
HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]
ZHANG = ["张秀英", "13812345678", "11010519491231002X", "女", "1949-12-31", "百步亭花园社区", "党员、楼栋长", "理发", "助老", "家门口", "2026-11-02"]
LI = ["李建国", "139 8765 4321", "", "男", "1962/8/15", "百步亭花园社区", "", "维修，电工", "", "线上", "2026年11月3日"]


def write_xlsx(path: Path, rows: list[list[object]], *, title: str = "志愿者") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def lines(reader) -> list[str]:
    list(reader)
    return reader.report()


def test_xlsx_with_chinese_headers(tmp_path):
    path = write_xlsx(tmp_path / "members.xlsx", [HEADER, ZHANG, LI])
    with read_table(path, MEMBERS) as reader:
        rows = list(reader)
    assert [row.row_number for row in rows] == [2, 3]
    assert all(row.ok for row in rows)
    zhang, li = (row.values for row in rows)
    assert zhang == {
        "name": "张秀英",
        "phone": "13812345678",
        "id_card": "11010519491231002X",
        "gender": "female",
        "birth_date": dt.date(1949, 12, 31),
        "org": "百步亭花园社区",
        "tags": ("党员", "楼栋长"),
        "skills": ("理发",),
        "preferences": ("助老",),
        "channel": "doorstep",
        "registered_on": dt.date(2026, 11, 2),
    }
    assert li["id_card"] is None and li["tags"] == () and li["skills"] == ("维修", "电工")
    assert li["registered_on"] == dt.date(2026, 11, 3)
    assert rows[0].raw["姓名"] == "张秀英"


def test_xlsx_typed_cells_and_english_aliases(tmp_path):
    header = ["Name", "PHONE", "birthday", "Org", "channel", "Registered_On"]
    row = ["李建国", 13987654321, dt.datetime(1962, 8, 15), "百步亭花园社区", "online", 46328]
    path = write_xlsx(tmp_path / "members.xlsx", [header, row])
    with read_table(path, MEMBERS) as reader:
        (parsed,) = list(reader)
        assert reader.warnings == ()
    assert parsed.ok, parsed.problems
    assert parsed.values["phone"] == "13987654321"
    assert parsed.values["birth_date"] == dt.date(1962, 8, 15)
    assert parsed.values["registered_on"] == dt.date(2026, 11, 2)
    assert parsed.values["gender"] is None and parsed.values["tags"] == ()
    assert parsed.raw["PHONE"] == "13987654321" and parsed.raw["birthday"] == "1962-08-15"


def test_headers_match_after_normalizing(tmp_path):
    path = write_csv(tmp_path / "service.csv", [[" 手 机 号 ", "服务时长(小时)", "开始时间*"], ["13812345678", "2.5", "2026-11-02 08:30"]])
    with read_table(path, SERVICE) as reader:
        (row,) = list(reader)
    assert row.ok and row.values["服务时长（小时）"] == p.hours("2.5")
    assert [bound.header for bound in reader.header.bound] == ["手 机 号", "服务时长(小时)", "开始时间*"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / "members.csv", [HEADER, ZHANG, LI], encoding=encoding)
    with read_table(path, MEMBERS) as reader:
        rows = list(reader)
    assert reader.table.encoding in {"utf-8-sig", "gb18030"}
    assert [row.values["name"] for row in rows] == ["张秀英", "李建国"]
    assert rows[0].values["org"] == "百步亭花园社区"
    assert all(row.ok for row in rows)


def test_csv_utf16_tab_separated_as_excel_unicode_text(tmp_path):
    path = write_csv(tmp_path / "members.csv", [HEADER, ZHANG], encoding="utf-16", delimiter="\t")
    with read_table(path, MEMBERS) as reader:
        (row,) = list(reader)
    assert row.ok and row.values["tags"] == ("党员", "楼栋长")


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_csv(tmp_path / "members.csv", [HEADER, ZHANG], delimiter=delimiter)
    with read_table(path, MEMBERS) as reader:
        (row,) = list(reader)
    assert row.ok and row.values["name"] == "张秀英"


def test_csv_comma_wins_when_cells_contain_semicolons(tmp_path):
    rows = [HEADER, [*ZHANG[:6], '"党员;楼栋长"', *ZHANG[7:]]]
    path = write_csv(tmp_path / "members.csv", rows)
    with read_table(path, MEMBERS) as reader:
        (row,) = list(reader)
    assert row.values["tags"] == ("党员", "楼栋长")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_row_numbers_survive_blank_rows(tmp_path, kind):
    blank = [""] * len(HEADER)
    rows = [HEADER, blank, ZHANG, blank, blank, [*LI[:1], "1381234", *LI[2:]], ["", " ", "\u3000"]]
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "members.xlsx", [[cell or None for cell in row] for row in rows])
    else:
        path = write_csv(tmp_path / "members.csv", rows)
    with read_table(path, MEMBERS) as reader:
        parsed = list(reader)
    assert [row.row_number for row in parsed] == [3, 6]
    assert reader.report() == [f"members.{kind}:6:手机号: 不是有效的手机号：“1381234”（应为11位手机号）"]


def test_title_row_above_the_header_is_skipped(tmp_path):
    path = write_xlsx(tmp_path / "members.xlsx", [["百步亭花园社区志愿者名册"], [], HEADER, ZHANG])
    with read_table(path, MEMBERS) as reader:
        (row,) = list(reader)
    assert reader.header.row == 3 and row.row_number == 4 and row.ok


def test_explicit_header_row(tmp_path):
    path = write_csv(tmp_path / "members.csv", [["姓名"], HEADER, ZHANG])
    with read_table(path, MEMBERS, header_row=2) as reader:
        assert [row.row_number for row in reader] == [3]


def test_problems_carry_row_and_column_as_written_and_all_are_collected(tmp_path):
    header = ["姓名", "手机", "性别", "出生日期", "Org", "注册方式"]
    rows = [
        header,
        ["张秀英", "1381234", "女", "1949-12-31", "百步亭花园社区", "家门口"],
        ["", "13987654321", "未知", "2026-02-30", "百步亭花园社区", "电话"],
        ["李建国", "13900000000", "男", "1962/8/15", "", "线上"],
    ]
    path = write_xlsx(tmp_path / "members.xlsx", rows)
    with read_table(path, MEMBERS) as reader:
        parsed = list(reader)
        report = reader.report()
        assert (reader.rows_read, reader.rows_valid, reader.problem_count) == (3, 0, 6)
    assert report == [
        "members.xlsx:2:手机: 不是有效的手机号：“1381234”（应为11位手机号）",
        "members.xlsx:3:姓名: 必填，不能为空",
        "members.xlsx:3:性别: 不是可选的值：“未知”（可选：男 / 女 / male / female）",
        "members.xlsx:3:出生日期: 不是有效的日期：“2026-02-30”（应为 2026-11-02 这样的日期）",
        "members.xlsx:3:注册方式: 不是可选的值：“电话”（可选：家门口 / 线上 / 导入 / doorstep / online）",
        "members.xlsx:4:Org: 必填，不能为空",
    ]
    assert parsed[0].problems[0].render("en") == "members.xlsx:2:手机: not a valid mobile number: “1381234” (expected 11 digits)"
    assert "phone" not in parsed[0].values and parsed[0].values["gender"] == "female"


def test_problem_list_is_capped_with_a_count_of_the_rest(tmp_path):
    rows = [["手机号", "服务时长（小时）", "开始时间"]] + [["坏", "坏", "坏"]] * 10
    path = write_csv(tmp_path / "service.csv", rows)
    with read_table(path, SERVICE, max_problems=4) as reader:
        report = lines(reader)
    assert reader.problem_count == 30
    assert len(report) == 5 and report[-1] == "…… 还有 26 处问题未列出"


def test_duplicate_within_the_file(tmp_path):
    rows = [HEADER, ZHANG, LI, [*LI[:1], "13812345678", *LI[2:]], [*LI[:1], "138-1234-5678", *LI[2:]]]
    path = write_csv(tmp_path / "members.csv", rows)
    with read_table(path, MEMBERS, checks=[UniqueCheck("phone")]) as reader:
        report = lines(reader)
        assert lines(reader) == report  # a second pass starts clean
    assert report == [
        "members.csv:4:手机号: 与第2行重复：“13812345678”",
        "members.csv:5:手机号: 与第2行重复：“13812345678”",
    ]


def test_duplicate_of_a_combination(tmp_path):
    rows = [["手机号", "服务时长（小时）", "开始时间"], ["13812345678", "2", "2026-11-02 08:30"],
            ["13812345678", "1", "2026-11-02 08:30"], ["13812345678", "1", "2026-11-03 08:30"]]
    path = write_csv(tmp_path / "service.csv", rows)
    with read_table(path, SERVICE, checks=[UniqueCheck("手机号", "开始时间")]) as reader:
        assert lines(reader) == ["service.csv:3:手机号: 与第2行重复：“13812345678 / 2026-11-02 08:30”"]


def test_check_on_unknown_key_is_a_programming_error(tmp_path):
    path = write_csv(tmp_path / "members.csv", [HEADER, ZHANG])
    with pytest.raises(ValueError):
        read_table(path, MEMBERS, checks=[UniqueCheck("手机号")])  # MEMBERS keys are English


def test_missing_required_columns_name_file_columns_and_headers_found(tmp_path):
    path = write_xlsx(tmp_path / "members.xlsx", [["姓名", "电话", "备注"], ["张秀英", "13812345678", ""]])
    with pytest.raises(TableError) as caught:
        read_table(path, MEMBERS)
    assert caught.value.key == "tabular.missing_columns"
    assert str(caught.value) == "members.xlsx：缺少必需的列：手机号 / 所属组织；第1行的表头是：姓名 / 电话 / 备注"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["姓名", "手机号", "所属组织", "手机号"], "members.csv：表头重复：B 列“手机号”和 D 列“手机号”是同一列，请删除或改名其中一列"),
        (["姓名", "手机号", "所属组织", "Phone"], "members.csv：表头重复：B 列“手机号”和 D 列“Phone”是同一列，请删除或改名其中一列"),
        (["姓名", "备注", "手机号", "所属组织", "备 注"], "members.csv：表头重复：B 列“备注”和 E 列“备 注”是同一列，请删除或改名其中一列"),
    ],
)
def test_duplicate_header(tmp_path, header, message):
    path = write_csv(tmp_path / "members.csv", [header])
    with pytest.raises(TableError) as caught:
        read_table(path, MEMBERS)
    assert caught.value.key == "tabular.duplicate_header" and str(caught.value) == message


def test_unknown_headers_are_ignored_with_a_warning(tmp_path):
    path = write_csv(tmp_path / "members.csv", [["序号", "姓名", "手机号", "所属组织", "出生日", ""], ["1", "张秀英", "13812345678", "百步亭花园社区", "1949-12-31", "x"]])
    with read_table(path, MEMBERS) as reader:
        (row,) = list(reader)
    assert row.ok and row.values["birth_date"] is None
    assert [warning.render() for warning in reader.warnings] == [
        "members.csv:1:序号: 未知的列“序号”，已忽略",
        "members.csv:1:出生日: 未知的列“出生日”，已忽略（是不是“出生日期”？）",
    ]
    assert row.raw == {"序号": "1", "姓名": "张秀英", "手机号": "13812345678", "所属组织": "百步亭花园社区", "出生日": "1949-12-31"}


def test_named_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["说明：请填写第二个工作表"])
    second = workbook.create_sheet("志愿者")
    second.append(HEADER)
    second.append(ZHANG)
    workbook.save(tmp_path / "members.xlsx")
    with read_table(tmp_path / "members.xlsx", MEMBERS, sheet="志愿者") as reader:
        assert [row.values["name"] for row in reader] == ["张秀英"]
    with pytest.raises(TableError) as caught:
        read_table(tmp_path / "members.xlsx", MEMBERS, sheet="成员")
    assert str(caught.value) == "members.xlsx：没有名为“成员”的工作表；现有工作表：Sheet / 志愿者"


def test_overlong_cell_and_excel_error_cell_are_problems(tmp_path):
    path = write_csv(tmp_path / "members.csv", [HEADER, [ZHANG[0] * 1000, "#N/A", *ZHANG[2:]]])
    with read_table(path, MEMBERS) as reader:
        assert lines(reader) == [
            "members.csv:2:姓名: 内容过长（3000个字，最多2000个）",
            "members.csv:2:手机号: 单元格是公式错误“#N/A”，请改成实际的值",
        ]


def test_short_rows_read_missing_cells_as_blank(tmp_path):
    path = write_csv(tmp_path / "members.csv", [HEADER, ["张秀英", "13812345678"]])
    with read_table(path, MEMBERS) as reader:
        assert lines(reader) == ["members.csv:2:所属组织: 必填，不能为空"]


def test_batches_cover_every_row_once(tmp_path):
    rows = [["手机号", "服务时长（小时）", "开始时间"]] + [[f"138{n:08d}", "1", "2026-11-02 08:30"] for n in range(23)]
    path = write_csv(tmp_path / "service.csv", rows)
    with read_table(path, SERVICE) as reader:
        sizes = [len(batch) for batch in reader.batches(size=10)]
        assert sizes == [10, 10, 3] and reader.rows_valid == 23
        with pytest.raises(ValueError):
            next(reader.batches(0))


def test_english_locale_renders_file_errors(tmp_path):
    path = write_csv(tmp_path / "members.csv", [["姓名"]])
    with pytest.raises(TableError) as caught:
        read_table(path, MEMBERS)
    assert caught.value.render("en").startswith("members.csv: missing required column(s): 手机号 / 所属组织;")


def test_alike_cells_are_parsed_once_and_every_bad_one_still_located(tmp_path: Path) -> None:
    seen: list[object] = []

    def counted(value: object) -> str:
        seen.append(value)
        return p.choice(GENDER)(value)

    columns = [Column("手机号", ("phone",), p.phone, key="phone"), Column("性别", ("gender",), counted, key="gender")]
    genders = ["男", "女", "未知"]
    rows = [["手机号", "性别"], *([f"139{i:08d}", genders[i % 3]] for i in range(300))]
    with read_table(write_csv(tmp_path / "名册.csv", rows), columns) as reader:
        parsed = list(reader)
    assert sorted(seen) == sorted(genders)
    assert [row.values.get("gender") for row in parsed[:3]] == ["male", "female", None]
    bad = [problem for row in parsed for problem in row.problems]
    assert [(problem.row, problem.column) for problem in bad] == [(i + 2, "性别") for i in range(2, 300, 3)]
    assert {row.values["phone"] for row in parsed} == {f"139{i:08d}" for i in range(300)}
