"""Screens plugins add through ``linli_tui_screens``: after the core screens, F-keys while they last, all in the palette."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from linli.core import Program, hookimpl
from linli.tui.api import PluginScreen
from linli.tui.app import LinliApp
from linli.tui.screens import SCREENS
from linli.tui.screens.members import MembersScreen
from tests.tui.conftest import Program as Demo
from tests.tui.helpers import drive, settle

EXTRA = 12  # more than the F-keys left after the core screens


class Shelf(PluginScreen):
    CATALOGUE = "tui"

    def compose(self) -> ComposeResult:
        yield Static(self.say("title"), id="shelf")


class Shelves:
    @hookimpl
    def linli_tui_screens(self, program: Program) -> Iterable[tuple[str, str, type]]:
        return [("members", "冒名的界面", Shelf), *((f"shelf{n}", f"书架{n}", Shelf) for n in range(EXTRA))]


def test_plugin_screens_follow_the_core_ones_and_a_taken_name_is_refused(program: Demo) -> None:
    program.runtime.host.register(Shelves(), "shelves")
    seen: list[str] = []

    async def scenario(app: LinliApp, pilot: Pilot[None]) -> None:
        names = list(app.screen_classes)
        assert names[: len(SCREENS)] == list(SCREENS) and app.screen_classes["members"] is MembersScreen
        assert names[len(SCREENS) :] == [f"shelf{n}" for n in range(EXTRA)]
        assert any("members" in notice and "shelves" in notice for notice in app.notices)
        await pilot.press(f"f{len(SCREENS) + 2}")  # the first free F-key opens the first plugin screen
        await settle(app, pilot)
        assert isinstance(app.screen, Shelf) and str(app.screen.query_one("#shelf", Static).render()) == "邻里 志愿服务管理"
        bound = {key: active.binding.description for key, active in app.screen.active_bindings.items() if key.startswith("f")}
        assert bound.get("f12") == f"书架{10 - len(SCREENS)}"
        seen.extend(command.title for command in app.get_system_commands(app.screen))

    drive(program.runtime, scenario)
    assert {f"书架{n}" for n in range(EXTRA)} <= set(seen)  # the ones without a key too
