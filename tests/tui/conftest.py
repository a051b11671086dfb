"""A small demo program on SQLite (50 volunteers, Baibuting's rules): the demo's last week awaits review, and three records more."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from linli.core.cli import cli
from linli.core.models import Member, ServiceRecord
from linli.core.runtime import Runtime, open_runtime
from linli.core.services import Context, create_activity, open_activity, record_manual

PASSWORD = "tui-test-password-1"


@dataclass
class Program:
    runtime: Runtime
    pending: list[int]  # every record awaiting review, oldest first, as the review screen lists them

    def states(self, ids: list[int]) -> list[str]:
        with self.runtime.reading() as session:
            return list(session.scalars(sa.select(ServiceRecord.state).where(ServiceRecord.id.in_(ids)).order_by(ServiceRecord.id)))


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tui") / "demo"
    result = CliRunner().invoke(
        cli, ["demo", "--preset", "baibuting", "--members", "50", "--dir", str(directory), "--password", PASSWORD], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return directory


def awaiting_review(ctx: Context) -> list[int]:
    """Every record awaiting review: the demo's, then three volunteers' manual records checked out yesterday at the community's own activity."""
    ends = ctx.now() - dt.timedelta(days=1)
    root = ctx.program.nodes[0].code
    activity = create_activity(
        ctx, title="楼道清扫", category="sanitation", host_node=root, starts_at=ends - dt.timedelta(hours=3), ends_at=ends, max_minutes_per_person=180
    )
    open_activity(ctx, activity.id)
    people = list(ctx.session.scalars(sa.select(Member.id).where(Member.status == "active").order_by(Member.id).limit(3)))
    for member_id in people:
        record_manual(ctx, member_id=member_id, activity_id=activity.id, minutes=120)
    return list(ctx.session.scalars(sa.select(ServiceRecord.id).where(ServiceRecord.state == "checked_out").order_by(ServiceRecord.id)))


def copy_program(source: Path, target: Path, *, locale: str | None = None) -> Path:
    shutil.copytree(source, target)
    config = target / "linli.yaml"
    if locale:
        text = config.read_text("utf-8").replace("program:\n", f"program:\n  locale: {locale}\n", 1)
        config.write_text(text, "utf-8")
    return config


@pytest.fixture
def program(demo_dir: Path, tmp_path: Path) -> Iterator[Program]:
    runtime = open_runtime(copy_program(demo_dir, tmp_path / "program"))
    try:
        yield Program(runtime, runtime.act("admin", awaiting_review))
    finally:
        runtime.close()


@pytest.fixture
def english(demo_dir: Path, tmp_path: Path) -> Iterator[Program]:
    runtime = open_runtime(copy_program(demo_dir, tmp_path / "english", locale="en"))
    try:
        yield Program(runtime, [])
    finally:
        runtime.close()
