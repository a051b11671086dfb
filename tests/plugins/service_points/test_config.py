"""The ``service_points`` section: routing names categories and kinds that exist."""

from __future__ import annotations

from linli.core.config import ProgramLoader
from linli.core.plugins import make_plugin_host
from tests.plugins.dispatch.helpers import TREE, chaoyangli

BAD = """
service_points:
  routing:
    karaoke: [barber]
    haircut: [salon]
"""


def test_preset_has_eighteen_kinds_and_routes_to_them() -> None:
    section = chaoyangli().section("service_points")
    assert section is not None and len(section["kinds"]) == 18
    assert all(kind in section["kinds"] for kinds in section["routing"].values() for kind in kinds)


def test_unknown_category_and_kind_are_reported() -> None:
    result = ProgramLoader(make_plugin_host(autoload=False)).check_text(TREE + BAD)
    assert [p.dotted_path() for p in result.problems] == ["service_points.routing.karaoke", "service_points.routing.haircut.0"]
