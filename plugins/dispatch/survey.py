"""The annual household needs survey (全覆盖居民问需调查) imported into needs, all or nothing.

One row per household: who, where, and the categories of help wanted (a
list cell, e.g. ``助老、家电维修``), each becoming one need of channel
``survey`` for the year. Every problem — a bad cell, an unknown org code, a
node outside the operator's scope — is reported as FILE:ROW:COLUMN, and
nothing is written unless every row is good. The needs then make the year's
service list per org node (社区服务项目清单).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from sqlalchemy import select

from linli.core import Program
from linli.core.models import OrgNode, subtree_clause
from linli.core.services import Context
from linli.core.tabular import Column, ParsedRow, RowProblem, parsers as p, read_table

from linli.plugins.dispatch.models import Need
from linli.plugins.dispatch.needs import NeedRow, check_rows, raise_needs
from linli.plugins.dispatch.queries import scope_root
from linli.plugins.dispatch.settings import Settings

#: Which column a service-layer problem with a NeedRow field belongs in.
FIELD_COLUMNS = {"node": "node", "category": "categories", "urgency": "urgency", "phone": "phone"}

Act = Callable[[Callable[[Context], Any]], Any]


@dataclass
class SurveyResult:
    file: str
    rows: int
    needs: int
    written: bool
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0


class _Undone(Exception):
    """Rolls the import's transaction back when any row is bad, carrying the problems the database found."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("survey import undone")
        self.problems = problems


def columns(program: Program) -> list[Column]:
    settings = Settings.of(program)
    categories = {label: key for key in settings.categories for label in (key, program.activity_categories[key].name)}
    urgencies = {label: key for key, urgency in settings.urgencies.items() for label in (key, urgency.name)}
    return [
        Column("姓名", ("name", "户主", "居民姓名"), key="name"),
        Column("手机号", ("phone", "联系电话", "电话"), p.phone, required=False, key="phone"),
        Column("所属组织", ("org", "组织编码", "楼门"), key="node"),
        Column("住址", ("address", "家庭住址"), required=False, key="address"),
        Column("需求类别", ("categories", "需求", "服务需求"), p.items(p.choice(categories)), key="categories"),
        Column("需求描述", ("description", "具体需求"), required=False, key="description"),
        Column("紧急程度", ("urgency",), p.choice(urgencies), required=False, key="urgency"),
        Column("期望时间", ("preferred_time", "服务时间"), required=False, key="preferred_time"),
    ]


def import_survey(path: str | PathLike[str], program: Program, act: Act, *, year: int, sheet: str | None = None) -> SurveyResult:
    """Read the survey sheet and raise its needs in one transaction; nothing is written when any row is bad."""
    with read_table(path, columns(program), sheet=sheet) as reader:
        parsed = list(reader)
        headers = {key: bound.header for key, bound in reader.header.by_key().items()}
        result = SurveyResult(reader.file, reader.rows_read, 0, False, list(reader.problems), reader.problem_count)

    def work(ctx: Context) -> int:  # may run again when the database asks for a retry, so it changes nothing outside
        rows, numbers = _need_rows(parsed)
        found = [
            RowProblem(result.file, numbers[e.index], headers.get(FIELD_COLUMNS[e.field]), e.error.key, e.error.params) for e in check_rows(ctx, rows)
        ]
        if found or result.problem_count:
            raise _Undone(found)
        return len(raise_needs(ctx, rows, channel="survey", survey_year=year))

    try:
        result.needs, result.written = act(work), True
    except _Undone as undone:
        result.problems = sorted([*result.problems, *undone.problems], key=lambda problem: problem.row or 0)
        result.problem_count += len(undone.problems)
    return result


def _need_rows(parsed: list[ParsedRow]) -> tuple[list[NeedRow], list[int]]:
    """One need per category a household asked for, with the file row each came from."""
    rows: list[NeedRow] = []
    numbers: list[int] = []
    for row in parsed:
        if not row.ok:
            continue
        v = row.values
        for category in v["categories"]:
            rows.append(NeedRow(v["name"], v["node"], category, v["phone"], v["address"], v["description"], v["urgency"], v["preferred_time"]))
            numbers.append(row.row_number)
    return rows, numbers


def service_list(ctx: Context, *, year: int, org: str | None = None, level: str | None = None) -> Mapping[OrgNode, Counter[str]]:
    """The year's surveyed needs per org node and category; with *level*, rolled up to the ancestors at that level."""
    root = scope_root(ctx, org)
    query = select(Need.category, OrgNode).join(OrgNode, OrgNode.id == Need.node_id).where(Need.survey_year == year)
    if root is not None:
        query = query.where(subtree_clause(root.path))
    found = list(ctx.session.execute(query))
    at_level: dict[int, OrgNode] = {}
    if level is not None:
        ids = {int(part) for _, node in found for part in node.path.strip("/").split("/")}
        at_level = {n.id: n for n in ctx.session.scalars(select(OrgNode).where(OrgNode.id.in_(ids), OrgNode.level == level))}
    result: dict[OrgNode, Counter[str]] = {}
    for category, node in found:
        owner = next((at_level[i] for i in (*node.ancestor_ids, node.id) if i in at_level), node) if level else node
        result.setdefault(owner, Counter())[category] += 1
    return dict(sorted(result.items(), key=lambda item: item[0].path))
