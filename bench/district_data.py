"""B1's input: a Hanyang-size district year, seeded, written as the CSV files a district keeps.

The org sheet lists the communities under the preset's 11 streets; the roster
registers every volunteer at a community; the service ledger names each
activity by its title (one year-long activity per community and category,
``<社区>·<类别>``) as paper ledgers do. Volunteering is skewed as in real
programs: a few core volunteers serve every week, most serve now and then,
many have not served yet. The same scale and seed always give the same files,
so they are generated once and reused (``manifest.json`` says what they hold).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from linli.core.idcard import check_char

SEED = 2025
YEAR = 2025
STREETS = {
    "HY-JQ": "建桥",
    "HY-QC": "晴川",
    "HY-YW": "鹦鹉",
    "HY-ZT": "洲头",
    "HY-WLD": "五里墩",
    "HY-QDK": "琴断口",
    "HY-JHEQ": "江汉二桥",
    "HY-YF": "永丰",
    "HY-JD": "江堤",
    "HY-SX": "四新",
    "HY-LY": "龙阳",
}
#: The preset's two inline communities, listed in the sheet as well (an import skips what is stored).
INLINE = {"HY-JQ": ("HY-JQ-JG", "建港社区"), "HY-SX": ("HY-SX-MLDH", "梅林都汇社区")}
INLINE_CODES = {code for code, _ in INLINE.values()}
CATEGORIES = {
    "civilization_practice": "新时代文明实践",
    "epidemic_prevention": "疫情防控",
    "elder_care": "关爱孤寡老人",
    "disability_children": "帮残助幼",
    "medical": "医疗健康",
    "reading": "阅读推广",
    "delivery": "送医送药",
    "governance": "社区治理",
    "memorial": "文明祭扫",
    "environment": "环境卫生",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "建国", "芳", "磊", "洋", "静", "帆", "丽", "强", "敏", "军", "婷", "伟", "霞", "勇", "娟"]
SKILLS = ["理发", "维修", "医护", "法律", "心理疏导", "文艺", "电脑", "驾驶"]
SLOTS_PER_DAY = 10  # a service starts on the hour, 08:00 to 17:00
ORG_HEADER = ["编码", "名称", "上级编码", "层级", "常住人口"]
MEMBER_HEADER = ["姓名", "手机号", "身份证号", "性别", "出生日期", "所属组织", "标签", "技能", "服务意愿", "注册方式", "注册日期"]
SERVICE_HEADER = ["手机号", "活动", "开始时间", "结束时间"]


@dataclass(frozen=True)
class Scale:
    communities: int
    members: int
    records: int


SCALES = {
    "small": Scale(communities=12, members=2_000, records=5_000),
    "hanyang": Scale(communities=118, members=454_300, records=1_000_000),
}


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    street: str


@dataclass(frozen=True)
class DistrictFiles:
    """The generated files and the facts a run checks its results against."""

    folder: Path
    communities: int
    members: int
    records: int
    minutes: int
    activities: int

    @property
    def orgs(self) -> Path:
        return self.folder / "组织.csv"

    @property
    def roster(self) -> Path:
        return self.folder / "志愿者名册.csv"

    @property
    def ledger(self) -> Path:
        return self.folder / "服务台账.csv"

    @property
    def hours(self) -> float:
        return self.minutes / 60


def communities(count: int) -> list[Community]:
    """*count* communities spread over the 11 streets, the preset's two among them."""
    found: list[Community] = []
    streets = list(STREETS)
    for n in range(count):
        street = streets[n % len(streets)]
        index = n // len(streets) + 1
        if index == 1 and street in INLINE:
            code, name = INLINE[street]
        else:
            code, name = f"{street}-C{index:02d}", f"{STREETS[street]}第{index}社区"
        found.append(Community(code, name, street))
    return found


def activity_title(community: Community, category: str) -> str:
    return f"{community.name}·{CATEGORIES[category]}"


def phone(n: int) -> str:
    return f"139{n:08d}"


