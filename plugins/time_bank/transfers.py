"""Giving banked time to a family member, when the program allows it (e.g. a child's hours to a parent)."""

from __future__ import annotations

from uuid import uuid4

from linli.core import Refused, ledger
from linli.core.ledger import Transfer, TransferRequest
from linli.core.services import Change, Context, get_member, record, require_scope

from linli.plugins.time_bank.accounts import LINE, MEMBER, UNIT, find_accounts, lock, member_legs, open_accounts
from linli.plugins.time_bank.plan import Purse
from linli.plugins.time_bank.settings import Settings


def transfer_time(ctx: Context, *, from_member: int, to_member: int, minutes: int, relation: str) -> Transfer:
    """Move *minutes* of banked time from one member to a family member; *relation* says how they are related.

    The giver gives only what they hold: an overdraft is for being served,
    not for passing on. Received time repays what the receiver owes first.
    The operator must cover both members' home nodes; the transfer is audited.
    """
    settings = Settings.of(ctx.program)
    if settings is None or not settings.family_transfer:
        raise Refused("time_bank.transfer_disabled")
    session = ctx.session
    giver, receiver = get_member(session, from_member), get_member(session, to_member)
    require_scope(ctx, giver.home_node)
    require_scope(ctx, receiver.home_node)
    relation = relation.strip()
    if giver.id == receiver.id:
        raise Refused("time_bank.transfer_to_self", member=giver.label())
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise Refused("time_bank.bad_minutes", minutes=minutes)
    if not relation:
        raise Refused("time_bank.relation_missing")
    both = {giver.id, receiver.id}
    accounts, lines = open_accounts(session, MEMBER, both), find_accounts(session, LINE, both)
    lock(session, [*accounts.values(), *lines.values()])
    purses = {m: Purse(accounts[m].balance, -lines[m].balance if m in lines else 0) for m in both}
    available = max(purses[giver.id].available(0), 0)
    taken = purses[giver.id].debit(minutes, 0)
    if taken is None:
        raise Refused("time_bank.transfer_insufficient", member=giver.label(), needed=minutes, available=available, shortfall=minutes - available)
    request = TransferRequest(
        key=f"time:transfer:{uuid4().hex}",
        unit=UNIT,
        legs=(*member_legs(accounts[giver.id], None, *taken), *member_legs(accounts[receiver.id], lines.get(receiver.id), *purses[receiver.id].credit(minutes))),
        cause="time_transfer",
        produced_by="time_bank",
        memo=relation,
        occurred_at=ctx.now(),
        operator_id=ctx.operator.id,
    )
    transfer = ledger.post(session, request)
    after = {"from_member": giver.id, "to_member": receiver.id, "minutes": minutes, "relation": relation}
    record(ctx, Change("time_bank.transfer", "ledger_transfer", transfer.id, after=after))
    return transfer
