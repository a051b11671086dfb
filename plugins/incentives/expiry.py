"""Expiring unspent points (积分清零): ``linli points expire --as-of DATE``.

The policy is ``incentives.expiry`` (see :func:`lots.expiry_day`): ``none``,
``months`` after earning, or ``year_end``. On *as_of*, each member loses what
is left of their lots whose expiry day is on or before *as_of* (oldest-first
spending, see :mod:`lots`), never more than their balance now, as one
transfer back to the issuer of their home node: cause ``expiry``, dated
*as_of* 00:00 China time, key ``points:expiry:<member id>:<as_of>``. Running
it again for the same day changes nothing; a later day expires only what
expired since, because earlier expiries already consumed the oldest lots.

Example (12 months): 10 points earned 2024-01-10 and 6 on 2024-06-01, 4
spent in March: on 2025-01-10 the first lot has 6 left and they expire; on
2025-06-01 the 6 of the second lot expire.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from linli.core import Context, Refused, ledger
from linli.core.ledger import Account, Posting, Transfer
from linli.core.services import chunks, require_scope

from linli.plugins.incentives.accounts import PRODUCER, UNIT, open_accounts, recorded_keys
from linli.plugins.incentives.facts import home_codes
from linli.plugins.incentives.lots import Entry, expired_points
from linli.plugins.incentives.settings import SECTION

# Members' accounts read per round: their postings are held in memory together.
ACCOUNTS_PER_ROUND = 1000


@dataclass(frozen=True)
class ExpiryResult:
    as_of: dt.date
    policy: str
    members: int
    points: int


def expiry_key(member_id: int, as_of: dt.date) -> str:
    return f"points:expiry:{member_id}:{as_of.isoformat()}"


def expire(ctx: Context, as_of: dt.date) -> ExpiryResult:
    """Expire what the policy says is expired on *as_of*; a program-wide admin's job."""
    require_scope(ctx, None)
    if as_of > ctx.today():
        raise Refused("incentives.expiry_in_future", as_of=as_of.isoformat(), today=ctx.today().isoformat())
    expiry = (ctx.program.section(SECTION) or {}).get("expiry", {"policy": "none"})
    if expiry["policy"] == "none":
        return ExpiryResult(as_of, "none", 0, 0)
    members = points = 0
    query = select(Account.id).where(Account.kind == "member", Account.unit == UNIT, Account.balance > 0).order_by(Account.id)
    for chunk in chunks(ctx.session.scalars(query).all(), ACCOUNTS_PER_ROUND):
        # Locked: a purchase between reading and expiring could otherwise be refused for want of points.
        accounts = ctx.session.scalars(select(Account).where(Account.id.in_(chunk)).order_by(Account.id).with_for_update()).all()
        done = recorded_keys(ctx.session, (expiry_key(int(a.owner), as_of) for a in accounts))
        due: dict[Account, int] = {}
        for account, entries in _timelines(ctx, [a for a in accounts if expiry_key(int(a.owner), as_of) not in done]).items():
            amount = min(expired_points(entries, expiry, as_of), account.balance)
            if amount > 0:
                due[account] = amount
        _post(ctx, due, as_of)
        members, points = members + len(due), points + sum(due.values())
    return ExpiryResult(as_of, expiry["policy"], members, points)


def _timelines(ctx: Context, accounts: list[Account]) -> dict[Account, list[Entry]]:
    """Each account's postings, oldest first, as FIFO entries (dates in China time)."""
    by_id = {a.id: a for a in accounts}
    timelines: defaultdict[Account, list[Entry]] = defaultdict(list)
    if not accounts:
        return timelines
    query = (
        select(Posting.account_id, Posting.amount, Transfer.id, Transfer.occurred_at, Transfer.reverses_id)
        .join(Transfer, Transfer.id == Posting.transfer_id)
        .where(Posting.account_id.in_(by_id))
        .order_by(Transfer.occurred_at, Transfer.id)
    )
    for account_id, amount, transfer_id, occurred_at, reverses_id in ctx.session.execute(query):
        timelines[by_id[account_id]].append(Entry(transfer_id, occurred_at.astimezone(ctx.zone).date(), amount, reverses_id))
    return timelines


def _post(ctx: Context, due: dict[Account, int], as_of: dt.date) -> None:
    if not due:
        return
    session: Session = ctx.session
    homes = home_codes(session, (int(a.owner) for a in due))
    issuers = open_accounts(session, "issuer", set(homes.values()))
    at = dt.datetime.combine(as_of, dt.time(), ctx.zone)
    requests = [
        ledger.TransferRequest.move(
            expiry_key(int(account.owner), as_of),
            account,
            issuers[homes[int(account.owner)]],
            amount,
            cause="expiry",
            produced_by=PRODUCER,
            cause_ref=f"expiry:{as_of.isoformat()}",
            occurred_at=at,
            operator_id=ctx.operator.id,
        )
        for account, amount in due.items()
    ]
    ledger.post_many(session, requests)