def generate(scale: Scale, folder: Path) -> DistrictFiles:
    """Write the three sheets into *folder* (reusing them when its manifest matches) and return what they hold."""
    manifest = folder / "manifest.json"
    wanted = {"seed": SEED, "year": YEAR, **asdict(scale)}
    if manifest.exists():
        stored = json.loads(manifest.read_text("utf-8"))
        if stored.get("scale") == wanted:
            return DistrictFiles(folder, **stored["facts"])
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    places = communities(scale.communities)
    files = DistrictFiles(folder, len(places), scale.members, scale.records, 0, len(places) * len(CATEGORIES))
    # The preset's own communities carry no population, and a row must match a stored node exactly.
    residents = [str(rng.randint(4000, 12000)) for _ in places]
    rows = ([c.code, c.name, c.street, "community", "" if c.code in INLINE_CODES else residents[i]] for i, c in enumerate(places))
    _write(files.orgs, ORG_HEADER, rows)
    homes = [rng.randrange(len(places)) for _ in range(scale.members)]
    _write(files.roster, MEMBER_HEADER, (_member(rng, n, places[homes[n]]) for n in range(scale.members)))
    minutes = _write_ledger(rng, files.ledger, places, homes, scale.records)
    files = DistrictFiles(folder, files.communities, files.members, files.records, minutes, files.activities)
    facts = {k: v for k, v in asdict(files).items() if k != "folder"}
    manifest.write_text(json.dumps({"scale": wanted, "facts": facts}), "utf-8")
    return files


def _write(path: Path, header: list[str], rows: object) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


def _member(rng: random.Random, n: int, home: Community) -> list[str]:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n // 1000)
    female = rng.random() < 0.55
    ident = ""
    if n % 2 == 0:  # half the roster gives an ID number; date × sequence keeps them unique
        sequence = n % 1000 // 2 * 2 + (0 if female else 1)  # the 17th digit's parity is the gender
        first17 = f"420105{birth:%Y%m%d}{sequence:03d}"
        ident = first17 + check_char(first17)
    tags = "党员" if rng.random() < 0.2 else ""
    skills = "、".join(rng.sample(SKILLS, rng.randint(0, 2)))
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    registered = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
    gender = ("女" if female else "男") if ident else ""
    born = birth.isoformat() if ident else ""
    return [name, phone(n), ident, gender, born, home.code, tags, skills, "助老", "线上", registered.isoformat()]


def _record_counts(rng: random.Random, members: int, records: int) -> list[int]:
    """Records per member: 1% core volunteers (30–150), 15% regulars (3–8), 35% occasional (1–2), the rest none yet."""
    counts = []
    for _ in range(members):
        draw = rng.random()
        counts.append(rng.randint(30, 150) if draw < 0.01 else rng.randint(3, 8) if draw < 0.16 else rng.randint(1, 2) if draw < 0.51 else 0)
    total = sum(counts)
    # Trim or top up at random members until the year holds exactly *records*.
    while total != records:
        n = rng.randrange(members)
        if total > records and counts[n] > 0:
            counts[n] -= 1
            total -= 1
        elif total < records and counts[n] < 150:
            counts[n] += 1
            total += 1
    return counts


def _write_ledger(rng: random.Random, path: Path, places: list[Community], homes: list[int], records: int) -> int:
    """The service ledger in date order; returns its total minutes. Most serve at home, some elsewhere in their street."""
    by_street: dict[str, list[int]] = {}
    for index, place in enumerate(places):
        by_street.setdefault(place.street, []).append(index)
    categories = list(CATEGORIES)
    slots = 365 * SLOTS_PER_DAY
    rows: list[tuple[int, int, int, int, int]] = []  # slot, member, community, category, minutes
    for member, count in enumerate(_record_counts(rng, len(homes), records)):
        home = homes[member]
        for slot in rng.sample(range(slots), count):  # distinct starts: (phone, activity, start) is unique
            place = home if rng.random() < 0.9 else rng.choice(by_street[places[home].street])
            minutes = max(30, min(480, round(rng.gauss(130, 45) / 5) * 5))
            rows.append((slot, member, place, rng.randrange(len(categories)), minutes))
    rows.sort()
    start_of_year = dt.datetime(YEAR, 1, 1)
    total = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(SERVICE_HEADER)
        for slot, member, place, category, minutes in rows:
            start = start_of_year + dt.timedelta(days=slot // SLOTS_PER_DAY, hours=8 + slot % SLOTS_PER_DAY)
            end = start + dt.timedelta(minutes=minutes)
            title = activity_title(places[place], categories[category])
            writer.writerow([phone(member), title, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}"])
            total += minutes
    return total
