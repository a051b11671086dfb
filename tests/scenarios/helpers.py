"""A shipped preset running on a fresh database with the real plugins, driven through the service layer.

Each scenario test walks its model's story as the CLI would: one
``runtime.act`` (one transaction) per step, as the bootstrapped admin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from linli.core import Context, Database, ledger
from linli.core.config import ProgramLoader
from linli.core.ledger import Account
from linli.core.plugins import make_plugin_host
from linli.core.runtime import Runtime
from linli.core.services import (
    bootstrap_admin,
    check_in,
    check_out,
    create_activity,
    create_node,
    ServiceRow,
    open_activity,
    record_imported_service,
    register_member,
    sign_up,
    sync_nodes,
)
from linli.core.services.context import CHINA_STANDARD_TIME

T = TypeVar("T")
ADMIN = "admin"
CST = CHINA_STANDARD_TIME


def cst(text: str) -> dt.datetime:
    """``"2026-11-02 09:00"`` in China time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


@dataclass
class Scenario:
    runtime: Runtime

    def act(self, work: Callable[[Context], T]) -> T:
        return self.runtime.act(ADMIN, work)

    def view(self, work: Callable[[Context], T]) -> T:
        return self.runtime.view(ADMIN, work)

    def nodes(self, *specs: tuple[str, str, str, str]) -> None:
        """Lower levels the preset leaves to the community: (code, name, level, parent)."""

        def work(ctx: Context) -> None:
            for code, name, level, parent in specs:
                create_node(ctx, code=code, name=name, level=level, parent=parent)

        self.act(work)

    def member(self, name: str, phone: str, home: str, *, tags: Sequence[str] = (), **more: Any) -> int:
        return self.act(lambda ctx: register_member(ctx, name=name, phone=phone, home_node=home, tags=tags, **more).id)

    def activity(self, title: str, category: str, host: str | None, starts: str, hours: float = 4, **more: Any) -> int:
        """An open activity hosted by the org node *host*, or by a team (``host=None, host_team_id=…``)."""
        start = cst(starts)

        def work(ctx: Context) -> int:
            made = create_activity(ctx, title=title, category=category, host_node=host, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **more)
            return open_activity(ctx, made.id).id

        return self.act(work)

    def serve(self, member_id: int, activity_id: int, starts: str, minutes: int) -> int:
        """Sign up, check in at *starts*, check out *minutes* later: a record awaiting review."""
        start = cst(starts)

        def work(ctx: Context) -> int:
            record = sign_up(ctx, activity_id=activity_id, member_id=member_id)
            check_in(ctx, record.id, at=start)
            return check_out(ctx, record.id, at=start + dt.timedelta(minutes=minutes)).id

        return self.act(work)

    def balance(self, member_id: int, unit: str) -> int:
        with self.runtime.reading() as session:
            return balance(session, member_id, unit)


def balance(session: Session, member_id: int, unit: str) -> int:
    """The member's ledger balance in *unit* (``points``, ``minutes``); 0 before any transfer."""
    query = sa.select(Account).where(Account.kind == "member", Account.owner == str(member_id), Account.unit == unit)
    found = session.scalar(query)
    return 0 if found is None else ledger.balance(session, found)


def open_preset(name: str, database: Database, *, now: dt.datetime, text: str | None = None) -> Scenario:
    """Load the shipped preset *name* (or *text*, a file extending it), bootstrap the admin and create the preset's org tree."""
    host = make_plugin_host(autoload=False)
    loader = ProgramLoader(host)
    result = loader.check_preset(name) if text is None else loader.check_text(text, f"{name}+test.yaml")
    assert result.ok, [problem.render() for problem in result.problems]
    assert result.program is not None
    runtime = Runtime(result.program, host, database, now=lambda: now)
    with database.writing() as session:
        bootstrap_admin(session, username=ADMIN, display_name="社区管理员", password="correct horse battery", now=lambda: now)
    scenario = Scenario(runtime)
    scenario.act(sync_nodes)
    return scenario


def bank_hours(scenario: Scenario, member_id: int, activity_id: int, first_day: str, hours: int, *, per_day: int = 8) -> None:
    """*hours* of approved service, *per_day* a day from *first_day*: years of patrols, certified in one review."""
    start = cst(first_day)
    days, rest = divmod(hours, per_day)
    spans = [per_day] * days + ([rest] if rest else [])

    def work(ctx: Context) -> None:
        rows = []
        for day, span in enumerate(spans):
            begin = start + dt.timedelta(days=day)
            rows.append(ServiceRow(activity_id, span * 60, member_id=member_id, check_in_at=begin, check_out_at=begin + dt.timedelta(hours=span)))
        record_imported_service(ctx, rows, approve=True)

    scenario.act(work)
