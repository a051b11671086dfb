"""Filling a database with a demo: every preset, both engines, the same data for the same seed."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from linli.core import Database, Refused
from linli.core.config.program import Program
from linli.core.db import Base, sqlite_url
from linli.core.demo import DemoSummary, fill, plan
from linli.core.demo.calendar import LATEST_WAITING, REVIEW_DAYS
from linli.core.demo.people import member_rows
from linli.core.ledger import Transfer
from linli.core.models import Activity, Member, OrgNode, ServiceRecord
from linli.core.plugins import PluginHost
from linli.core.runtime import Runtime
from linli.core.services import bootstrap_admin, verify_chain
from linli.core.services.context import CHINA_STANDARD_TIME
from linli.core.services.reports import Report, build_report
from tests.core.demo.conftest import NOW, PRESETS


def demo_runtime(program: Program, host: PluginHost, database: Database) -> Runtime:
    runtime = Runtime(program, host, database, now=lambda: NOW)
    with database.writing() as session:
        bootstrap_admin(session, username="admin", display_name="管理员", password="demo-password", now=runtime.now)
    return runtime


def fill_demo(runtime: Runtime, members: int, seed: int) -> DemoSummary:
    tree = plan(runtime.program, members, seed)
    return runtime.act("admin", lambda ctx: fill(ctx, tree, seed))


def sqlite_database(path: Path) -> Database:
    """A fresh SQLite database with every table (the CLI test runs the real migration)."""
    database = Database(sqlite_url(path))
    Base.metadata.create_all(database.engine)
    return database


def top_report(runtime: Runtime) -> Report:
    return runtime.view("admin", lambda ctx: build_report(ctx, org=runtime.program.nodes[0].code))


def assert_last_week_awaits_review(session: Session, program: Program) -> None:
    """Service at the activities of the last REVIEW_DAYS days, and at least at the last LATEST_WAITING held, is checked out and has
    earned nothing; all older service is approved and earned.

    Today's service is a plugin's (the dispatch demo completes its orders now and approves them itself).
    """
    today = NOW.astimezone(CHINA_STANDARD_TIME).date()
    days = {activity_id: starts.astimezone(CHINA_STANDARD_TIME).date() for activity_id, starts in session.execute(select(Activity.id, Activity.starts_at))}
    held = sorted(day for day in days.values() if day < today)
    first = min(today - dt.timedelta(days=REVIEW_DAYS), held[-LATEST_WAITING])
    states = {record.id: (record.state, record.approved_minutes, days[record.activity_id]) for record in session.scalars(select(ServiceRecord))}
    waiting = {record_id for record_id, (_, _, day) in states.items() if first <= day < today}
    assert waiting and len(waiting) < len(states) / 10  # a week's backlog, not the year
    assert {states[record_id][:2] for record_id in waiting} == {("checked_out", None)}
    assert {state for record_id, (state, _, _) in states.items() if record_id not in waiting} == {"approved"}
    credited = {ref for ref in session.scalars(select(Transfer.cause_ref)) if ref and ref.startswith("service_record:")}
    assert not credited & {f"service_record:{record_id}" for record_id in waiting}
    assert bool(credited) == program.is_enabled("incentives")


def member_digest(runtime: Runtime) -> str:
    """A hash of everything registered about every member, in phone order."""
    with runtime.reading() as session:
        query = select(Member).join(OrgNode, OrgNode.id == Member.home_node_id).add_columns(OrgNode.code).order_by(Member.phone)
        rows = [
            (m.name, m.phone, m.id_number, m.gender, m.birth_date, code, sorted(m.tags), m.skills, m.willingness, m.channel, m.registered_on)
            for m, code in session.execute(query)
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize("preset", PRESETS)
def test_demo_fills_every_preset(presets: Callable[[str], Program], host: PluginHost, tmp_path: Path, preset: str) -> None:
    runtime = demo_runtime(presets(preset), host, sqlite_database(tmp_path / "demo.db"))
    summary = fill_demo(runtime, 200, seed=1)
    assert summary.members == 200 and summary.teams >= 3 and summary.activities > 50 and summary.records > 200
    report = top_report(runtime)
    assert report.registered_volunteers == 200
    assert report.volunteer_share == pytest.approx(0.30, abs=0.05)
    assert report.service_hours == pytest.approx(summary.minutes / 60, abs=0.01) and report.service_hours > 0
    assert report.teams == summary.teams and report.activities == summary.activities
    assert report.participants > 60 and report.people_served > 0
    with runtime.reading() as session:
        assert not verify_chain(session)  # every row went through the service layer's audit log
        leaves = {node.id for node in session.scalars(select(OrgNode)) if not node.children}
        assert set(session.scalars(select(Member.home_node_id))) <= leaves
        assert_last_week_awaits_review(session, runtime.program)
        served_before_registering = (
            select(func.count())
            .select_from(ServiceRecord)
            .join(Member, Member.id == ServiceRecord.member_id)
            .join(Activity, Activity.id == ServiceRecord.activity_id)
            .where(func.date(Activity.starts_at) < Member.registered_on)
        )
        assert session.scalar(served_before_registering) == 0
        scores = set(session.scalars(select(ServiceRecord.score).where(ServiceRecord.score.is_not(None))))
        assert scores and scores <= {1, 2, 3, 4, 5}
        assert session.scalar(select(func.count()).where(Activity.status == "open")) > 0  # the coming month


def test_the_same_seed_gives_the_same_data(presets: Callable[[str], Program], host: PluginHost, tmp_path: Path) -> None:
    first, again = (demo_runtime(presets("baibuting"), host, sqlite_database(tmp_path / f"{name}.db")) for name in ("a", "b"))
    assert fill_demo(first, 150, seed=7) == fill_demo(again, 150, seed=7)
    assert member_digest(first) == member_digest(again)
    assert top_report(first).as_dict() == top_report(again).as_dict()
    seven, eight = (member_rows(first.program, plan(first.program, 150, seed).quotas, NOW.date(), random.Random(seed)) for seed in (7, 8))
    assert [row.phone for row in seven] != [row.phone for row in eight]


def test_a_database_with_volunteers_is_refused(presets: Callable[[str], Program], host: PluginHost, tmp_path: Path) -> None:
    runtime = demo_runtime(presets("baibuting"), host, sqlite_database(tmp_path / "demo.db"))
    fill_demo(runtime, 60, seed=1)
    with pytest.raises(Refused) as refused:
        fill_demo(runtime, 60, seed=2)
    assert refused.value.key == "demo.not_empty_members"
    assert top_report(runtime).registered_volunteers == 60


def test_demo_fills_both_engines(presets: Callable[[str], Program], host: PluginHost, database: Database) -> None:
    runtime = demo_runtime(presets("baibuting"), host, database)
    summary = fill_demo(runtime, 200, seed=3)
    report = top_report(runtime)
    assert report.registered_volunteers == 200 and report.service_hours == pytest.approx(summary.minutes / 60, abs=0.01)
    with runtime.reading() as session:
        assert_last_week_awaits_review(session, runtime.program)
