"""Deposits and withdrawals when service is approved, and the same check before review.

``linli_service_approved`` runs inside the approving transaction, so a
withdrawal the served member cannot pay refuses the whole batch: nothing
of it is approved, deposited or withdrawn, and the reviewer sees who is
short and by how much. :func:`check_withdrawals` answers the same question
before the review, so a screen can warn instead of failing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from linli.core import Refused, ledger
from linli.core.ledger import TransferRequest
from linli.core.models import Activity, ServiceRecord
from linli.core.services import Context, get_member, require_admin

from linli.plugins.time_bank.accounts import BANK, LINE, MEMBER, UNIT, chunks, find_accounts, lock, member_legs, open_accounts
from linli.plugins.time_bank.plan import Banked, Purse, Shortfall, plan
from linli.plugins.time_bank.settings import Settings


def bank_approved(ctx: Context, records: Sequence[ServiceRecord]) -> None:
    """Deposit every banked record and withdraw it from its served member, in one ledger batch."""
    settings = Settings.of(ctx.program)
    if settings is None:
        return
    session = ctx.session
    items = _banked(session, settings, [(r, r.approved_minutes or 0) for r in records])
    if not items:
        return
    withdrawing = {i.served_member_id for i in items if settings.withdrawals and i.served_member_id is not None}
    members = {i.member_id for i in items} | withdrawing
    accounts = open_accounts(session, MEMBER, members)
    lines = open_accounts(session, LINE, withdrawing) if settings.max_overdraft_minutes else {}
    lines |= find_accounts(session, LINE, members - lines.keys())  # owed under an earlier, larger cap
    lock(session, [*accounts.values(), *lines.values()])
    purses = {m: Purse(accounts[m].balance, -lines[m].balance if m in lines else 0) for m in members}
    decided = plan(items, purses, withdrawals=settings.withdrawals, overdraft=settings.max_overdraft_minutes)
    if decided.shortfalls:
        raise refusal(session, decided.shortfalls[0], settings.max_overdraft_minutes)
    bank = ledger.account(session, *BANK, UNIT)
    requests = [
        TransferRequest(
            key=move.key,
            unit=UNIT,
            legs=(*member_legs(accounts[move.member_id], lines.get(move.member_id), move.on_account, move.on_line), ledger.Leg(bank, -(move.on_account + move.on_line))),
            cause=move.cause,
            produced_by="time_bank",
            cause_ref=f"service_record:{move.record_id}",
            occurred_at=ctx.now(),
            operator_id=ctx.operator.id,
        )
        for move in decided.moves
    ]
    ledger.post_many(session, requests)


def check_withdrawals(ctx: Context, record_ids: Collection[int]) -> list[Refused]:
    """The refusals approving *record_ids* together would meet, one per short withdrawal; writes nothing.

    Only records waiting for review count, with the minutes approval would
    credit them. Each error names the member, the record and the shortfall
    (``error.params`` carries the numbers).
    """
    require_admin(ctx)
    settings = Settings.of(ctx.program)
    if settings is None or not settings.withdrawals:
        return []
    session = ctx.session
    found: list[tuple[ServiceRecord, int]] = []
    for chunk in chunks(sorted(set(record_ids))):
        query = select(ServiceRecord).where(ServiceRecord.id.in_(chunk)).options(selectinload(ServiceRecord.activity))
        found += [(r, r.credited_minutes()) for r in session.scalars(query) if r.state == "checked_out"]
    items = _banked(session, settings, found)
    members = {i.member_id for i in items} | {i.served_member_id for i in items if i.served_member_id is not None}
    accounts, lines = find_accounts(session, MEMBER, members), find_accounts(session, LINE, members)
    purses = {m: Purse(accounts[m].balance if m in accounts else 0, -lines[m].balance if m in lines else 0) for m in members}
    decided = plan(items, purses, withdrawals=True, overdraft=settings.max_overdraft_minutes)
    return [refusal(session, shortfall, settings.max_overdraft_minutes) for shortfall in decided.shortfalls]


def refusal(session: Session, shortfall: Shortfall, overdraft: int) -> Refused:
    member = get_member(session, shortfall.member_id)
    return Refused(
        "time_bank.insufficient",
        member=member.label(),
        record=shortfall.record_id,
        needed=shortfall.needed,
        available=shortfall.available,
        overdraft=overdraft,
        shortfall=shortfall.needed - shortfall.available,
    )


def _banked(session: Session, settings: Settings, records: Sequence[tuple[ServiceRecord, int]]) -> list[Banked]:
    """The records whose category the program banks, with the minutes they move, in the order given."""
    categories: dict[int, str] = {}
    for chunk in chunks(sorted({record.activity_id for record, _ in records})):
        categories |= dict(session.execute(select(Activity.id, Activity.category).where(Activity.id.in_(chunk))).all())
    return [
        Banked(record.id, record.member_id, record.served_member_id, minutes)
        for record, minutes in records
        if minutes > 0 and settings.banks(categories[record.activity_id])
    ]
