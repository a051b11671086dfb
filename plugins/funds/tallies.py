"""What a fund backed in a budget window, counted once and then only from the transfers recorded since.

Summing a fund's postings in its window reads every credit it ever backed
there, once per approval batch: the default fund of a district year backs
most of a million credits, so approval cost grew with the year
(bench/district.py). Here each window's sum is kept as a :class:`Tally`
in the pooled connection's ``info`` (dropped with the connection, e.g.
when a restore disposes the pool), only once the transaction that read it
has committed, and the next batch adds the postings of later transfers.

The ledger is append-only, and every posting moves its account's balance
in the same transaction, so a tally is still whole when the account's
posting count and balance are what it saw plus what came since. A
concurrent writer that committed a lower transfer id after the tally was
read fails that test, and the window is summed again from the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from typing import Any, NamedTuple

from sqlalchemy import and_, case, event, func, select
from sqlalchemy.orm import Session

from linli.core.ledger import Posting, Transfer

# Where tallies live in ``Connection.info``: {(account id, since, until): Tally}.
INFO_KEY = "linli.funds.tallies"
# Where a session holds the tallies it read until its transaction ends: [(kept, read)].
PENDING = "linli.funds.tallies.pending"

Slot = tuple[int, dt.datetime, dt.datetime]


class Tally:
    """A window's sum as of one read, with the account's totals that prove it is still whole later."""

    __slots__ = ("in_window", "through", "postings", "balance")

    def __init__(self, in_window: int, through: int, postings: int, balance: int) -> None:
        self.in_window, self.through, self.postings, self.balance = in_window, through, postings, balance


class _Sums(NamedTuple):
    in_window: int
    total: int
    postings: int
    through: int


class Tallies:
    """The tallies of one write transaction: read from the connection, kept there once the transaction commits."""

    def __init__(self, session: Session) -> None:
        self.session = session
        info: MutableMapping[str, Any] = session.connection().info
        self.kept: dict[Slot, Tally] = info.setdefault(INFO_KEY, {})
        self.read: dict[Slot, Tally] = {}
        if PENDING not in session.info:
            session.info[PENDING] = []
            event.listen(session, "after_commit", _keep)
            event.listen(session, "after_rollback", _forget)
        session.info[PENDING].append((self.kept, self.read))

    def backed(self, account_id: int, balance: int, since: dt.datetime, until: dt.datetime) -> int:
        """Points the account backed in [since, until): minus its postings dated there.

        *balance* is the account's balance read under its row lock, in this transaction.
        """
        slot = (account_id, since, until)
        earlier = self.read.get(slot) or self.kept.get(slot)
        if earlier is not None:
            added = self._sums(account_id, since, until, after=earlier.through)
            postings = self.session.execute(select(func.count()).where(Posting.account_id == account_id)).scalar_one()
            if postings == earlier.postings + added.postings and balance == earlier.balance + added.total:
                tally = Tally(earlier.in_window + added.in_window, max(earlier.through, added.through), postings, balance)
                self.read[slot] = tally
                return -tally.in_window
        whole = self._sums(account_id, since, until, after=None)
        self.read[slot] = Tally(whole.in_window, whole.through, whole.postings, balance)
        return -whole.in_window

    def _sums(self, account_id: int, since: dt.datetime, until: dt.datetime, *, after: int | None) -> _Sums:
        dated = and_(Transfer.occurred_at >= since, Transfer.occurred_at < until)
        query = (
            select(
                func.coalesce(func.sum(case((dated, Posting.amount), else_=0)), 0),
                func.coalesce(func.sum(Posting.amount), 0),
                func.count(),
                func.coalesce(func.max(Posting.transfer_id), 0),
            )
            .join(Transfer, Transfer.id == Posting.transfer_id)
            .where(Posting.account_id == account_id)
        )
        if after is not None:
            query = query.where(Posting.transfer_id > after)
        in_window, total, postings, through = self.session.execute(query).one()
        return _Sums(int(in_window), int(total), int(postings), int(through))


def _keep(session: Session) -> None:
    """On commit (of the transaction, not of a savepoint inside it), what was read is whole: keep it."""
    if session.get_nested_transaction() is not None:
        return
    for kept, read in session.info.get(PENDING, []):
        kept.update(read)
    session.info[PENDING] = []


def _forget(session: Session) -> None:
    """On any rollback, savepoints included, nothing read in the transaction is kept (summed again next time)."""
    session.info[PENDING] = []
