"""The double-entry, append-only points and time ledger (DESIGN.md, "Ledger").

Callers open accounts with :func:`account` (many at once with
:func:`open_accounts`), describe a transfer with
:class:`TransferRequest` and record it with :func:`post` (one at a time) or
:func:`post_many` (accrual batches). A mistake is undone by
:func:`reverse`, never by editing rows. :func:`balance` and
:func:`statement` explain any balance line by line; :func:`check_invariants`
proves the cached balances and the postings agree.
"""

from linli.core.ledger.accounts import NEVER_NEGATIVE_KINDS, OVERDRAFT_KINDS, account, open_accounts
from linli.core.ledger.bulk import post_many
from linli.core.ledger.errors import AlreadyReversed, InsufficientBalance, KeyReused, LedgerError
from linli.core.ledger.invariants import check_invariants
from linli.core.ledger.models import UNITS, Account, Posting, Transfer
from linli.core.ledger.posting import post, reverse
from linli.core.ledger.queries import StatementLine, balance, statement
from linli.core.ledger.requests import Leg, TransferRequest, content_hash

__all__ = [
    "NEVER_NEGATIVE_KINDS",
    "OVERDRAFT_KINDS",
    "UNITS",
    "Account",
    "AlreadyReversed",
    "InsufficientBalance",
    "KeyReused",
    "LedgerError",
    "Leg",
    "Posting",
    "StatementLine",
    "Transfer",
    "TransferRequest",
    "account",
    "balance",
    "check_invariants",
    "content_hash",
    "open_accounts",
    "post",
    "post_many",
    "reverse",
    "statement",
]
