"""GB 11643 ID numbers: check character, embedded birth date, gender, masking."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.core.idcard import IdNumberError, check_char, mask_id_number, parse_id_number
from tests.core.factories import id_number

TODAY = dt.date(2024, 3, 1)


def test_the_standards_own_examples_have_matching_check_characters() -> None:
    # Both appear in GB 11643-1999's annex.
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"


def test_a_known_valid_number_parses() -> None:
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "female"  # sequence 002: even


def test_lower_case_x_and_spaces_are_accepted() -> None:
    assert parse_id_number(" 11010519491231002x ", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(("sequence", "gender"), [("123", "male"), ("124", "female")])
def test_gender_comes_from_the_sequence(sequence: str, gender: str) -> None:
    assert parse_id_number(id_number("420106", "19820715", sequence), today=TODAY).gender == gender


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("42010219650312123", "length"),
        ("4201021965031212345", "length"),
        ("42010219650312A239", "characters"),
        ("４２０１０２１９６５０３１２１２３９", "characters"),  # full-width digits
        (id_number(birth="19650230"), "birth_date"),  # 30 February
        (id_number(birth="20250101"), "birth_date"),  # after today
        (id_number(birth="18800101"), "birth_date"),  # nobody living; a typing error
    ],
)
def test_malformed_numbers_say_why(raw: str, reason: str) -> None:
    with pytest.raises(IdNumberError) as error:
        parse_id_number(raw, today=TODAY)
    assert error.value.reason == reason


def test_a_wrong_check_character_is_caught() -> None:
    good = id_number()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(IdNumberError) as error:
        parse_id_number(wrong, today=TODAY)
    assert error.value.reason == "checksum"


def test_a_swapped_pair_of_digits_is_caught() -> None:
    good = id_number(region="420102", birth="19650312", sequence="153")
    swapped = good[:14] + good[15] + good[14] + good[16:]
    with pytest.raises(IdNumberError):
        parse_id_number(swapped, today=TODAY)


def test_mask_keeps_region_prefix_and_tail() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"
