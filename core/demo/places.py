"""Names of places, organization nodes, partner units and teams, from any preset's level names.

A level is named by what it is called in the preset: a level whose name
speaks of buildings (楼栋志愿服务小组) gets "安居苑3栋楼栋志愿服务小组", an
administrative level (社区, 街道) gets "新华社区", a residential level (小区)
a compound name, and anything else (志愿服务站, 小区党支部) the name of the
compound it serves plus the level's name, so no preset needs code here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

COMPOUND_STEMS = tuple(
    "安居 百合 金桂 幸福 和谐 阳光 锦绣 翠竹 丹桂 枫林 紫荆 怡康 福星 长春 东方 江滨 滨湖 新港 "
    "育才 建设 同心 明珠 康乐 龙湾 凤凰 桃园 梅园 兰亭 荷塘 松鹤 银杏 香樟 玉兰 青枫 华庭 嘉禾".split()
)
COMPOUND_SUFFIXES = tuple("苑 花园 小区 家园 新村 公寓 佳园 雅居 名都 新城".split())
AREA_WORDS = tuple(
    "新华 建设 和平 友谊 胜利 红旗 东风 解放 民主 团结 光明 文化 幸福 长青 花桥 永安 育才 桃源 "
    "青山 滨江 柳林 古田 花园 百花 朝阳 前进 新村 东湖 西苑 南湖 北湖 中山 人民 工农 钢花 汉水".split()
)
# A series of the same activity in a large station runs in separate sectors.
SECTORS = tuple("东片 西片 南片 北片 中片".split())

BUILDING_WORDS = ("楼栋", "栋", "楼", "单元", "门洞", "户")
BARE_BUILDING_NAMES = ("楼栋", "栋", "楼", "单元")  # a level named just so: 凯茵新城3栋, not 凯茵新城3栋楼栋
AREA_SUFFIXES = ("街道", "社区", "镇", "乡", "村", "片区", "区")
RESIDENTIAL_WORDS = ("小区", "院落", "苑", "家园")
NUMBERED_WORDS = ("网格",)

PARTNER_UNITS = (
    "{district}人民医院",
    "{district}税务局",
    "{district}人民法院",
    "{district}消防救援大队",
    "{city}供电公司",
    "{city}自来水公司",
    "中国银行{district}支行",
    "中国移动{district}分公司",
    "{district}实验小学",
    "{city}第六中学",
    "{district}城市管理执法局",
    "{district}市场监督管理局",
)
TEAM_NAMES = tuple(
    "巡逻队 夕阳红腰鼓队 合唱团 太极拳队 广场舞队 书画社 义剪队 家电维修队 助老服务队 法律服务队 "
    "环保志愿队 红色宣讲团 心理关爱队 文明劝导队 亲子阅读队 应急救援队 编织社 摄影队".split()
)


@dataclass
class Namer:
    """Hands out compound and area names, each at most once, so sibling nodes never share a name."""

    rng: random.Random
    _used: set[str] = field(default_factory=set)

    def reserve(self, *names: str) -> None:
        """Names the preset already uses, never handed out again."""
        self._used.update(names)

    def compound(self) -> str:
        """A compound name like 安居苑; when all are taken, the next phase of one (安居苑二期)."""
        return self._fresh(lambda: self.rng.choice(COMPOUND_STEMS) + self.rng.choice(COMPOUND_SUFFIXES), "{base}{n}期")

    def area(self) -> str:
        """An area word like 新华 (for 新华社区); when all are taken, a numbered one (新华二)."""
        return self._fresh(lambda: self.rng.choice(AREA_WORDS), "{base}{n}")

    def _fresh(self, draw: Callable[[], str], numbered: str) -> str:
        for _ in range(50):
            name = draw()
            if name not in self._used:
                self._used.add(name)
                return name
        base, n = draw(), 2
        while (name := numbered.format(base=base, n=_numeral(n))) in self._used:
            n += 1
        self._used.add(name)
        return name

    def node(self, level_name: str, ordinal: int, parent_compound: Callable[[], str], parent_is_building: bool) -> tuple[str, str, str | None]:
        """A new node at a level called *level_name*: its name, its place (for titles) and its compound.

        The compound is what its buildings are named after; *parent_compound*
        gives the parent's, drawn only when a building needs it.
        """
        if is_building(level_name):
            place = f"{parent_compound()}{ordinal}{'单元' if parent_is_building else '栋'}"
            return place if level_name in BARE_BUILDING_NAMES else place + level_name, place, place
        if any(word in level_name for word in NUMBERED_WORDS):
            name = f"第{_chinese(ordinal)}{level_name}"
            return name, name, None
        if level_name.endswith(AREA_SUFFIXES) and not level_name.startswith(RESIDENTIAL_WORDS):
            name = self.area() + level_name
            return name, name, None
        compound = self.compound()
        word = next((word for word in RESIDENTIAL_WORDS if level_name.startswith(word)), "")
        return compound + level_name[len(word) :], compound, compound


def _chinese(n: int) -> str:
    """一 … 九十九, as ordinals are written in node names (第十二网格)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}" if n < 100 else str(n)


def _numeral(n: int) -> str:
    return _chinese(n) if n <= 10 else str(n)


def is_building(level_name: str) -> bool:
    return any(word in level_name for word in BUILDING_WORDS)


def partner_units(info: Mapping[str, object]) -> list[str]:
    """Partner units (驻区单位) named after the program's city and district when it gives them."""
    district = str(info.get("district") or info.get("street") or "区")
    city = str(info.get("city") or district)
    return [template.format(district=district, city=city.removesuffix("市")) for template in PARTNER_UNITS]
