"""The ``dispatch`` section: the 朝阳里 preset validates, and names that point nowhere are reported where they are written."""

from __future__ import annotations

from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from linli.plugins.dispatch.settings import Settings
from tests.plugins.dispatch.helpers import TREE, chaoyangli

BAD = """
dispatch:
  categories: [plumbing, karaoke]
  channels:
    door: {name: 开门询单, order_level: building, mode: publish}
  default_urgency: someday
"""


def test_preset_settings_read_with_their_defaults() -> None:
    settings = Settings.of(chaoyangli())
    assert [(c.key, c.order_level, c.mode) for c in settings.channels.values()] == [
        ("self", "community", "dispatch"),
        ("door", "grid", "publish"),
        ("survey", "grid", "publish"),
    ]
    assert settings.default_urgency == "normal" and settings.escalation is not None and settings.escalation.max_levels == 2
    assert "plumbing" in settings.categories and settings.activity_title == "上门服务"


def test_unknown_category_level_and_urgency_are_located() -> None:
    result = ProgramLoader(make_plugin_host(autoload=False)).check_text(TREE + BAD)
    found = [(p.dotted_path(), p.line) for p in result.problems]
    assert found == [("dispatch.categories.1", 23), ("dispatch.channels.door.order_level", 25), ("dispatch.default_urgency", 26)]
    assert "karaoke" in result.problems[0].message()
