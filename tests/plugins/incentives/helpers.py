"""A program with an ``incentives`` section, and the few moves its tests make: members, activities, approvals, balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

import linli.plugins.incentives as incentives
from linli.core import Program, ledger
from linli.core.config.program import freeze
from linli.core.ledger import Account, Transfer
from linli.core.services import create_activity, evaluate, open_activity, record_manual, register_member, review
from linli.core.services.context import CHINA_STANDARD_TIME
from tests.core.factories import World, make_program, make_world

CST = CHINA_STANDARD_TIME


def cst(text: str) -> dt.datetime:
    """``"2024-03-02 09:00"`` in China time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def program_with(section: dict[str, Any]) -> Program:
    return make_program(sections=freeze({"incentives": section}))


def incentives_world(database: Any, rules: list[dict[str, Any]], *plugins: tuple[str, object], **section: Any) -> World:
    return make_world(database, ("incentives", incentives), *plugins, program=program_with({"rules": rules, **section}))


def member(world: World, phone: str, *, tags: Sequence[str] = (), referred_by: int | None = None, home: str = "G0101") -> int:
    with world.acting() as ctx:
        new = register_member(ctx, name=f"志愿者{phone[-4:]}", phone=phone, home_node=home, tags=tags)
        new.referred_by_id = referred_by
        return new.id


def activity(world: World, starts: str, *, category: str = "patrol", kind: str = "service", hours: int = 8) -> int:
    start = cst(starts)
    with world.acting() as ctx:
        created = create_activity(
            ctx, title="活动", category=category, kind=kind, host_node="S01", starts_at=start, ends_at=start + dt.timedelta(hours=hours)
        )
        open_activity(ctx, created.id)
        return created.id


def served(world: World, member_id: int, activity_id: int, starts: str, minutes: int, score: int | None = None) -> int:
    """A checked-out record (not yet approved) of *minutes* from *starts*, rated *score*."""
    start = cst(starts)
    with world.acting() as ctx:
        record = record_manual(
            ctx, member_id=member_id, activity_id=activity_id, minutes=minutes, check_in_at=start, check_out_at=start + dt.timedelta(minutes=minutes)
        )
        if score is not None:
            evaluate(ctx, record.id, score=score)
        return record.id


def approve(world: World, *record_ids: int) -> None:
    world.act(lambda ctx: review(ctx, approve=list(record_ids)))


def points(world: World, member_id: int) -> int:
    with world.database.reading() as session:
        found = session.scalar(sa.select(Account).where(Account.kind == "member", Account.owner == str(member_id), Account.unit == "points"))
        return 0 if found is None else ledger.balance(session, found)


def transfers(world: World, cause: str | None = None) -> list[Transfer]:
    """Incentives' transfers, oldest first."""
    with world.database.reading() as session:
        query = sa.select(Transfer).where(Transfer.produced_by == "incentives").order_by(Transfer.id)
        if cause is not None:
            query = query.where(Transfer.cause == cause)
        found = list(session.scalars(query))
        session.expunge_all()  # keep what was read when the reading session rolls back
        return found


def credited(world: World) -> dict[str, tuple[int, list[str]]]:
    """``{key: (points to the member, rule ids)}`` of every incentives transfer."""
    with world.database.reading() as session:
        rows = session.execute(
            sa.select(Transfer.idempotency_key, ledger.Posting.amount, Transfer.rule_ids)
            .join(ledger.Posting, ledger.Posting.transfer_id == Transfer.id)
            .where(Transfer.produced_by == "incentives", ledger.Posting.amount > 0)
        )
        return {key: (amount, list(rule_ids)) for key, amount, rule_ids in rows}

