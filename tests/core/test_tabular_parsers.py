"""Each cell parser with the values district spreadsheets really contain, good and bad."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from linli.core.tabular import CellProblem
from linli.core.tabular import parsers as p

GENDER = p.choice({"男": "male", "女": "female", "male": "male", "female": "female"})
CHANNEL = p.choice({"家门口": "doorstep", "线上": "online", "导入": "import"})


def problem_key(parse, value) -> str:
    with pytest.raises(CellProblem) as caught:
        parse(value)
    return caught.value.key


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" 张秀英 ", "张秀英"), ("百步亭花园社区", "百步亭花园社区"), (101, "101"), (101.0, "101"), (2.5, "2.5"), ("\u3000李建国\u200b", "李建国")],
)
def test_text(value, expected):
    assert p.text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (0, 0), (3.0, 3), ("12", 12), ("３", 3), ("1,200", 1200), ("7.0", 7)])
def test_integer_good(value, expected):
    assert p.integer(value) == expected


@pytest.mark.parametrize("value", [-1, "-1", 2.5, "2.5", "十", True, float("nan"), float("inf"), "1,20"])
def test_integer_bad(value):
    assert problem_key(p.integer, value) == "tabular.not_integer"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.5, Decimal("2.5")),
        (2, Decimal("2")),
        ("2.5", Decimal("2.5")),
        ("2小时", Decimal("2")),
        ("2 个小时", Decimal("2")),
        ("1.5h", Decimal("1.5")),
        ("2 Hours", Decimal("2")),
        ("1小时30分", Decimal("1.50")),
        ("90分钟", Decimal("1.50")),
        ("20分钟", Decimal("0.33")),
        ("2:30", Decimal("2.50")),
        ("２．５", Decimal("2.5")),
        (dt.time(2, 30), Decimal("2.50")),
        (dt.timedelta(hours=26), Decimal("26.00")),
        (Decimal("3.25"), Decimal("3.25")),
    ],
)
def test_hours_good(value, expected):
    assert p.hours(value) == expected


@pytest.mark.parametrize("value", [-1, "-2", "两小时", "2:75", "2.5.1", "h", "小时", dt.datetime(2026, 11, 2), float("nan"), True])
def test_hours_bad(value):
    assert problem_key(p.hours, value) == "tabular.not_hours"


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 11, 2, 0, 0),
        dt.date(2026, 11, 2),
        "2026-11-02",
        "2026/11/2",
        "2026.11.2",
        "2026年11月2日",
        "2026年11月2号",
        "２０２６年１１月２日",
        "20261102",
        20261102,
        "2026/11/2 0:00",
        46328,
        46328.0,
        "46328",
    ],
)
def test_date_good(value):
    assert p.date(value) == dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2026-02-30", "tabular.not_date"),
        ("2026-11/2", "tabular.not_date"),
        ("11/2/2026", "tabular.not_date"),
        ("26-11-2", "tabular.not_date"),
        ("明天", "tabular.not_date"),
        (0, "tabular.not_date"),
        (-5, "tabular.not_date"),
        (3_000_000, "tabular.not_date"),
        (True, "tabular.not_date"),
        (dt.time(8, 30), "tabular.not_date"),
        (1985, "tabular.date_year_only"),
        ("1985", "tabular.date_year_only"),
    ],
)
def test_date_bad(value, key):
    assert problem_key(p.date, value) == key


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 11, 2, 8, 30),
        "2026-11-02 08:30",
        "2026/11/2 8:30",
        "2026-11-02T08:30:00",
        "2026年11月2日 8:30",
        "2026年11月2日8时30分",
        "2026-11-02 08:30:00.000",
        46328 + 8.5 / 24,
        str(46328 + 8.5 / 24),
    ],
)
def test_datetime_good(value):
    assert p.datetime(value) == dt.datetime(2026, 11, 2, 8, 30)


@pytest.mark.parametrize("value", ["2026-11-02", dt.date(2026, 11, 2), "2026-11-02 25:00", "2026-11-02 8:61", "8:30", 0.5, "下午"])
def test_datetime_bad(value):
    assert problem_key(p.datetime, value) == "tabular.not_datetime"


@pytest.mark.parametrize(
    "value",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "0086-13812345678", "8613812345678",
     "(+86)13812345678", "138.1234.5678", 13812345678, 13812345678.0, "１３８１２３４５６７８"],
)
def test_phone_good(value):
    assert p.phone(value) == "13812345678"


@pytest.mark.parametrize("value", ["1381234", "12812345678", "138123456789", "027-88881234", "1381234567a", 1.5, True, "13812345678/13987654321"])
def test_phone_bad(value):
    assert problem_key(p.phone, value) == "tabular.not_phone"


def test_phone_message_is_the_documented_one():
    with pytest.raises(CellProblem) as caught:
        p.phone("1381234")
    assert caught.value.params == {"value": "1381234"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("11010519491231002X", "11010519491231002X"), ("11010519491231002x", "11010519491231002X"),
     ("420102 19850301 1231", "420102198503011231"), (420102198503011231, "420102198503011231")],
)
def test_id_card_good(value, expected):
    assert p.id_card(value) == expected


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("420102198503011232", "tabular.id_card_checksum"),
        ("4201021985030112", "tabular.not_id_card"),
        ("420102198502301231", "tabular.id_card_birth_date"),  # 2月30日
        ("420102209901011234", "tabular.id_card_birth_date"),  # born in the future
        (4.20102198503011e17, "tabular.id_card_number"),
        ("4.20102E+17", "tabular.id_card_number"),
        ("张秀英", "tabular.not_id_card"),
    ],
)
def test_id_card_bad(value, key):
    assert problem_key(p.id_card, value) == key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("助老、环保，义诊", ("助老", "环保", "义诊")),
        ("助老,环保;义诊；助老", ("助老", "环保", "义诊")),
        (" 助老 、、 ", ("助老",)),
        ("理发\n维修", ("理发", "维修")),
        ("，", ()),
        (3, ("3",)),
    ],
)
def test_items(value, expected):
    assert p.items()(value) == expected


def test_items_with_item_parser():
    assert p.items(CHANNEL)("家门口、线上") == ("doorstep", "online")
    assert problem_key(p.items(CHANNEL), "家门口、电话") == "tabular.not_choice"


@pytest.mark.parametrize(("value", "expected"), [("男", "male"), ("女", "female"), ("Male", "male"), (" FEMALE ", "female"), ("ｍａｌｅ", "male")])
def test_choice_good(value, expected):
    assert GENDER(value) == expected


def test_choice_bad_lists_the_accepted_labels():
    with pytest.raises(CellProblem) as caught:
        CHANNEL("电话")
    assert caught.value.key == "tabular.not_choice"
    assert caught.value.params == {"value": "电话", "choices": "家门口 / 线上 / 导入"}


def test_choice_refuses_conflicting_labels():
    with pytest.raises(ValueError):
        p.choice({"Male": "male", "male": "female"})


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (5, 5), (4.0, 4), ("3", 3), ("4分", 4), ("５", 5), ("★★★★☆", 4), ("★", 1)])
def test_score_good(value, expected):
    assert p.score(value) == expected


@pytest.mark.parametrize("value", [0, 6, 4.5, "4.5", "☆☆☆", "好", True, "10分"])
def test_score_bad(value):
    assert problem_key(p.score, value) == "tabular.not_score"


def test_long_values_are_shortened_in_messages():
    with pytest.raises(CellProblem) as caught:
        p.phone("1" * 500)
    assert len(caught.value.params["value"]) == 40
    assert caught.value.params["value"].endswith("…")


@pytest.mark.parametrize("value", ["123", "2026", "46328.5.1"])
def test_short_numbers_are_not_read_as_excel_serials(value):
    with pytest.raises(CellProblem):
        p.date(value)
    with pytest.raises(CellProblem):
        p.datetime(value)
