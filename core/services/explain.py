"""``linli explain``: every points and time transfer of a member, with its cause and rules.

A district must be able to answer "why do I have this many points?" line by
line (DESIGN.md, Ledger): each line names the service record, activity,
date and minutes behind it, and the rule ids and plugin that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from linli.core.ledger import Account, statement
from linli.core.models import Activity, Member, ServiceRecord
from linli.core.services.context import Context
from linli.core.services.scope import require_scope

UNITS = ("points", "minutes")
RECORD_REF = "service_record:"


@dataclass(frozen=True)
class ExplainedLine:
    unit: str
    occurred_at: dt.datetime
    amount: int
    balance: int
    cause: str
    produced_by: str
    rule_ids: tuple[str, ...]
    memo: str | None
    record_id: int | None = None
    activity: str | None = None
    category: str | None = None
    minutes: int | None = None


@dataclass
class Explanation:
    member: dict[str, Any]
    approved_minutes: int
    lines: list[ExplainedLine] = field(default_factory=list)
    balances: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def explain_member(ctx: Context, member: Member) -> Explanation:
    """Everything the ledger holds for *member*, oldest first, with causes resolved."""
    require_scope(ctx, member.home_node)
    session = ctx.session
    approved = session.scalars(
        select(ServiceRecord.approved_minutes).where(ServiceRecord.member_id == member.id, ServiceRecord.state == "approved")
    ).all()
    explanation = Explanation(
        member={"id": member.id, "name": member.name, "phone": member.masked_phone, "home": member.home_node.label()},
        approved_minutes=sum(minutes or 0 for minutes in approved),
    )
    accounts = session.scalars(select(Account).where(Account.kind == "member", Account.owner == str(member.id), Account.unit.in_(UNITS)))
    raw = [(account.unit, line) for account in accounts for line in statement(session, account)]
    records = _records(ctx, {_record_id(line.cause_ref) for _, line in raw} - {None})
    for unit, line in sorted(raw, key=lambda pair: (pair[1].occurred_at, pair[1].transfer_id, pair[0])):
        record_id = _record_id(line.cause_ref)
        found = records.get(record_id) if record_id is not None else None
        explanation.lines.append(
            ExplainedLine(
                unit=unit,
                occurred_at=line.occurred_at,
                amount=line.amount,
                balance=line.balance,
                cause=line.cause,
                produced_by=line.produced_by,
                rule_ids=line.rule_ids,
                memo=line.memo,
                record_id=record_id,
                activity=found[0] if found else None,
                category=found[1] if found else None,
                minutes=found[2] if found else None,
            )
        )
        explanation.balances[unit] = line.balance
    for contributed in ctx.hooks.linli_explain_member(ctx=ctx, member=member):
        explanation.notes.extend(contributed or ())
    return explanation


def _record_id(cause_ref: str | None) -> int | None:
    if cause_ref and cause_ref.startswith(RECORD_REF) and cause_ref[len(RECORD_REF) :].isdigit():
        return int(cause_ref[len(RECORD_REF) :])
    return None


def _records(ctx: Context, ids: set[int | None]) -> dict[int, tuple[str, str, int | None]]:
    if not ids:
        return {}
    query = (
        select(ServiceRecord.id, Activity.title, Activity.category, ServiceRecord.approved_minutes)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(ServiceRecord.id.in_([i for i in ids if i is not None]))
    )
    return {row.id: (row.title, row.category, row.approved_minutes) for row in ctx.session.execute(query)}
