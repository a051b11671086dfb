"""``linli import orgs``: an organization sheet (编码, 名称, 上级编码, 层级, 常住人口) into ``create_node``.

Rows come in any order: a node is created once its parent exists, whether
the parent is already in the database or on another row of the file. A code
already in the database with the same details is counted as present and
skipped; with other details it is a problem, since an import never moves or
renames a node (the YAML tree and ``sync_nodes`` do that).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linli.core.config.program import Program
from linli.core.errors import LinliError, NotFound
from linli.core.models.orgs import OrgNode
from linli.core.services.context import Context
from linli.core.services.orgs import create_node
from linli.core.services.rows import chunks
from linli.core.tabular import Column, ParsedRow, RowCheck, UniqueCheck
from linli.core.tabular import parsers as p
from linli.core.tabular.problems import CellProblem
from linli.core.importers.common import Outcome
from linli.core.importers.labels import vocabulary

#: Where each refusal of ``create_node`` belongs in the sheet.
COLUMN_OF = {
    "orgs.not_found": "parent",
    "orgs.duplicate_code": "code",
    "orgs.unknown_level": "level",
    "orgs.level_not_below_parent": "level",
    "scope.out_of_scope": "parent",
    "scope.program_wide_only": "parent",
}


def org_columns(program: Program) -> list[Column]:
    """The sheet's columns; levels are the program's, by key or display name (志愿服务站)."""
    return [
        Column("编码", ("code",), key="code"),
        Column("名称", ("name",), key="name"),
        Column("上级编码", ("parent", "parent_code"), required=False, key="parent"),
        Column("层级", ("level",), p.choice(vocabulary(program.levels)), key="level"),
        Column("常住人口", ("residents", "population"), p.integer, required=False, key="residents"),
    ]


class OrgImporter:
    kind = "orgs"

    def columns(self, program: Program) -> list[Column]:
        return org_columns(program)

    def checks(self) -> list[RowCheck]:
        return [UniqueCheck("code")]

    def write(self, ctx: Context, batches: Iterator[list[ParsedRow]]) -> Outcome:
        rows = [row for batch in batches for row in batch]
        outcome = Outcome()
        # Rows that did not parse still tell their children where the parent is.
        good = {row.values["code"] for row in rows if row.ok}
        failed: dict[str, int] = {}
        for row in rows:
            if not row.ok and row.values.get("code") and row.values["code"] not in good:
                failed.setdefault(row.values["code"], row.row_number)
        in_file = {row.values["code"] for row in rows if row.values.get("code")}
        stored = _stored(ctx, in_file | {row.values.get("parent") for row in rows if row.values.get("parent")})
        placed = set(stored)
        pending = []
        for row in (row for row in rows if row.ok):
            node = stored.get(row.values["code"])
            if node is None:
                pending.append(row)
            elif _same(node, row):
                outcome.skipped += 1
            else:
                outcome.flag(row.row_number, CellProblem("importers.org_differs", column="code", code=node.code, name=node.name))
        while pending:
            waiting = [row for row in pending if not self._place(ctx, row, placed, failed, outcome)]
            if len(waiting) == len(pending):
                break
            pending = waiting
        for row in pending:
            parent = row.values["parent"]
            if parent in in_file:
                outcome.flag(row.row_number, CellProblem("importers.parent_cycle", column="parent", code=parent))
            else:
                outcome.refuse(row.row_number, "parent", NotFound("orgs.not_found", code=parent))
        return outcome

    @staticmethod
    def _place(ctx: Context, row: ParsedRow, placed: set[str], failed: dict[str, int], outcome: Outcome) -> bool:
        """Create the row's node if its parent is ready; True when the row is settled either way."""
        v = row.values
        parent = v["parent"]
        if parent in failed:
            outcome.flag(row.row_number, CellProblem("importers.parent_rejected", column="parent", code=parent, row=failed[parent]))
        elif parent is not None and parent not in placed:
            return False
        else:
            try:
                create_node(ctx, code=v["code"], name=v["name"], level=v["level"], parent=parent, residents=v["residents"])
                placed.add(v["code"])
                outcome.created += 1
                return True
            except LinliError as error:
                outcome.refuse(row.row_number, COLUMN_OF.get(error.key), error)
        failed[v["code"]] = row.row_number
        return True


def _stored(ctx: Context, codes: set[str]) -> dict[str, OrgNode]:
    found: dict[str, OrgNode] = {}
    for chunk in chunks(codes):
        query = select(OrgNode).where(OrgNode.code.in_(chunk)).options(selectinload(OrgNode.parent))
        found |= {node.code: node for node in ctx.session.scalars(query)}
    return found


def _same(node: OrgNode, row: ParsedRow) -> bool:
    """The row describes the stored node; a blank population says nothing about it."""
    v = row.values
    parent = node.parent.code if node.parent else None
    residents = v["residents"] is None or v["residents"] == node.residents
    return (node.name, node.level, parent) == (v["name"], v["level"], v["parent"]) and residents
