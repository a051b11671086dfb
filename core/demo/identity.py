"""Synthetic but well-formed mobile numbers and GB 11643 ID numbers, unique within a demo.

The numbers pass the same checks a real registration does
(:func:`linli.core.phone.normalize_mobile`, :func:`linli.core.idcard.parse_id_number`),
so the demo exercises the real validation path instead of bypassing it.
"""

from __future__ import annotations

import datetime as dt
import random

from linli.core.idcard import check_char

# Prefixes the three carriers hand out: 1 + a digit 3–9 + one more digit.
MOBILE_PREFIXES = tuple(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199".split()
)

# GB/T 2260 province codes: the first two digits of an ID number.
PROVINCE_CODES: dict[str, str] = dict(
    entry.split(":")
    for entry in (
        "北京:11 天津:12 河北:13 山西:14 内蒙古:15 辽宁:21 吉林:22 黑龙江:23 上海:31 江苏:32 浙江:33 安徽:34 "
        "福建:35 江西:36 山东:37 河南:41 湖北:42 湖南:43 广东:44 广西:45 海南:46 重庆:50 四川:51 贵州:52 "
        "云南:53 西藏:54 陕西:61 甘肃:62 青海:63 宁夏:64 新疆:65"
    ).split()
)
# Most residents of a community were born in its province; the rest came from anywhere.
LOCAL_SHARE = 0.85


class PhoneBook:
    """Hands out distinct mobile numbers."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()

    def new(self) -> str:
        while True:
            number = self._rng.choice(MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._taken:
                self._taken.add(number)
                return number


def province_code(province: str | None) -> str | None:
    """The code of a province named like 湖北省 or 广西壮族自治区, or None when unknown."""
    if not province:
        return None
    return next((code for name, code in PROVINCE_CODES.items() if province.startswith(name)), None)


class IdRegistry:
    """Hands out distinct ID numbers whose region is mostly the program's province."""

    def __init__(self, rng: random.Random, province: str | None) -> None:
        self._rng = rng
        self._home = province_code(province)
        self._codes = sorted(PROVINCE_CODES.values())
        self._taken: set[str] = set()

    def new(self, birth_date: dt.date, gender: str) -> str:
        rng = self._rng
        while True:
            local = self._home is not None and rng.random() < LOCAL_SHARE
            province = self._home if local else rng.choice(self._codes)
            # Local people mostly come from the capital's districts, others from anywhere in their province.
            region = f"{province}{1 if local else rng.randint(1, 9):02d}{rng.randint(2, 15):02d}"
            # The sequence's last digit is odd for men, even for women.
            sequence = f"{rng.randrange(100):02d}{rng.randrange(1 if gender == 'male' else 0, 10, 2)}"
            first17 = f"{region}{birth_date:%Y%m%d}{sequence}"
            number = first17 + check_char(first17)
            if number not in self._taken:
                self._taken.add(number)
                return number
