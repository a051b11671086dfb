"""The highlighted member's page: identity, roles, teams, hours, recent service, and each plugin's sections."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from linli.core.i18n import state_label, t
from linli.tui.queries import MemberDetail


class MemberDetailPanel(Static):
    """As tall as the page; the screen holds it in a scrolling container."""

    DEFAULT_CSS = """
    MemberDetailPanel { height: auto; padding: 0 1; }
    """

    detail: reactive[MemberDetail | None] = reactive(None)

    def watch_detail(self, detail: MemberDetail | None) -> None:
        self.update("" if detail is None else self.page(detail))
        if isinstance(self.parent, Widget):  # each member's page opens at its top
            self.parent.scroll_home(animate=False)

    def page(self, detail: MemberDetail) -> Text:
        say = self.app.say  # type: ignore[attr-defined]
        locale: str = self.app.lang  # type: ignore[attr-defined]
        text = Text()
        rows(
            text,
            [
                (say("column_name"), detail.line.name),
                (say("column_phone"), detail.line.phone),
                (say("id_number"), detail.id_number or "-"),
                (say("column_node"), detail.line.node),
                (say("registered_on"), detail.registered_on.isoformat()),
                (say("tags"), "、".join(detail.tags) or "-"),
                (say("skills"), "、".join(detail.skills) or "-"),
                (say("approved_hours"), f"{detail.hours:,}"),
                (say("hours_this_year"), f"{detail.hours_this_year:,}"),
            ],
        )
        roles = [(r.role, say("role_term", node=r.node, since=r.started_on.isoformat())) for r in detail.roles]
        heading(text, say("member_roles"))
        rows(text, roles or [(say("none_yet"), "")])
        heading(text, say("member_teams"))
        rows(text, [(team, "") for team in detail.teams] or [(say("none_yet"), "")])
        heading(text, say("recent_service"))
        recent = []
        for s in detail.recent:
            state = t(state_label("record", s.state).key, locale)
            hours = "-" if s.hours is None else f"{s.hours:,}"
            recent.append((s.served_on.isoformat() if s.served_on else "-", say("service_line", activity=s.activity, hours=hours, state=state)))
        rows(text, recent or [(say("none_yet"), "")])
        for section in detail.sections:
            heading(text, section.title)
            rows(text, section.rows)
        return text


def heading(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold reverse")


def rows(text: Text, lines: Iterable[tuple[str, str]]) -> None:
    for label, value in lines:
        text.append(label, style="bold")
        text.append(f"  {value}\n" if value else "\n")
