"""Which source backs the points members hold and spend: a replay of their accounts, oldest points spent first.

Points are fungible in a member's account, but a settlement must say which
fund (or community issuer) backs what was honoured and what is still held.
Every credit from an issuer or fund is a *lot* of that source; every debit
consumes the oldest lots first (FIFO, as incentives' expiry assumes), except
that correcting a credit first takes back what is left of that very credit.
Undoing a debit (a cancelled or expired redemption) gives each lot back what
it took, in its old place. The replay is pure: :mod:`.settlement` feeds it postings.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["issue", "redeem", "expire", "other"]
OTHER = "other"
Parts = dict[str, int]


@dataclass(frozen=True)
class Movement:
    """One posting on a member's points account, in ledger order (occurred_at, transfer id)."""

    member: str
    transfer_id: int
    amount: int
    reverses_id: int | None
    kind: Kind
    counterpart: str  # the other account's label: fund:…, issuer:…, merchant:…
    in_period: bool


@dataclass
class Lot:
    seq: int  # creation order: the oldest lots are spent first
    source: str
    remaining: int


Taken = list[tuple[Lot, int]]


@dataclass(frozen=True)
class Spend:
    """Points a debit took (sign 1) or its undoing gave back (sign -1), by source, within the period."""

    transfer_id: int  # the debit's transfer
    counterpart: str
    parts: Parts
    sign: int


@dataclass
class Replay:
    issued: Counter[tuple[str, str]] = field(default_factory=Counter)  # (member, source) → points issued in the period
    spent: list[Spend] = field(default_factory=list)  # redemptions and their undoing in the period
    expired: Counter[str] = field(default_factory=Counter)  # source → points expired in the period
    other: Counter[str] = field(default_factory=Counter)  # source → other debits in the period
    held: Counter[tuple[str, str]] = field(default_factory=Counter)  # (member, source) → points held at the end


def replay(movements: Iterable[Movement]) -> Replay:
    result = Replay()
    books: defaultdict[str, list[Lot]] = defaultdict(list)
    credits: dict[int, Lot] = {}
    debits: dict[int, tuple[Movement, Taken]] = {}
    for seq, move in enumerate(movements):
        lots = books[move.member]
        if move.amount > 0:
            undone = debits.pop(move.reverses_id, None) if move.reverses_id is not None else None
            if undone is None:
                lot = Lot(seq, move.counterpart if move.kind == "issue" else OTHER, move.amount)
                lots.append(lot)
                credits[move.transfer_id] = lot
                if move.in_period and move.kind == "issue":
                    result.issued[(move.member, move.counterpart)] += move.amount
                continue
            original, taken = undone
            _restore(lots, taken)
            if move.in_period:
                _note(result, original, _parts(taken), -1)
            continue
        corrected = credits.get(move.reverses_id) if move.reverses_id is not None else None
        taken = _take(lots, -move.amount, corrected, seq)
        if corrected is not None:
            if move.in_period:
                result.issued[(move.member, move.counterpart)] += move.amount
            continue
        debits[move.transfer_id] = (move, taken)
        if move.in_period:
            _note(result, move, _parts(taken), 1)
    for member, lots in books.items():
        for lot in lots:
            result.held[(member, lot.source)] += lot.remaining
    return result


def _note(result: Replay, debit: Movement, parts: Parts, sign: int) -> None:
    if debit.kind == "redeem":
        result.spent.append(Spend(debit.transfer_id, debit.counterpart, parts, sign))
        return
    totals = result.expired if debit.kind == "expire" else result.other
    for source, amount in parts.items():
        totals[source] += sign * amount


def _take(lots: list[Lot], amount: int, first: Lot | None, seq: int) -> Taken:
    """Consume *amount* from *first*, then the oldest lots; a shortfall becomes a negative lot so totals stay exact."""
    taken: Taken = []
    for lot in ([first] if first is not None else []) + lots:
        part = min(amount, lot.remaining)
        if part > 0:
            lot.remaining -= part
            taken.append((lot, part))
            amount -= part
        if not amount:
            break
    if amount:
        deficit = Lot(seq, OTHER, -amount)
        lots.append(deficit)
        taken.append((deficit, amount))
    lots[:] = [lot for lot in lots if lot.remaining]
    return taken


def _restore(lots: list[Lot], taken: Taken) -> None:
    """Give each lot back what a debit took from it, in its old place in the queue."""
    for lot, part in taken:
        emptied = lot.remaining == 0
        lot.remaining += part
        if emptied:
            bisect.insort(lots, lot, key=lambda queued: queued.seq)
    lots[:] = [lot for lot in lots if lot.remaining]


def _parts(taken: Taken) -> Parts:
    parts: Counter[str] = Counter()
    for lot, part in taken:
        parts[lot.source] += part
    return dict(parts)


def allocate(total: int, parts: Parts) -> Parts:
    """Split *total* (fen) over *parts* in proportion, largest remainders first, summing exactly to *total*."""
    weight = sum(parts.values())
    if not weight:
        return {}
    shares = {source: total * amount // weight for source, amount in parts.items()}
    order = sorted(parts, key=lambda source: (-(total * parts[source] % weight), source))
    for source in order[: total - sum(shares.values())]:
        shares[source] += 1
    return shares
