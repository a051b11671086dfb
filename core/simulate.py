"""``linli simulate``: what a proposed configuration would have issued, without writing anything.

The core tables a replay needs (organization, teams, members, activities,
approved service, operators) are copied into an in-memory SQLite database;
there the approved records are replayed day by day through the *proposed*
program's plugins, exactly as approval runs them. Nothing touches the real
database but reads, whatever engine it runs on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from linli.core.config.program import Program
from linli.core.db import Base, Database
from linli.core.ledger import Account, Posting, Transfer
from linli.core.models import Activity, Member, Operator, OrgNode, ServiceRecord
from linli.core.plugins import Hooks
from linli.core.runtime import Runtime, find_operator
from linli.core.services.context import CHINA_STANDARD_TIME, Context
from linli.core.services.tree import NodeTree
from linli.core.tabular.progress import OnProgress, reported

COPIED_TABLES = ("org_node", "team", "member", "member_tag", "team_member", "project", "activity", "operator", "role_assignment")
RECORD_REF = "service_record:"
BATCH_ROWS = 5000


@dataclass
class Comparison:
    key: str
    name: str
    actual: int = 0
    proposed: int = 0

    @property
    def change(self) -> int:
        return self.proposed - self.actual


@dataclass
class SimulationResult:
    since: dt.date | None
    records: int
    actual_points: int
    proposed_points: int
    stars_before: dict[int, int]
    stars_after: dict[int, int]
    by_org: list[Comparison] = field(default_factory=list)
    by_category: list[Comparison] = field(default_factory=list)


def simulate(
    runtime: Runtime, proposed: Program, username: str, *, since: dt.date | None = None, progress: OnProgress | None = None
) -> SimulationResult:
    """Replay every approved record under *proposed*; compare points and stars with what happened.

    *progress*, if given, is told (days replayed, days to replay) as the replay goes, e.g. by the terminal UI's bar.
    """
    sandbox = Database("sqlite://", poolclass=StaticPool)
    Base.metadata.create_all(sandbox.engine)
    try:
        with runtime.database.reading() as real:
            acting = find_operator(real, username)
            acting_id = acting.id
            _copy(real, sandbox)
            actual = _points_by_record(real)
            stars_before = _stars(runtime.context(real, acting), runtime.hooks)
            records = real.scalar(select(func.count()).select_from(ServiceRecord).where(ServiceRecord.state == "approved")) or 0
        hooks = runtime.host.hooks_for(proposed.sections)
        _replay(sandbox, proposed, hooks, acting_id, progress)
        with sandbox.reading() as session:
            predicted = _points_by_record(session)
            stars_after = _stars(Context(session, session.get(Operator, acting_id), proposed, hooks), hooks)  # type: ignore[arg-type]
            return _compare(session, proposed, actual, predicted, since, records, stars_before, stars_after)
    finally:
        sandbox.dispose()


def _copy(real: Session, sandbox: Database) -> None:
    tables: Mapping[str, Table] = Base.metadata.tables  # type: ignore[assignment]
    with sandbox.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # rows arrive table by table, not in FK order
        for name in COPIED_TABLES:
            _copy_rows(real, connection, tables[name], select(tables[name]))
        records = tables["service_record"]
        _copy_rows(real, connection, records, select(records).where(records.c.state == "approved"))
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _copy_rows(real: Session, connection: Any, table: Table, query: Any) -> None:
    rows = real.execute(query).mappings()
    while chunk := rows.fetchmany(BATCH_ROWS):
        connection.execute(table.insert(), [dict(row) for row in chunk])


def _replay(sandbox: Database, program: Program, hooks: Hooks, operator_id: int, progress: OnProgress | None = None) -> None:
    """Approve the copied records again, one China-time day at a time, in the order they were served."""
    with sandbox.reading() as session:
        served_at = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at)
        ordered = session.execute(
            select(ServiceRecord.id, served_at).join(Activity, Activity.id == ServiceRecord.activity_id).order_by(served_at, ServiceRecord.id)
        ).all()
    days = [(day, [row[0] for row in rows]) for day, rows in groupby(ordered, key=lambda row: row[1].astimezone(CHINA_STANDARD_TIME).date())]
    steps = days if progress is None else reported(days, total=len(days), on_progress=progress, every=max(1, len(days) // 100))
    for day, ids in steps:
        close_of_day = dt.datetime.combine(day, dt.time(23, 59), CHINA_STANDARD_TIME)
        with sandbox.writing() as session:
            operator = session.get(Operator, operator_id)
            ctx = Context(session, operator, program, hooks, now=lambda at=close_of_day: at)  # type: ignore[arg-type]
            records = list(session.scalars(select(ServiceRecord).where(ServiceRecord.id.in_(ids)).order_by(ServiceRecord.id)))
            hooks.linli_service_approved(ctx=ctx, records=records)


def _points_by_record(session: Session) -> dict[int, int]:
    """Points credited to members for each service record (expiry and spending excluded)."""
    query = (
        select(Transfer.cause_ref, func.sum(Posting.amount))
        .join(Posting, Posting.transfer_id == Transfer.id)
        .join(Account, Account.id == Posting.account_id)
        .where(Account.kind == "member", Account.unit == "points", Transfer.cause_ref.like(f"{RECORD_REF}%"))
        .group_by(Transfer.cause_ref)
    )
    return {int(ref[len(RECORD_REF) :]): int(total) for ref, total in session.execute(query) if ref[len(RECORD_REF) :].isdigit()}


def _stars(ctx: Context, hooks: Hooks) -> dict[int, int]:
    ids = list(ctx.session.scalars(select(Member.id).where(Member.status != "left")))
    levels = hooks.linli_star_levels(ctx=ctx, member_ids=ids) if ids else None
    return dict(sorted(Counter((levels or {}).get(i, 0) for i in ids).items())) if levels is not None else {}


def _compare(
    session: Session,
    program: Program,
    actual: Mapping[int, int],
    predicted: Mapping[int, int],
    since: dt.date | None,
    records: int,
    stars_before: dict[int, int],
    stars_after: dict[int, int],
) -> SimulationResult:
    facts = session.execute(
        select(ServiceRecord.id, Member.home_node_id, Activity.category, func.coalesce(ServiceRecord.check_in_at, Activity.starts_at))
        .join(Member, Member.id == ServiceRecord.member_id)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
    ).all()
    tree = NodeTree(list(session.scalars(select(OrgNode))))
    tops = tree.breakdown()
    top_of = {node_id: top for top in tops for node_id in tree.ids_below([top])}
    by_org: dict[str, Comparison] = {top.code: Comparison(top.code, top.name) for top in tops}
    by_category: dict[str, Comparison] = defaultdict(lambda: Comparison("", ""))
    result = SimulationResult(since, records, 0, 0, stars_before, stars_after)
    for record_id, home_node_id, category, served_at in facts:
        if since and served_at.astimezone(CHINA_STANDARD_TIME).date() < since:
            continue
        was, will = actual.get(record_id, 0), predicted.get(record_id, 0)
        result.actual_points += was
        result.proposed_points += will
        for row in _rows(by_org, top_of, home_node_id) + [by_category[category]]:
            row.actual += was
            row.proposed += will
    names = program.activity_categories
    for category, row in by_category.items():
        row.key, row.name = category, names[category].name if category in names else category
    result.by_org = list(by_org.values())
    result.by_category = sorted(by_category.values(), key=lambda row: row.key)
    return result


def _rows(by_org: dict[str, Comparison], top_of: Mapping[int, OrgNode], node_id: int) -> list[Comparison]:
    top = top_of.get(node_id)
    return [by_org[top.code]] if top is not None else []


__all__ = ["Comparison", "SimulationResult", "simulate"]
