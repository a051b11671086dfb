"""Organization: the tree from the operator's scope down, read one level per expansion, and the role holders at a node."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from linli.core.services import Context, end_role
from linli.tui.org_queries import HolderLine, NodeLine, child_nodes, node_holders, top_nodes
from linli.tui.screens.base import LinliScreen
from linli.tui.widgets.confirm import ConfirmModal

WARNING = "⚠"


def _end(ctx: Context, assignment_id: int) -> int:
    return end_role(ctx, assignment_id).id


class OrganizationScreen(LinliScreen):
    KEYS = (("x", "end_role", "end_role"), ("ctrl+r", "reload", "refresh"))

    def __init__(self) -> None:
        super().__init__()
        self.loaded: set[str] = set()
        self.node: NodeLine | None = None
        self.holders: dict[int, HolderLine] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tree[NodeLine](self.linli.runtime.program.name, id="org-tree")
        with Vertical(id="org-holders"):
            yield Static("", id="org-node", classes="panel-title")
            yield DataTable(id="holder-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="holder-summary")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one("#org-tree", Tree)
        tree.show_root = False
        table = self.query_one("#holder-table", DataTable)
        for key in ("role", "member", "term", "warning"):
            table.add_column(self.say(f"column_{key}"), key=key)
        self.action_reload()

    @work(exclusive=True, group="tree")
    async def action_reload(self) -> None:
        tops = await self.linli.view(top_nodes)
        if tops is None:
            return
        tree = self.query_one("#org-tree", Tree)
        tree.clear()
        self.loaded.clear()
        for line in tops:
            self.add(tree.root, line)
        tree.root.expand()
        tree.focus()
        if tops:
            tree.move_cursor(tree.root.children[0])

    def add(self, parent: TreeNode[NodeLine], line: NodeLine) -> None:
        label = self.say(
            "org_node_figures",
            name=line.name,
            volunteers=f"{line.volunteers:,}",
            participants=f"{line.participants:,}",
            teams=f"{line.teams:,}",
            hours=f"{line.hours:,}",
        )
        parent.add(label, data=line, allow_expand=line.has_children)

    @on(Tree.NodeExpanded, "#org-tree")
    def expanded(self, event: Tree.NodeExpanded[NodeLine]) -> None:
        line = event.node.data
        if line is not None and line.code not in self.loaded:
            self.loaded.add(line.code)
            self.load_children(event.node, line.code)

    @work(group="children")
    async def load_children(self, node: TreeNode[NodeLine], code: str) -> None:
        lines = await self.linli.view(partial(child_nodes, code=code))
        if lines is None:
            self.loaded.discard(code)  # refused or failed: let a later expansion try again
            return
        for line in lines:
            self.add(node, line)

    @on(Tree.NodeHighlighted, "#org-tree")
    def highlighted(self, event: Tree.NodeHighlighted[NodeLine]) -> None:
        if event.node.data is not None:
            self.show_holders(event.node.data)

    @work(exclusive=True, group="holders")
    async def show_holders(self, line: NodeLine) -> None:
        holders = await self.linli.view(partial(node_holders, code=line.code))
        if holders is None:
            return
        self.node = line
        self.holders = {h.assignment_id: h for h in holders}
        self.query_one("#org-node", Static).update(self.say("org_holders", node=f"{line.name}（{line.code}）"))
        table = self.query_one("#holder-table", DataTable)
        table.clear()
        for h in holders:
            warning = Text(f"{WARNING} " + "；".join(h.problems), style="bold red") if h.problems else ""
            table.add_row(h.role, h.member, self.say("term_since", date=h.started_on.isoformat()), warning, key=str(h.assignment_id))
        flagged = sum(1 for h in holders if h.problems)
        self.query_one("#holder-summary", Static).update(self.say("org_holders_summary", count=len(holders), flagged=flagged))

    @work(exclusive=True, group="decide")
    async def action_end_role(self) -> None:
        table = self.query_one("#holder-table", DataTable)
        if not table.row_count or self.node is None:
            self.app.bell()
            return
        holder = self.holders[int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))]
        question = ConfirmModal(
            self.say("confirm_end_role", member=holder.member, role=holder.role), yes=self.say("answer_yes"), no=self.say("answer_no")
        )
        if not await self.app.push_screen_wait(question):
            return
        if await self.linli.act(partial(_end, assignment_id=holder.assignment_id)) is not None:
            self.notify(self.say("role_ended", member=holder.member, role=holder.role))
            self.show_holders(self.node)
