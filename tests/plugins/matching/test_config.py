"""The ``matching`` section: categories and levels it names must exist."""

from __future__ import annotations

from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from linli.plugins.matching.settings import Settings
from tests.plugins.dispatch.helpers import TREE, chaoyangli

BAD = """
matching:
  vocabulary: {karaoke: [唱歌]}
  proximity: {building: 1.0}
  search_level: street
"""


def test_vocabulary_words_include_the_category_key_and_name() -> None:
    settings = Settings.of(chaoyangli())
    assert settings.words("plumbing") == {"水电维修", "水暖", "电工", "plumbing"} | {chaoyangli().activity_categories["plumbing"].name}
    assert settings.weights["skill"] == 40 and settings.proximity["entrance"] == 1.0


def test_unknown_names_are_reported() -> None:
    result = ProgramLoader(make_plugin_host(autoload=False)).check_text(TREE + BAD)
    assert [p.dotted_path() for p in result.problems] == ["matching.vocabulary.karaoke", "matching.proximity.building", "matching.search_level"]
