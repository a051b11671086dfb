"""Driving the app: run a scenario under Pilot in a sync test (no async pytest plugin is installed)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.notifications import Notification
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from linli.core.runtime import Runtime
from linli.tui.app import LinliApp
from linli.tui.screens.dashboard import DashboardScreen
from linli.tui.screens.program import ProgramScreen

SIZE = (120, 36)
STEPS = 500  # of 20 ms: ten seconds at most


def drive(runtime: Runtime, scenario: Callable[[LinliApp, Pilot[None]], Awaitable[None]], *, username: str | None = "admin") -> None:
    async def run() -> None:
        app = LinliApp(runtime, username=username)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await scenario(app, pilot)

    asyncio.run(run())


async def settle(app: LinliApp, pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up; a worker waiting on an open modal is left waiting for its answer.

    The dashboard waits a moment after painting before it starts on its figures: that wait counts as busy too.
    """
    for _ in range(STEPS):
        await pilot.pause(0.02)
        busy = [worker for worker in app.workers if worker.is_running]
        if isinstance(app.screen, DashboardScreen) and app.screen.waiting is not None:
            continue
        if not busy or (isinstance(app.screen, ModalScreen) and all(worker.group == "decide" for worker in busy)):
            break
    await pilot.pause()


async def type_into(app: LinliApp, pilot: Pilot[None], selector: str, text: str) -> None:
    app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)
    await settle(app, pilot)


async def press_button(pilot: Pilot[None], button: Button) -> None:
    """Press *button* with Enter once the effect of its last press is over: Textual ignores a press during it."""
    await pilot.pause(button.active_effect_duration + 0.05)
    button.focus()
    await pilot.press("enter")


async def run_form(app: LinliApp, pilot: Pilot[None], form: Any, name: str) -> None:
    """Press the form's ``#NAME-run`` button and wait until it has answered in ``#NAME-summary`` or a notification.

    *form* runs its work in a thread and says so in ``running``; a busy machine is slow to start that thread.
    """
    summary = form.query_one(f"#{name}-summary", Static)
    before, shown = len(notices(app)), str(summary.render())
    await press_button(pilot, form.query_one(f"#{name}-run", Button))
    for _ in range(500):
        await pilot.pause(0.02)
        if not form.running and (len(notices(app)) > before or str(summary.render()) != shown):
            break
    await settle(app, pilot)


async def open_program_form(app: LinliApp, pilot: Pilot[None], key: str) -> Screen[Any]:
    """Open the program screen (F5) and the form its *key* brings up; returns that form."""
    await open_screen(app, pilot, "f5")
    assert isinstance(app.screen, ProgramScreen)
    await pilot.press(key)
    await settle(app, pilot)
    return app.screen


async def open_screen(app: LinliApp, pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(app, pilot)


def notices(app: LinliApp) -> list[Notification]:
    """The notifications shown so far, oldest first.

    Textual has no public list of them; this is the one place the tests read its private one.
    """
    return list(app._notifications)
