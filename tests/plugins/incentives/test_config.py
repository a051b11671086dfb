"""Config errors of the ``incentives`` section, each located at its line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host

CONFIGS = Path(__file__).parents[3] / "configs"

HEADER = """\
linli: 1
program: {name: 测试街道, locale: en}
organization:
  levels: [{key: center, name: 中心}]
activity_categories:
  patrol: {name: 巡逻}
  elderly: {name: 助老}
member_tags:
  in_service_party: {name: 在职党员}
incentives:
"""
FIRST_LINE = HEADER.count("\n") + 1  # the first line of the section's body


@pytest.fixture(scope="module")
def loader() -> ProgramLoader:
    return ProgramLoader(make_plugin_host(autoload=False))


def problems(loader: ProgramLoader, body: str) -> list[tuple[int, str]]:
    """``(line within the section body, message)`` of each problem; line 1 is the body's first line."""
    result = loader.check_text(HEADER + textwrap.indent(textwrap.dedent(body), "  "), "linli.yaml")
    return [(p.line - FIRST_LINE + 1 if p.line else 0, p.render("en")) for p in result.problems]


def only(loader: ProgramLoader, body: str) -> tuple[int, str]:
    found = problems(loader, body)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_section_loads(loader: ProgramLoader) -> None:
    body = """\
    unit_name: 公益积分
    rounding: floor
    holidays: [{date: "2024-10-01", until: "2024-10-07", name: 国庆节}]
    expiry: {policy: months, months: 12}
    rules:
      - {id: base, kind: rate, points: 1, when: {sources: [self]}}
      - {id: holiday, kind: multiplier, factor: 2, when: {holidays: true, night: {from: "20:00", to: "06:00"}}}
    """
    assert problems(loader, body) == []


@pytest.mark.parametrize("preset", ["youxian", "baibuting"])
def test_the_presets_configure_incentives(loader: ProgramLoader, preset: str) -> None:
    result = loader.check(CONFIGS / f"{preset}.yaml")
    assert result.ok, [p.render("en") for p in result.problems]
    assert result.program is not None and result.program.is_enabled("incentives")


def test_unknown_kind_suggests_the_closest(loader: ProgramLoader) -> None:
    line, message = only(loader, "rules:\n  - {id: base, kind: rat, points: 1}\n")
    assert line == 2 and "kind: unknown points rule kind rat" in message and "did you mean rate" in message
    assert "first_service" in message and "training_credit" in message


def test_options_are_checked_against_the_kind_schema(loader: ProgramLoader) -> None:
    body = """\
    rules:
      - id: base
        kind: rate
        points: -1
        per: day
        ponts: 3
    """
    found = problems(loader, body)
    assert [line for line, _ in found] == [4, 5, 6]
    assert "rules.0.points: -1 is too small" in found[0][1]
    assert "rules.0.per: “day” is not one of the allowed values: hour, minute" in found[1][1]
    assert "rules.0.ponts: unknown key ponts; did you mean points?" in found[2][1]


def test_missing_option_is_reported_at_the_rule(loader: ProgramLoader) -> None:
    line, message = only(loader, "rules:\n  - {id: base, kind: rate}\n")
    assert line == 2 and "rules.0: missing required key: points" in message


def test_common_rule_shape_comes_from_the_section_schema(loader: ProgramLoader) -> None:
    found = problems(loader, "rules:\n  - {id: Base, kind: rate, points: 1}\n  - {kind: rate, points: 1}\n")
    assert [line for line, _ in found] == [2, 3]
    assert "rules.0.id: “Base” has the wrong form" in found[0][1] and "rules.1: missing required key: id" in found[1][1]


def test_duplicate_rule_ids(loader: ProgramLoader) -> None:
    line, message = only(loader, "rules:\n  - {id: base, kind: rate, points: 1}\n  - {id: base, kind: multiplier, factor: 2}\n")
    assert line == 3 and "rule id base is already used by rule 1" in message


