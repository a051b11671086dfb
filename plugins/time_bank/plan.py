"""How banked time moves, decided in memory before anything is written.

A member's time is their account (never below zero, as the ledger insists
for every member) plus, when the program allows an overdraft, a line
account holding what they owe the bank. A withdrawal takes the account
first and borrows the rest on the line, up to the cap; anything credited
later repays the line first. So a member who owes has an empty account,
their passbook balance is account + line, and the cap is kept by this
plan under the row locks taken before it runs (the ledger cannot keep it:
a line may go negative).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Purse:
    """A member's time as the plan sees it: what they hold and what they owe the bank."""

    balance: int = 0
    owed: int = 0

    def available(self, overdraft: int) -> int:
        return self.balance + overdraft - self.owed

    def credit(self, minutes: int) -> tuple[int, int]:
        """Minutes to (the account, the line): what comes in repays what is owed first."""
        repay = min(minutes, self.owed)
        self.owed -= repay
        self.balance += minutes - repay
        return minutes - repay, repay

    def debit(self, minutes: int, overdraft: int) -> tuple[int, int] | None:
        """Minutes taken from (the account, the line), or None when *minutes* exceed what is available."""
        if minutes > self.available(overdraft):
            return None
        taken = min(minutes, self.balance)
        self.balance -= taken
        self.owed += minutes - taken
        return -taken, -(minutes - taken)


@dataclass(frozen=True)
class Banked:
    """An approved record as the bank sees it: who served, who was served, how long."""

    record_id: int
    member_id: int
    served_member_id: int | None
    minutes: int


@dataclass(frozen=True)
class Move:
    """One transfer to make: signed minutes on a member's account and line; the bank takes the opposite."""

    key: str
    cause: str
    record_id: int
    member_id: int
    on_account: int
    on_line: int


@dataclass(frozen=True)
class Shortfall:
    record_id: int
    member_id: int
    needed: int
    available: int


@dataclass
class Plan:
    moves: list[Move]
    shortfalls: list[Shortfall]


def plan(items: Sequence[Banked], purses: Mapping[int, Purse], *, withdrawals: bool, overdraft: int) -> Plan:
    """Deposit each record for its volunteer and, with *withdrawals*, withdraw it from the served member.

    Records are taken in order, so a batch may fund a withdrawal with a
    deposit earlier in it. A withdrawal that does not fit is left out and
    reported as a shortfall; the caller refuses the batch or warns.
    """
    result = Plan([], [])
    for item in items:
        on_account, on_line = purses[item.member_id].credit(item.minutes)
        result.moves.append(Move(f"time:deposit:{item.record_id}", "time_deposit", item.record_id, item.member_id, on_account, on_line))
        served = item.served_member_id
        if not withdrawals or served is None:
            continue
        purse = purses[served]
        available = purse.available(overdraft)
        taken = purse.debit(item.minutes, overdraft)
        if taken is None:
            result.shortfalls.append(Shortfall(item.record_id, served, item.minutes, max(available, 0)))
        else:
            result.moves.append(Move(f"time:withdraw:{item.record_id}", "time_withdrawal", item.record_id, served, *taken))
    return result
