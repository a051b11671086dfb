"""Plan an activity from a library project: project, title, host node, start and end, checked before it is sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from linli.core.i18n import t
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.core.tabular import CellProblem, parsers
from linli.tui.activity_queries import ProjectChoice


@dataclass(frozen=True)
class ActivityDraft:
    """What the form gathered; blank title and node fall back to the project's (see ``create_activity``)."""

    project_id: int
    title: str | None
    host_node: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime


class ActivityForm(ModalScreen[ActivityDraft | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", show=False), Binding("ctrl+s", "save", show=False)]

    def __init__(self, projects: list[ProjectChoice], locale: str) -> None:
        super().__init__()
        self.projects, self.locale = projects, locale

    def say(self, key: str, **params: object) -> str:
        return t(f"tui.{key}", self.locale, **params)

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal", id="activity-form"):
            yield Static(self.say("activity_form"))
            yield Label(self.say("field_project"))
            options = [(f"{p.title} · {p.host}", p.id) for p in self.projects]
            yield Select(options, id="project", allow_blank=False, value=self.projects[0].id)
            yield Label(self.say("field_title"))
            yield Input(id="title")
            yield Label(self.say("field_host_node"))
            yield Input(id="host-node")
            yield Label(self.say("field_starts_at"))
            yield Input(id="starts-at", placeholder=self.say("time_placeholder"))
            yield Label(self.say("field_ends_at"))
            yield Input(id="ends-at", placeholder=self.say("time_placeholder"))
            yield Static("", id="form-error")

    @on(Input.Submitted)
    def action_save(self) -> None:
        starts = self._when("starts-at", "field_starts_at")
        ends = self._when("ends-at", "field_ends_at") if starts is not None else None
        if starts is None or ends is None:
            return
        project = self.query_one("#project", Select).value
        assert isinstance(project, int), "the select allows no blank"
        title, node = (self.query_one(f"#{name}", Input).value.strip() or None for name in ("title", "host-node"))
        self.dismiss(ActivityDraft(project, title, node, starts, ends))

    def _when(self, name: str, field: str) -> dt.datetime | None:
        """The field's time in China Standard Time, or None after saying what is wrong with it."""
        field_input = self.query_one(f"#{name}", Input)
        try:
            if not field_input.value.strip():
                raise CellProblem("tui.time_required")
            # Administrators type the wall-clock time where the activity happens.
            return parsers.datetime(field_input.value).replace(tzinfo=CHINA_STANDARD_TIME)
        except CellProblem as problem:
            message = self.say("field_problem", field=self.say(field), problem=t(problem.key, self.locale, **problem.params))
            self.query_one("#form-error", Static).update(message)
            field_input.focus()
            return None