def test_unknown_category_and_tag(loader: ProgramLoader) -> None:
    body = """\
    rules:
      - {id: base, kind: rate, points: 1}
      - {id: a, kind: multiplier, factor: 2, when: {categories: [patrol, culture]}}
      - {id: b, kind: multiplier, factor: 2, when: {tags: [party]}}
      - id: c
        kind: category_factors
        factors: {elderly: 1.5, cooking: 1.2}
    """
    found = problems(loader, body)
    assert [line for line, _ in found] == [3, 4, 7]
    assert "unknown activity category culture; defined categories: patrol, elderly" in found[0][1]
    assert "unknown member tag party" in found[1][1]
    assert "factors.cooking: unknown activity category cooking" in found[2][1]


def test_contradictory_caps(loader: ProgramLoader) -> None:
    body = """\
    rules:
      - {id: base, kind: rate, points: 1}
      - {id: day, kind: cap, window: day, max: 40}
      - {id: month, kind: cap, window: month, max: 30}
      - {id: day_again, kind: cap, window: day, max: 8}
      - {id: day_hours, kind: cap, window: day, max: 3, measure: hours}
      - {id: patrol_day, kind: cap, window: day, max: 50, when: {categories: [patrol]}}
    """
    found = problems(loader, body)
    assert [line for line, _ in found] == [3, 5]
    assert "per-day cap 40 is above the per-month cap 30 (rule month)" in found[0][1]
    assert "another cap (day) already limits this window (day)" in found[1][1]


def test_no_base_rule(loader: ProgramLoader) -> None:
    line, message = only(loader, "rules:\n  - {id: party, kind: multiplier, factor: 2}\n")
    assert line == 2 and "rules: no base rule" in message


def test_a_base_rule_after_a_catch_all_rate_never_applies(loader: ProgramLoader) -> None:
    line, message = only(loader, "rules:\n  - {id: base, kind: rate, points: 1}\n  - {id: growth, kind: training_credit, points: 2}\n")
    assert line == 3 and "rule growth never applies: base before it" in message


@pytest.mark.parametrize(
    ("body", "line", "text"),
    [
        ("holidays: [{date: '2024-10-07', until: '2024-10-01', name: 国庆节}]\n", 1, "the holiday ends (2024-10-01) before it starts"),
        ("holidays: [{date: '2024-13-01', name: 国庆节}]\n", 1, "not a valid date"),
        ("expiry: {policy: year_end, months: 3}\n", 1, "months only applies with policy: months"),
        ("expiry: {policy: months}\n", 1, "months"),
        ("rounding: nearest\n", 1, "nearest"),
    ],
)
def test_section_options(loader: ProgramLoader, body: str, line: int, text: str) -> None:
    found = only(loader, body + "rules:\n  - {id: base, kind: rate, points: 1}\n")
    assert found[0] == line and text in found[1], found


@pytest.mark.parametrize(
    ("when", "text"),
    [
        ("{holidays: true}", "needs holidays listed"),
        ("{night: {from: '22:00', to: '22:00'}}", "starts and ends at 22:00"),
        ("{night: {from: '22:00', to: '6:00'}}", "6:00"),
        ("{weekdays: [1, 2], weekend: true}", "never applies"),
        ("{sources: [wechat]}", "wechat"),
        ("{weekdays: [8]}", "8"),
        ("{season: summer}", "unknown key season"),
    ],
)
def test_when_conditions(loader: ProgramLoader, when: str, text: str) -> None:
    found = only(loader, f"rules:\n  - {{id: base, kind: rate, points: 1}}\n  - {{id: x, kind: multiplier, factor: 2, when: {when}}}\n")
    assert found[0] == 3 and text in found[1], found


def test_messages_follow_the_program_locale(loader: ProgramLoader) -> None:
    text = HEADER.replace("locale: en", "locale: zh-CN") + "  rules:\n    - {id: base, kind: rat, points: 1}\n"
    [problem] = loader.check_text(text, "linli.yaml").problems
    assert "未知的积分规则类型 rat，是不是要写 rate？" in problem.render("zh-CN")
