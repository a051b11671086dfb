"""The passbook (志愿服务存折): every deposit and withdrawal with its date, activity, counterpart and balance.

The lines are the ledger's own statement of the member's account and
overdraft line, merged per transfer, so the balance is what the member
holds minus what they owe and any line can be traced to its transfer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from linli.core import ledger, t
from linli.core.ledger import Account, Posting
from linli.core.models import Activity, Member, ServiceRecord
from linli.core.services import Context, lookup_member, require_scope

from linli.plugins.time_bank.accounts import LINE, MEMBER, find_accounts
from linli.plugins.time_bank.settings import Settings

RECORD_REF = "service_record:"
# Who stands on the other side of a line: whom the volunteer served, or who served the member.
COUNTERPART = {"time_deposit": "served_member_id", "time_withdrawal": "member_id"}


@dataclass(frozen=True)
class PassbookLine:
    on: dt.date  # the day the bank moved the time, China time
    summary: str
    activity: str | None
    served_on: dt.date | None
    counterpart: str | None
    amount: int  # minutes: positive in, negative out
    balance: int


@dataclass(frozen=True)
class Passbook:
    """Plain values, readable after the session that built them is closed."""

    title: str
    member_id: int
    member_name: str
    masked_phone: str
    lines: list[PassbookLine]

    @property
    def balance(self) -> int:
        return self.lines[-1].balance if self.lines else 0


def passbook(ctx: Context, member: str) -> Passbook:
    """The passbook of *member* (id or phone); the operator's scope must cover where they live."""
    session = ctx.session
    holder = lookup_member(session, member)
    require_scope(ctx, holder.home_node)
    settings = Settings.of(ctx.program)
    title = settings.title if settings else t("time_bank.default_title", ctx.program.locale)
    merged: dict[int, tuple[ledger.StatementLine, int]] = {}
    for kind in (MEMBER, LINE):
        account = find_accounts(session, kind, {holder.id}).get(holder.id)
        for line in ledger.statement(session, account) if account else ():
            first, amount = merged.get(line.transfer_id, (line, 0))
            merged[line.transfer_id] = (first, amount + line.amount)
    ordered = sorted(merged.values(), key=lambda pair: (pair[0].occurred_at, pair[0].transfer_id))
    records = _records(session, [line.cause_ref for line, _ in ordered])
    others = _other_members(session, [line.transfer_id for line, _ in ordered if line.cause == "time_transfer"], holder.id)
    counterparts = [_counterpart(line, records, others) for line, _ in ordered]
    names = _names(session, {c for c in counterparts if c is not None})
    lines, balance = [], 0
    for (line, amount), counterpart in zip(ordered, counterparts, strict=True):
        balance += amount
        found = records.get(line.cause_ref or "")
        lines.append(
            PassbookLine(
                on=line.occurred_at.astimezone(ctx.zone).date(),
                summary=_summary(line, amount, ctx.program.locale),
                activity=found["title"] if found else None,
                served_on=found["served_at"].astimezone(ctx.zone).date() if found else None,
                counterpart=names.get(counterpart) if counterpart else None,
                amount=amount,
                balance=balance,
            )
        )
    return Passbook(title, holder.id, holder.name, holder.masked_phone, lines)


def _counterpart(line: ledger.StatementLine, records: dict[str, dict[str, Any]], others: dict[int, int]) -> int | None:
    found = records.get(line.cause_ref or "")
    if found and line.cause in COUNTERPART:
        return found[COUNTERPART[line.cause]]  # type: ignore[no-any-return]
    return others.get(line.transfer_id)


def _summary(line: ledger.StatementLine, amount: int, locale: str) -> str:
    cause = line.cause
    if cause == "time_transfer":
        cause += "_in" if amount > 0 else "_out"
    key = f"time_bank.line_{cause}"
    text = t(key, locale) if cause in ("time_deposit", "time_withdrawal", "time_transfer_in", "time_transfer_out", "reversal") else cause
    return f"{text}（{line.memo}）" if line.memo else text


def _records(session: Session, refs: list[str | None]) -> dict[str, dict[str, Any]]:
    """The service records the lines refer to, with their activity, keyed by cause_ref."""
    ids = sorted({int(ref.removeprefix(RECORD_REF)) for ref in refs if ref and ref.startswith(RECORD_REF)})
    if not ids:
        return {}
    served_at = func.coalesce(ServiceRecord.check_in_at, Activity.starts_at).label("served_at")
    query = select(ServiceRecord.id, ServiceRecord.member_id, ServiceRecord.served_member_id, Activity.title, served_at).join(Activity)
    return {f"{RECORD_REF}{row.id}": row._asdict() for row in session.execute(query.where(ServiceRecord.id.in_(ids)))}


def _other_members(session: Session, transfer_ids: list[int], holder: int) -> dict[int, int]:
    """For family transfers: the member on the other side of each."""
    if not transfer_ids:
        return {}
    query = (
        select(Posting.transfer_id, Account.owner)
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.transfer_id.in_(transfer_ids), Account.kind == MEMBER, Account.owner != cast(holder, String))
    )
    return {transfer_id: int(owner) for transfer_id, owner in session.execute(query)}


def _names(session: Session, member_ids: set[int]) -> dict[int, str]:
    if not member_ids:
        return {}
    return dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(member_ids))).all())
