"""``linli settle --period 2026-11``: who issued points, who honoured them, who owes what — from the ledger.

Everything is computed from postings, so the figures reconcile exactly with
the ledger: points issued per fund are what the fund accounts paid out in
the month; points honoured per merchant are what their accounts received
(less cancellations and expiries); points held at the month's end are the
members' balances then. Which source backs what comes from :mod:`.lots`;
claims in CNY come from the redemptions, as each item was priced when
redeemed. Cross-community flows pair the redeeming member's home and the
merchant's node, both rolled up to ``settlement_level``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from linli.core import Context, Refused
from linli.core.ledger import Account, Posting, Transfer
from linli.core.services import chunks, require_scope

from linli.plugins.exchange.lots import Kind, Movement, Replay, allocate, replay
from linli.plugins.exchange.models import Redemption
from linli.plugins.exchange.nodes import Rollup
from linli.plugins.exchange.settings import Settings

PERIOD = re.compile(r"(\d{4})-(\d{2})")
FEN = Decimal("0.01")
STREAM = 10_000


@dataclass(frozen=True)
class MerchantClaim:
    merchant: str
    name: str
    redemptions: int
    verified: int
    points: int
    claim_fen: int


@dataclass(frozen=True)
class Settlement:
    period: str
    since: dt.datetime
    until: dt.datetime
    cny_per_point: Decimal
    issued: Counter[tuple[str, str]]  # (community, source) → points
    claims: list[MerchantClaim]
    owed: Counter[tuple[str, str]]  # (source, merchant) → points
    owed_fen: Counter[tuple[str, str]]  # (source, merchant) → CNY fen
    flows: Counter[tuple[str, str]]  # (earned in, spent in) → points
    flows_fen: Counter[tuple[str, str]]
    expired: Counter[str]
    held: Counter[str]  # source → points held by members at the end
    funds: dict[str, dict[str, Any]]

    def liability(self, points: int) -> Decimal:
        return (points * self.cny_per_point).quantize(FEN)


def window(period: str, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """``2026-11`` → [1 Nov 00:00, 1 Dec 00:00) China time."""
    match = PERIOD.fullmatch(period.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise Refused("exchange.bad_period", period=period)
    year, month = int(match[1]), int(match[2])
    start = dt.datetime(year, month, 1, tzinfo=zone)
    return start, dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)


def settle(ctx: Context, period: str) -> Settlement:
    require_scope(ctx, None)
    settings = Settings.of(ctx.program)
    since, until = window(period, ctx.zone)
    result = replay(_movements(ctx, since, until))
    rollup = Rollup(ctx.session, settings.settlement_level)
    homes = rollup.members(int(member) for member, _ in result.issued)
    issued: Counter[tuple[str, str]] = Counter()
    for (member, source), points in result.issued.items():
        issued[(homes[int(member)], source)] += points
    held: Counter[str] = Counter()
    for (_, source), points in result.held.items():
        held[source] += points
    settlement = Settlement(
        period=period.strip(),
        since=since,
        until=until,
        cny_per_point=settings.cny_per_point,
        issued=_nonzero(issued),
        claims=[],
        owed=Counter(),
        owed_fen=Counter(),
        flows=Counter(),
        flows_fen=Counter(),
        expired=_nonzero(result.expired),
        held=_nonzero(held),
        funds=dict(ctx.hooks.linli_funds(ctx=ctx, since=since, until=until) or {}),
    )
    _spending(ctx, settlement, result, rollup)
    return settlement


def _spending(ctx: Context, settlement: Settlement, result: Replay, rollup: Rollup) -> None:
    """Claims per merchant, what each source owes each merchant, and flows between communities."""
    redemptions = _redemptions(ctx, [spend.transfer_id for spend in result.spent])
    nodes = rollup.nodes({node for r in redemptions.values() for node in (r.member_node_id, r.merchant_node_id)})
    claims: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for spend in result.spent:
        merchant = spend.counterpart.removeprefix("merchant:")
        found = redemptions.get(spend.transfer_id)
        points, fen = sum(spend.parts.values()), found.cny_fen if found else 0
        line = claims.setdefault(merchant, [0, 0, 0, 0])
        line[0] += spend.sign
        line[1] += spend.sign if found and found.state == "verified" and spend.sign > 0 else 0
        line[2] += spend.sign * points
        line[3] += spend.sign * fen
        for source, share in allocate(fen, spend.parts).items():
            settlement.owed_fen[(source, merchant)] += spend.sign * share
        for source, part in spend.parts.items():
            settlement.owed[(source, merchant)] += spend.sign * part
        if found is not None:
            names[merchant] = found.merchant_name
            flow = (nodes[found.member_node_id], nodes[found.merchant_node_id])
            settlement.flows[flow] += spend.sign * points
            settlement.flows_fen[flow] += spend.sign * fen
    settlement.claims.extend(MerchantClaim(code, names.get(code, code), *line) for code, line in sorted(claims.items()))


def _nonzero(counts: Counter[Any]) -> Counter[Any]:
    """*counts* without zero entries; unlike ``+counts`` it keeps negative ones (corrections)."""
    return Counter({key: value for key, value in counts.items() if value})


def _redemptions(ctx: Context, transfer_ids: list[int]) -> dict[int, Redemption]:
    """The redemptions paid by *transfer_ids*, by paying transfer."""
    found: dict[int, Redemption] = {}
    for chunk in chunks(sorted(set(transfer_ids))):
        for redemption in ctx.session.scalars(select(Redemption).where(Redemption.transfer_id.in_(chunk))):
            assert redemption.transfer_id is not None
            found[redemption.transfer_id] = redemption
    return found


def _movements(ctx: Context, since: dt.datetime, until: dt.datetime) -> Iterator[Movement]:
    """Every posting on a member's points account dated before *until*, classified by its counterpart."""
    labels = {
        account_id: f"{kind}:{owner}"
        for account_id, kind, owner in ctx.session.execute(select(Account.id, Account.kind, Account.owner).where(Account.kind != "member", Account.unit == "points"))
    }
    mine, other = aliased(Posting), aliased(Posting)
    counterpart = (
        select(other.account_id)
        .where(other.transfer_id == mine.transfer_id, other.account_id != mine.account_id)
        .order_by(other.id)
        .limit(1)
        .correlate(mine)
        .scalar_subquery()
    )
    query = (
        select(Account.owner, mine.amount, Transfer.id, Transfer.occurred_at, Transfer.reverses_id, Transfer.cause, counterpart)
        .join(mine, mine.account_id == Account.id)
        .join(Transfer, Transfer.id == mine.transfer_id)
        .where(Account.kind == "member", Account.unit == "points", Transfer.occurred_at < until)
        .order_by(Transfer.occurred_at, Transfer.id)
        .execution_options(yield_per=STREAM)
    )
    for owner, amount, transfer_id, occurred_at, reverses_id, cause, other_id in ctx.session.execute(query):
        label = labels.get(other_id, "member:?")
        yield Movement(owner, transfer_id, amount, reverses_id, _kind(label, amount, cause), label, occurred_at >= since)


def _kind(counterpart: str, amount: int, cause: str) -> Kind:
    kind = counterpart.split(":", 1)[0]
    if kind == "merchant":
        return "redeem"
    if kind in ("issuer", "fund"):
        return "issue" if amount > 0 or cause == "reversal" else "expire" if cause == "expiry" else "other"
    return "other"
