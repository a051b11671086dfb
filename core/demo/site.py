"""The demo's directory: a program file extending the preset, and the check that its database is empty.

The program file states the demo's scale: residents are scaled down with
the number of volunteers (so the volunteers' share of residents reads like
the seed's), and the preset's inline nodes are restated with their scaled
residents, since a list in ``extends`` is replaced whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import inspect, select

from linli.core.config.program import OrgNodeSpec, Program
from linli.core.db import Database
from linli.core.demo.tree import DemoTree
from linli.core.i18n import t
from linli.core.models import Member, Operator, OrgNode

# The first line of every program file the demo writes; a file without it is someone's own program.
MARKER = "# linli demo"
# Tables whose rows mean a program already lives in the database.
PROGRAM_MODELS = (Operator, OrgNode, Member)


def program_text(preset: str, program: Program, tree: DemoTree, *, members: int, seed: int) -> str:
    """The demo's ``linli.yaml``: the preset, renamed as a demo, at the demo's scale."""
    document: dict[str, Any] = {"linli": 1, "extends": preset, "program": {"name": t("demo.program_name", program.locale, name=program.name)}}
    if program.info.get("residents") is not None:
        document["program"]["residents"] = tree.residents
    inline = {spec.code for root in program.nodes for spec, _ in root.walk()}
    if any(spec.residents is not None for root in program.nodes for spec, _ in root.walk()):
        document["organization"] = {"nodes": [_inline(root, inline) for root in tree.roots if root.code in inline]}
    header = f"{MARKER} --preset {preset} --members {members} --seed {seed}\n{t('demo.file_header', program.locale)}\n"
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)


def _inline(spec: OrgNodeSpec, inline: set[str]) -> dict[str, Any]:
    node: dict[str, Any] = {"code": spec.code, "name": spec.name, "level": spec.level}
    if spec.residents is not None:
        node["residents"] = spec.residents
    children = [_inline(child, inline) for child in spec.children if child.code in inline]
    if children:
        node["children"] = children
    return node


def is_demo_file(path: Path) -> bool:
    with path.open(encoding="utf-8") as file:
        return file.readline().startswith(MARKER)


def holds_program(database: Database) -> bool:
    """True when the database has operators, org nodes or members (missing tables count as empty)."""
    with database.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        queries = (select(model.id).limit(1) for model in PROGRAM_MODELS if model.__tablename__ in present)
        return any(connection.execute(query).first() is not None for query in queries)
