"""The highlighted member: masked identity, home node, tags, approved hours."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from linli.tui.queries import MemberDetail


class MemberDetailPanel(Static):
    DEFAULT_CSS = """
    MemberDetailPanel { width: 40; border: round $secondary; padding: 0 1; }
    """

    detail: reactive[MemberDetail | None] = reactive(None)

    def watch_detail(self, detail: MemberDetail | None) -> None:
        if detail is None:
            self.update("")
            return
        say = self.app.say  # type: ignore[attr-defined]
        rows = [
            (say("column_name"), detail.line.name),
            (say("column_phone"), detail.line.phone),
            (say("id_number"), detail.id_number or "-"),
            (say("column_node"), detail.line.node),
            (say("registered_on"), detail.registered_on.isoformat()),
            (say("tags"), "、".join(detail.tags) or "-"),
            (say("skills"), "、".join(detail.skills) or "-"),
            (say("approved_hours"), f"{detail.hours:,}"),
        ]
        text = Text()
        for label, value in rows:
            text.append(label, style="bold").append(f"  {value}\n")
        self.update(text)
