"""The demo's generators give data that passes linli's own checks and follows the preset's shape."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

import pytest

from linli.core.config.program import Program, Term
from linli.core.demo.identity import IdRegistry, PhoneBook, province_code
from linli.core.demo.names import SURNAMES, person_name
from linli.core.demo.people import member_rows, tag_roles
from linli.core.demo.rhythms import days, holidays, rhythm_of
from linli.core.demo.tree import MEMBERS_PER_LEAF, VOLUNTEER_SHARE, plan_tree
from linli.core.idcard import parse_id_number
from linli.core.phone import normalize_mobile
from tests.core.demo.conftest import PRESETS

TODAY = dt.date(2026, 5, 20)


def test_phones_and_id_numbers_are_valid_and_distinct() -> None:
    rng = random.Random(3)
    phones, ids = PhoneBook(rng), IdRegistry(rng, "湖北省")
    numbers = [phones.new() for _ in range(5000)]
    assert len(set(numbers)) == 5000 and all(normalize_mobile(n) == n for n in numbers)
    births = [dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000)) for _ in range(5000)]
    cards = [ids.new(birth, "female" if i % 2 else "male") for i, birth in enumerate(births)]
    assert len(set(cards)) == 5000
    parsed = [parse_id_number(card, today=TODAY) for card in cards]
    assert [p.birth_date for p in parsed] == births
    assert [p.gender for p in parsed] == ["female" if i % 2 else "male" for i in range(5000)]
    assert Counter(card[:2] for card in cards).most_common(1)[0][0] == province_code("湖北省") == "42"


def test_names_follow_the_surname_frequencies() -> None:
    rng = random.Random(5)
    names = [person_name(rng, "female", 1955) for _ in range(20000)]
    counts = Counter(name[0] for name in names)
    assert counts.most_common(3)[0][0] in "王李张"
    assert counts["王"] > 5 * counts["孔"]
    assert {name[0] for name, _ in SURNAMES} >= set(counts)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("members", [1, 300, 2000])
def test_tree_grows_the_presets_levels_below_its_inline_nodes(presets: Callable[[str], Program], preset: str, members: int) -> None:
    program = presets(preset)
    tree = plan_tree(program, members, random.Random(1))
    levels = [level.key for level in program.levels]
    inline = {spec.code for root in program.nodes for spec, _ in root.walk()}
    pairs = [pair for root in tree.roots for pair in root.walk()]
    assert inline <= {spec.code for spec, _ in pairs}
    assert len({spec.code for spec, _ in pairs}) == len(pairs)
    for spec, parent in pairs:
        if parent is not None:
            assert levels.index(spec.level) > levels.index(parent.level)
        assert spec.children or spec.level == levels[-1]  # every branch reaches the last level
    assert sum(tree.quotas.values()) == members
    assert len(tree.quotas) >= members / MEMBERS_PER_LEAF
    assert tree.residents * VOLUNTEER_SHARE == pytest.approx(members, rel=0.15) or members < 50


def test_a_full_size_baibuting_is_close_to_the_seed(presets: Callable[[str], Program]) -> None:
    tree = plan_tree(presets("baibuting"), 40000, random.Random(1))
    stations, groups = len(tree.at_depth(1)), len(tree.at_depth(2))
    assert 20 <= stations <= 40 and 700 <= groups <= 1000
    assert tree.units[0].name.endswith("志愿服务站")
    assert "栋楼栋志愿服务小组" in tree.at_depth(2)[0].name


def test_member_tags_are_recognised_by_meaning(presets: Callable[[str], Program]) -> None:
    tags = {"party_member": Term("party_member", "党员"), "zaizhi": Term("zaizhi", "在职党员"), "x": Term("x", "楼长家属")}
    assert tag_roles(tags) == {"party_member": "party", "zaizhi": "in_service", "x": "other"}
    program = presets("baibuting")
    tree = plan_tree(program, 3000, random.Random(1))
    rows = member_rows(program, tree.quotas, TODAY, random.Random(2))
    shares = Counter(tag for row in rows for tag in row.tags)
    assert shares["party_member"] / 3000 == pytest.approx(0.40, abs=0.04)
    assert shares["in_service_party_member"] / 3000 == pytest.approx(0.10, abs=0.03)
    assert all("party_member" in row.tags for row in rows if "in_service_party_member" in row.tags)
    assert 0.85 < sum(row.id_number is not None for row in rows) / 3000 < 0.97
    assert all(dt.date(1950, 1, 1) <= row.birth_date <= dt.date(2005, 12, 31) for row in rows if row.birth_date)
    assert all(row.registered_on and row.registered_on <= TODAY for row in rows)


def test_rhythms_come_from_category_words() -> None:
    assert rhythm_of(Term("patrol", "治安巡逻")).kind_of == "weekly"
    assert rhythm_of(Term("skills_training", "技能培训")).activity_kind == "training"
    assert rhythm_of(Term("x", "端午节庆")).kind_of == "holiday"
    assert rhythm_of(Term("elder_care", "关爱空巢老人")).kind_of == "monthly"
    year = list(days(rhythm_of(Term("patrol", "巡逻")), dt.date(2025, 1, 1), dt.date(2025, 12, 31), 4))
    assert len(year) == 52 and {day.weekday() for day, _ in year} == {4}
    assert dict((name, day) for day, name in holidays(2025))["中秋"] == dt.date(2025, 10, 6)
