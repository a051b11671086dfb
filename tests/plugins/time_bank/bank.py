"""A program running a time bank: volunteers, an elder-care activity, and service approved for someone served."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

import linli.plugins.time_bank as time_bank
from linli.core import Database, ledger
from linli.core.config.program import freeze
from linli.core.models import ServiceRecord
from linli.core.services import create_activity, open_activity, record_manual, register_member, review
from tests.core.factories import T0, World, make_program, make_world

HOUR = dt.timedelta(hours=1)


@dataclass
class Bank:
    world: World
    activity: int  # elder care: banked
    patrol: int  # patrol: banked unless the section names categories
    people: list[int]

    def record(self, member: int, minutes: int, *, served: int | None = None, activity: int | None = None) -> int:
        """A checked-out record waiting for review, serving *served*."""
        with self.world.acting() as ctx:
            found = record_manual(ctx, member_id=member, activity_id=activity or self.activity, minutes=minutes)
            # Core has no service that names the person served yet; the column is what the bank reads.
            found.served_member_id = served
            return found.id

    def approve(self, *records: int) -> None:
        self.world.act(lambda ctx: review(ctx, approve=list(records)))

    def serve(self, member: int, minutes: int, *, served: int | None = None) -> int:
        record = self.record(member, minutes, served=served)
        self.approve(record)
        return record

    def balance(self, member: int) -> int:
        """What the passbook shows: the account less what is owed on the overdraft line."""
        with self.world.database.reading() as session:
            query = sa.select(sa.func.coalesce(sa.func.sum(ledger.Account.balance), 0)).where(
                ledger.Account.owner == str(member), ledger.Account.unit == "minutes", ledger.Account.kind.in_(["member", "overdraft"])
            )
            return int(session.scalar(query) or 0)

    def account(self, kind: str, owner: str) -> int | None:
        with self.world.database.reading() as session:
            query = sa.select(ledger.Account.balance).where(ledger.Account.kind == kind, ledger.Account.owner == owner, ledger.Account.unit == "minutes")
            return session.scalar(query)

    def transfers(self) -> int:
        with self.world.database.reading() as session:
            return session.scalar(sa.select(sa.func.count()).select_from(ledger.Transfer)) or 0

    def states(self) -> list[str]:
        with self.world.database.reading() as session:
            return list(session.scalars(sa.select(ServiceRecord.state).order_by(ServiceRecord.id)))

    def invariants(self) -> list[str]:
        with self.world.database.reading() as session:
            return ledger.check_invariants(session)


def make_bank(database: Database, members: int = 4, **section: Any) -> Bank:
    program = make_program(sections=freeze({"time_bank": section}))
    world = make_world(database, ("time_bank", time_bank), program=program)
    with world.acting() as ctx:
        people = [register_member(ctx, name=f"居民{i}", phone=f"1380000{i:04d}", home_node="G0101").id for i in range(members)]
        activities = []
        for title, category in (("陪伴空巢老人", "elderly"), ("夜间巡逻", "patrol")):
            activity = create_activity(ctx, title=title, category=category, host_node="S01", starts_at=T0, ends_at=T0 + 8 * HOUR)
            open_activity(ctx, activity.id)
            activities.append(activity.id)
    return Bank(world, activities[0], activities[1], people)
